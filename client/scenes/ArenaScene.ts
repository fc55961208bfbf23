/**
 * The arena scene. Each frame: ping when due, run the fixed-step accumulator that samples and
 * sends one input per server tick (with prediction), then draw the own player where the
 * Predictor says (advanced into the current tick with the keys held now, so a key press shows
 * on the very next frame), everyone else where the Interpolator says, and move the camera.
 * F3 toggles the net-stats overlay.
 */
import Phaser from 'phaser';
import type { Clock } from '../../shared/clock.ts';
import { KIND } from '../../games/arena/shared/kinds.ts';
import { InputSampler } from '../input/InputSampler.ts';
import type { NetSession } from '../net/NetSession.ts';
import { drawMap } from '../render/MapView.ts';
import { PALETTE } from '../render/palette.ts';
import { PlayersLayer } from '../render/PlayersLayer.ts';
import type { PlayerLook } from '../render/PlayerSprite.ts';
import { ProjectilesLayer, type ProjectileLook } from '../render/ProjectilesLayer.ts';
import type { OffscreenPlayer } from '../ui/EdgeArrows.ts';
import type { Hud } from '../ui/Hud.ts';
import type { NetStats } from '../net/NetStats.ts';
import type { NetStatsOverlay } from '../ui/NetStatsOverlay.ts';
import type { ArenaInfo } from '../../games/arena/index.ts';

/** At most this many ticks are caught up in one frame; the rest are dropped (and counted). */
const MAX_TICKS_PER_FRAME = 4;
/** A frame longer than this counts as this long (tab switched away, debugger). */
const MAX_FRAME_MS = 250;
const CAMERA_MARGIN = 300;

export interface FrameStats {
  frames: number;
  ticksSent: number;
  ticksDropped: number;
  /** Frames per second and the mean frame time over the last second (NaN before a second has passed). */
  fps: number;
  frameMs: number;
}

export interface ArenaSceneDeps {
  session: NetSession;
  hud: Hud;
  clock: Clock;
  stats: FrameStats;
  netStats: NetStats;
  overlay: NetStatsOverlay;
}

export class ArenaScene extends Phaser.Scene {
  private accMs = 0;
  private players!: PlayersLayer;
  private projectiles!: ProjectilesLayer;
  private sampler!: InputSampler;
  private drawnSelf: { x: number; y: number } | null = null;

  /** Where the own player was drawn in the last frame (null before it is). */
  get drawnOwnPosition(): { x: number; y: number } | null {
    return this.drawnSelf;
  }
  private lastFrameAtMs: number | null = null;

  constructor(private readonly deps: ArenaSceneDeps) {
    super({ key: 'arena' });
  }

  create(): void {
    const { session } = this.deps;
    const map = (session.welcome.info as ArenaInfo).map;
    drawMap(this, map);
    this.players = new PlayersLayer(this, session.playerId);
    this.projectiles = new ProjectilesLayer(this, session.playerId);
    this.sampler = new InputSampler(this);
    const cam = this.cameras.main;
    cam.setBackgroundColor(PALETTE.background);
    cam.setBounds(-CAMERA_MARGIN, -CAMERA_MARGIN, map.width + 2 * CAMERA_MARGIN, map.height + 2 * CAMERA_MARGIN);
    cam.centerOn(map.width / 2, map.height / 2);
    this.input.mouse?.disableContextMenu();
  }

  /** Phaser's own delta is smoothed; inputs must follow the real clock (the server's ticks do). */
  override update(): void {
    const { session, stats, clock } = this.deps;
    const predictor = session.predictor;
    const nowMs = clock.now();
    const frameMs = this.lastFrameAtMs === null ? 0 : Math.min(nowMs - this.lastFrameAtMs, MAX_FRAME_MS);
    this.lastFrameAtMs = nowMs;
    stats.frames++;
    this.countFrame(nowMs);
    session.client.maybePing();
    session.client.checkLiveness();
    this.runTicks(frameMs);
    predictor.advanceFrame(frameMs / 1000);

    const looks = new Map<number, PlayerLook>();
    const shots: ProjectileLook[] = [];
    for (const e of session.remote(nowMs).values()) {
      if (e.kind === KIND.Player) looks.set(e.id, { ...e, respawnInSec: e.alive ? null : session.respawnInSec(e.id, nowMs) });
      else shots.push(e);
    }
    const own = session.own;
    const selfRespawn = own && !own.alive ? session.respawnInSec(own.id, nowMs) : null;
    if (own && predictor.ready) {
      const held = this.sampler.sample(predictor.position.x, predictor.position.y);
      const pos = predictor.renderAhead(held, this.accMs / session.tickMs);
      this.drawnSelf = pos;
      const aim = this.sampler.sample(pos.x, pos.y).aim;
      looks.set(own.id, { x: pos.x, y: pos.y, aim, hp: own.hp, alive: own.alive, name: own.name, respawnInSec: selfRespawn });
      this.cameras.main.centerOn(pos.x, pos.y);
    }
    this.deps.netStats.sample(nowMs);
    this.deps.overlay.update(nowMs, () => this.deps.netStats.read(), stats);
    const view = this.cameras.main.worldView;
    this.players.render(looks, view);
    this.projectiles.render(shots);
    this.deps.hud.update({
      selfId: session.playerId,
      roomId: session.roomId,
      players: session.players,
      rttMs: session.client.rttMs,
      connected: session.client.isOpen,
      stalled: session.client.stalled,
      reconnecting: session.client.reconnecting,
      respawnInSec: selfRespawn,
      dots: [...looks].map(([id, l]) => ({ x: l.x, y: l.y, alive: l.alive, self: id === session.playerId })),
      offscreen: this.offscreen(looks, session.playerId),
      nowMs,
    });
  }

  /** The other living players outside the camera's view, in page pixels, with their distance. */
  private offscreen(looks: ReadonlyMap<number, PlayerLook>, selfId: number): OffscreenPlayer[] {
    const view = this.cameras.main.worldView;
    const self = this.drawnSelf;
    const out: OffscreenPlayer[] = [];
    for (const [id, l] of looks) {
      if (id === selfId || !l.alive || view.contains(l.x, l.y)) continue;
      const p = this.worldToScreen(l.x, l.y);
      if (p) out.push({ x: p.x, y: p.y, dist: self ? Math.hypot(l.x - self.x, l.y - self.y) : 0 });
    }
    return out;
  }

  private fpsWindow = { startMs: NaN, frames: 0 };

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

  /** Page (CSS pixel) position of a world point under the current camera; null before create. */
  worldToScreen(x: number, y: number): { x: number; y: number } | null {
    const cam = this.cameras?.main;
    if (!cam) return null;
    const rect = this.game.canvas.getBoundingClientRect();
    const sx = rect.width / this.scale.width;
    const sy = rect.height / this.scale.height;
    return { x: rect.left + (cam.x + (x - cam.worldView.x) * cam.zoom) * sx, y: rect.top + (cam.y + (y - cam.worldView.y) * cam.zoom) * sy };
  }

  /** The fixed-step accumulator: one sampled input per server tick. */
  private runTicks(frameMs: number): void {
    const { session, stats } = this.deps;
    this.accMs += frameMs + session.takeSendShiftMs();
    let ticks = 0;
    while (this.accMs >= session.tickMs && ticks < MAX_TICKS_PER_FRAME) {
      this.accMs -= session.tickMs;
      const from = this.drawnSelf ?? session.predictor.position;
      session.sendInput(this.sampler.sample(from.x, from.y));
      stats.ticksSent++;
      ticks++;
    }
    if (this.accMs >= session.tickMs) {
      stats.ticksDropped += Math.floor(this.accMs / session.tickMs);
      this.accMs %= session.tickMs;
    }
  }
}
