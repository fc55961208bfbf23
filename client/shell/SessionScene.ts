/**
 * The shell's Phaser scene, the same for every game. Each frame: ping when due, check the
 * connection's liveness, run the fixed-step accumulator that samples the game's input and sends
 * it once per server tick (with prediction), let the prediction's correction decay, then let the
 * game's view draw; the F3 overlay and the status line follow. The game's view (its client
 * entry) is created in `create`, when the scene can draw.
 */
import Phaser from 'phaser';
import type { Clock } from '../../shared/clock.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { NetSession } from '../net/NetSession.ts';
import type { NetStats } from '../net/NetStats.ts';
import type { NetStatsOverlay } from '../ui/NetStatsOverlay.ts';
import type { StatusLine } from '../ui/StatusLine.ts';
import { isTyping, worldToScreen } from './page.ts';
import type { GameClientEntry, GameView, Point } from './GameClientEntry.ts';

/** At most this many ticks are caught up in one frame; the rest are dropped (and counted). */
const MAX_TICKS_PER_FRAME = 4;
/** A frame longer than this counts as this long (tab switched away, debugger). */
const MAX_FRAME_MS = 250;

export interface FrameStats {
  frames: number;
  ticksSent: number;
  ticksDropped: number;
  /** Frames per second and the mean frame time over the last second (NaN before a second has passed). */
  fps: number;
  frameMs: number;
}

export interface SessionSceneDeps<G extends AnyGame> {
  entry: GameClientEntry<G>;
  session: NetSession<G>;
  hudRoot: HTMLElement;
  status: StatusLine;
  clock: Clock;
  stats: FrameStats;
  netStats: NetStats;
  overlay: NetStatsOverlay;
}

export class SessionScene<G extends AnyGame = AnyGame> extends Phaser.Scene {
  private accMs = 0;
  private lastFrameAtMs: number | null = null;
  private fpsWindow = { startMs: NaN, frames: 0 };
  /** The game's view (null before create). */
  view: GameView<G> | null = null;

  constructor(private readonly deps: SessionSceneDeps<G>) {
    super({ key: deps.entry.game.name });
  }

  create(): void {
    const { entry, session, hudRoot, clock } = this.deps;
    this.input.mouse?.disableContextMenu();
    if (entry.background) this.cameras.main.setBackgroundColor(entry.background);
    this.view = entry.createView({ scene: this, session, hud: hudRoot, clock, worldToScreen: (x, y) => worldToScreen(this, x, y), typing: isTyping });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.view?.destroy?.());
  }

  /** Phaser's own delta is smoothed; inputs must follow the real clock (the server's ticks do). */
  override update(): void {
    const view = this.view;
    if (!view) return;
    const { session, stats, clock } = this.deps;
    const nowMs = clock.now();
    const frameMs = this.lastFrameAtMs === null ? 0 : Math.min(nowMs - this.lastFrameAtMs, MAX_FRAME_MS);
    this.lastFrameAtMs = nowMs;
    stats.frames++;
    this.countFrame(nowMs);
    session.client.maybePing();
    session.client.checkLiveness();
    this.runTicks(view, frameMs);
    session.predictor?.advanceFrame(frameMs / 1000);
    view.frame({ nowMs, frameMs, tickFraction: this.accMs / session.tickMs });
    this.deps.netStats.sample(nowMs);
    this.deps.overlay.update(nowMs, () => this.deps.netStats.read(), stats);
    this.deps.status.update(session.client, session.roomId);
  }

  /** Page (CSS pixel) position of a world point under the main camera; null before create. */
  worldToScreen(x: number, y: number): Point | null {
    return worldToScreen(this, x, y);
  }

  /** Frames per second and mean frame time, over windows of about a second. */
  private countFrame(nowMs: number): void {
    const w = this.fpsWindow;
    if (Number.isNaN(w.startMs)) w.startMs = nowMs;
    w.frames++;
    const spanMs = nowMs - w.startMs;
    if (spanMs >= 1000) {
      this.deps.stats.fps = (1000 * (w.frames - 1)) / spanMs;
      this.deps.stats.frameMs = spanMs / Math.max(1, w.frames - 1);
      w.startMs = nowMs;
      w.frames = 1;
    }
  }

  /** The fixed-step accumulator: one sampled input per server tick. */
  private runTicks(view: GameView<G>, frameMs: number): void {
    const { session, stats } = this.deps;
    this.accMs += frameMs + session.takeSendShiftMs();
    let ticks = 0;
    while (this.accMs >= session.tickMs && ticks < MAX_TICKS_PER_FRAME) {
      this.accMs -= session.tickMs;
      session.sendInput(view.sample());
      stats.ticksSent++;
      ticks++;
    }
    if (this.accMs >= session.tickMs) {
      stats.ticksDropped += Math.floor(this.accMs / session.tickMs);
      this.accMs %= session.tickMs;
    }
  }
}
