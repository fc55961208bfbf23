/**
 * A read-only view of the running game on `window.__game`, so browser tests (and curious
 * players in the console) can read state without scraping pixels.
 */
import type { Clock } from '../../shared/clock.ts';
import { KIND } from '../../games/arena/shared/kinds.ts';
import type { GameMap } from '../../games/arena/shared/map.ts';
import type { NetSession } from '../net/NetSession.ts';
import type { FrameStats } from '../scenes/ArenaScene.ts';
import type { NetStatsView } from '../net/NetStats.ts';
import type { ArenaInfo } from '../../games/arena/index.ts';

export interface RemotePlayerProbe {
  id: number;
  name: string;
  x: number;
  y: number;
  aim: number;
  hp: number;
  alive: boolean;
}

export interface ProjectileProbe {
  id: number;
  owner: number;
  x: number;
  y: number;
}

export interface OwnStateProbe {
  hp: number;
  alive: boolean;
  kills: number;
  deaths: number;
}

export type Point = { x: number; y: number };

export interface GameProbe {
  readonly playerId: number;
  readonly roomId: string;
  readonly connected: boolean;
  /** The server has gone silent on an open connection (GameClient.stalled). */
  readonly stalled: boolean;
  /** The own player's name as the server has it. */
  readonly name: string;
  /** Frames per second over the last second (NaN before). */
  readonly fps: number;
  /** Round-trip time in ms, as the HUD and the overlay show it (NaN until the first pong). */
  readonly rttMs: number;
  readonly frames: number;
  readonly ticksSent: number;
  readonly renderer: 'webgl' | 'canvas' | 'unknown';
  /** The room's map, as sent in Welcome. */
  readonly map: GameMap;
  /** The own player's predicted position (null before the first state). */
  ownPosition(): Point | null;
  /** The own player's latest server state (null before the first state). */
  ownState(): OwnStateProbe | null;
  /** The other players as drawn now (interpolated). */
  remotePositions(): RemotePlayerProbe[];
  /** Projectiles as drawn now (interpolated). */
  projectiles(): ProjectileProbe[];
  /** Where a world point is on the page (CSS pixels), for pointing the mouse at it. */
  worldToScreen(x: number, y: number): Point | null;
  predictorStats(): Readonly<Record<string, number>>;
  /** Where the own player was drawn in the last frame (render position, with smoothing). */
  drawnOwnPosition(): Point | null;
  /** The figures of the F3 overlay. */
  netStats(): NetStatsView;
  /** The overlay's text while it is shown (null when hidden). */
  overlayText(): string | null;
}

declare global {
  interface Window {
    __game?: GameProbe;
  }
}

export interface ProbeSources {
  session: NetSession;
  stats: FrameStats;
  clock: Clock;
  renderer: () => GameProbe['renderer'];
  worldToScreen: (x: number, y: number) => Point | null;
  drawnOwnPosition: () => Point | null;
  netStats: () => NetStatsView;
  overlayText: () => string | null;
}

export function createProbe(src: ProbeSources): GameProbe {
  const { session, stats, clock } = src;
  return {
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
      return session.own?.name ?? '';
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
    get map() {
      return (session.welcome.info as ArenaInfo).map;
    },
    ownPosition: () => (session.predictor.ready ? session.predictor.position : null),
    ownState: () => {
      const o = session.own;
      return o ? { hp: o.hp, alive: o.alive, kills: o.kills, deaths: o.deaths } : null;
    },
    remotePositions: () => {
      const out: RemotePlayerProbe[] = [];
      for (const e of session.remote(clock.now()).values()) {
        if (e.kind === KIND.Player) out.push({ id: e.id, name: e.name, x: e.x, y: e.y, aim: e.aim, hp: e.hp, alive: e.alive });
      }
      return out;
    },
    projectiles: () => {
      const out: ProjectileProbe[] = [];
      for (const e of session.remote(clock.now()).values()) {
        if (e.kind === KIND.Projectile) out.push({ id: e.id, owner: e.owner, x: e.x, y: e.y });
      }
      return out;
    },
    worldToScreen: (x, y) => src.worldToScreen(x, y),
    predictorStats: () => ({ ...session.predictor.stats, pending: session.predictor.pendingCount }),
    drawnOwnPosition: () => src.drawnOwnPosition(),
    netStats: () => src.netStats(),
    overlayText: () => src.overlayText(),
  };
}
