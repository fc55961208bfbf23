/**
 * A read-only view of the running game on `window.__game`, so browser tests (and curious
 * players in the console) can read state without scraping pixels. The shell's part is the same
 * for every game; a game's view adds its own members (GameView.probe), declared by the game on
 * the global `GameProbeParts` interface:
 *
 *   declare global { interface GameProbeParts extends PongProbe {} }
 */
import type { Clock } from '../../shared/clock.ts';
import type { NetSession } from '../net/NetSession.ts';
import type { NetStatsView } from '../net/NetStats.ts';
import type { FrameStats } from '../shell/SessionScene.ts';
import type { Point } from '../shell/GameClientEntry.ts';

export type { Point };

export interface ShellProbe {
  /** The game's name (Welcome.game). */
  readonly game: string;
  readonly playerId: number;
  readonly roomId: string;
  readonly connected: boolean;
  /** The server has gone silent on an open connection (GameClient.stalled). */
  readonly stalled: boolean;
  /** The own seat entity's name as the server has it ('' when its kind has no name). */
  readonly name: string;
  /** Frames per second over the last second (NaN before). */
  readonly fps: number;
  /** Round-trip time in ms, as the HUD and the overlay show it (NaN until the first pong). */
  readonly rttMs: number;
  readonly frames: number;
  readonly ticksSent: number;
  readonly renderer: 'webgl' | 'canvas' | 'unknown';
  /** The own seat entity's position: predicted when the game predicts, else as drawn (null before the first state). */
  ownPosition(): Point | null;
  /** Where a world point is on the page (CSS pixels), for pointing the mouse at it. */
  worldToScreen(x: number, y: number): Point | null;
  predictorStats(): Readonly<Record<string, number>>;
  /** Where the own entity was drawn in the last frame (render position, with smoothing). */
  drawnOwnPosition(): Point | null;
  /** The figures of the F3 overlay. */
  netStats(): NetStatsView;
  /** The overlay's text while it is shown (null when hidden). */
  overlayText(): string | null;
}

declare global {
  /**
   * What the games add to the probe (each game's client entry extends it). The type holds every
   * installed game's members; the running game's are there (a test knows which game it plays).
   */
  // oxlint-disable-next-line no-empty-interface
  interface GameProbeParts {}
  interface Window {
    __game?: GameProbe;
  }
}

export type GameProbe = ShellProbe & GameProbeParts;

export interface ProbeSources {
  session: NetSession;
  stats: FrameStats;
  clock: Clock;
  renderer: () => ShellProbe['renderer'];
  worldToScreen: (x: number, y: number) => Point | null;
  drawnOwnPosition: () => Point | null;
  netStats: () => NetStatsView;
  overlayText: () => string | null;
}

export function createProbe(src: ProbeSources, parts: object = {}): GameProbe {
  const { session, stats, clock } = src;
  const shell: ShellProbe = {
    get game() {
      return session.game.name;
    },
    get playerId() {
      return session.playerId;
    },
    get roomId() {
      return session.roomId;
    },
    get connected() {
      return session.client.isOpen;
    },
    get stalled() {
      return session.client.stalled;
    },
    get name() {
      const name = (session.own as Record<string, unknown> | null)?.['name'];
      return typeof name === 'string' ? name : '';
    },
    get fps() {
      return stats.fps;
    },
    get rttMs() {
      return session.client.rttMs;
    },
    get frames() {
      return stats.frames;
    },
    get ticksSent() {
      return stats.ticksSent;
    },
    get renderer() {
      return src.renderer();
    },
    ownPosition: () => {
      const p = session.predictor;
      if (p) return p.ready ? p.position : null;
      const own = session.sample(clock.now()).get(session.playerId) as { x?: number; y?: number } | undefined;
      return own && typeof own.x === 'number' && typeof own.y === 'number' ? { x: own.x, y: own.y } : null;
    },
    worldToScreen: (x, y) => src.worldToScreen(x, y),
    predictorStats: () => (session.predictor ? { ...session.predictor.stats, pending: session.predictor.pendingCount } : {}),
    drawnOwnPosition: () => src.drawnOwnPosition(),
    netStats: () => src.netStats(),
    overlayText: () => src.overlayText(),
  };
  // The game's members next to the shell's (getters kept: copied as property descriptors).
  return Object.defineProperties(shell, Object.getOwnPropertyDescriptors(parts)) as GameProbe;
}
