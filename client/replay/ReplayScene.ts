/**
 * The replay viewer's Phaser scene: the game's own view (its client entry, as in the live game)
 * drawing from the Playback's session on the Playback's clock. Each frame the clock moves, the
 * session gets its states, the free camera pans (drag, arrow keys), and the view draws. Nothing
 * is sampled or sent. When the Playback needs a new session (a seek back, a change of whose view)
 * the scene restarts: the view and everything it drew go, and create makes them again.
 */
import Phaser from 'phaser';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { ViewSession } from '../net/NetSession.ts';
import type { GameClientEntry, GameView, Point } from '../shell/GameClientEntry.ts';
import { isTyping, worldToScreen } from '../shell/page.ts';
import type { Playback } from './Playback.ts';

/** A frame longer than this counts as this long (tab switched away, debugger). */
const MAX_FRAME_MS = 250;
/** Arrow-key panning of the free camera, screen pixels per second. */
const PAN_PX_PER_SEC = 900;
const PAN_KEYS: Readonly<Record<string, readonly [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export interface ReplaySceneDeps<G extends AnyGame> {
  entry: GameClientEntry<G>;
  playback: Playback<G>;
  hudRoot: HTMLElement;
  /** After each frame is drawn (the control bar follows the playback). */
  onFrame: () => void;
  /** The game's view could not be made for this recording. */
  onViewError: (message: string) => void;
}

export class ReplayScene<G extends AnyGame = AnyGame> extends Phaser.Scene {
  view: GameView<G> | null = null;
  session: ViewSession<G> | null = null;
  frames = 0;
  /** Times the view was made (the first, then after each seek back or change of view). */
  builds = 0;
  private lastFrameAtMs: number | null = null;
  /** The free camera's centre, kept across restarts. */
  private freeCenter: Point | null = null;
  private readonly held = new Set<string>();
  private readonly onKey = (e: KeyboardEvent): void => {
    if (!(e.key in PAN_KEYS)) return;
    if (e.type === 'keyup') this.held.delete(e.key);
    else if (!controlFocused()) {
      this.held.add(e.key);
      e.preventDefault();
    }
  };
  private readonly onBlur = (): void => this.held.clear();

  constructor(private readonly deps: ReplaySceneDeps<G>) {
    super({ key: `replay-${deps.entry.game.name}` });
  }

  create(): void {
    const { entry, playback, hudRoot } = this.deps;
    this.input.mouse?.disableContextMenu();
    if (entry.background) this.cameras.main.setBackgroundColor(entry.background);
    this.lastFrameAtMs = null;
    const session = playback.open();
    this.session = session;
    try {
      this.view = entry.createView({ scene: this, session, hud: hudRoot, clock: playback.clock, worldToScreen: (x, y) => worldToScreen(this, x, y), typing: isTyping });
    } catch (e) {
      this.view = null;
      this.deps.onViewError(`the game's view cannot draw this recording (${String((e as Error).message ?? e).slice(0, 160)})`);
      return;
    }
    this.builds++;
    const view = this.view;
    playback.catchUp((a, nowMs) => view.announce?.(a, nowMs));
    if (playback.follow === 0 && this.freeCenter) this.cameras.main.centerOn(this.freeCenter.x, this.freeCenter.y);
    this.input.on(Phaser.Input.Events.POINTER_MOVE, (p: Phaser.Input.Pointer) => this.drag(p));
    // A click on the world takes the keys from the controls (the arrows pan then, not change a list).
    this.input.on(Phaser.Input.Events.POINTER_DOWN, () => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('keyup', this.onKey);
    window.addEventListener('blur', this.onBlur);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      window.removeEventListener('keydown', this.onKey);
      window.removeEventListener('keyup', this.onKey);
      window.removeEventListener('blur', this.onBlur);
      this.held.clear();
      this.view?.destroy?.();
      this.view = null;
    });
  }

  override update(): void {
    const { playback } = this.deps;
    if (playback.needsRebuild) {
      // The camera stays where it is when the free camera takes over (it is gone by SHUTDOWN).
      const mid = this.cameras.main.midPoint;
      this.freeCenter = { x: mid.x, y: mid.y };
      this.scene.restart();
      return;
    }
    const view = this.view;
    if (!view) return;
    const nowReal = performance.now();
    const realMs = this.lastFrameAtMs === null ? 0 : Math.min(nowReal - this.lastFrameAtMs, MAX_FRAME_MS);
    this.lastFrameAtMs = nowReal;
    playback.frame(realMs);
    if (playback.needsRebuild) return;
    this.pan(realMs);
    view.frame({ nowMs: playback.clock.now(), frameMs: realMs, tickFraction: playback.at - Math.floor(playback.at) });
    this.frames++;
    this.deps.onFrame();
  }

  /** Page (CSS pixel) position of a world point under the main camera. */
  worldToScreen(x: number, y: number): Point | null {
    return worldToScreen(this, x, y);
  }

  /** Dragging moves the camera; dragging while following a player lets go of it (free camera from there). */
  private drag(p: Phaser.Input.Pointer): void {
    if (!p.isDown) return;
    const dx = p.position.x - p.prevPosition.x;
    const dy = p.position.y - p.prevPosition.y;
    if (dx === 0 && dy === 0) return;
    this.toFree();
    const cam = this.cameras.main;
    cam.scrollX -= dx / cam.zoom;
    cam.scrollY -= dy / cam.zoom;
  }

  private pan(realMs: number): void {
    if (this.held.size === 0) return;
    let dx = 0;
    let dy = 0;
    for (const k of this.held) {
      dx += PAN_KEYS[k]![0];
      dy += PAN_KEYS[k]![1];
    }
    if (dx === 0 && dy === 0) return;
    this.toFree();
    const cam = this.cameras.main;
    const step = (PAN_PX_PER_SEC * realMs) / 1000 / cam.zoom;
    cam.scrollX += dx * step;
    cam.scrollY += dy * step;
  }

  /** Let go of the followed player; the camera stays where it is. */
  private toFree(): void {
    const { playback } = this.deps;
    if (playback.follow === 0) return;
    playback.setFollow(0);
  }
}

/** Keys go to a control of the page (the seek bar, a field, a list) rather than the camera. */
function controlFocused(): boolean {
  const el = document.activeElement;
  return isTyping() || el instanceof HTMLSelectElement;
}
