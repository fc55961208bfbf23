/**
 * A read-only view of the running game on `window.__game`, so browser tests (and curious
 * players in the console) can read state without scraping pixels.
 */
import type { Clock } from '../../shared/clock.ts';
import { KIND } from '../../shared/entities.ts';
import type { GameMap } from '../../shared/sim/map.ts';
import type { NetSession } from '../net/NetSession.ts';
import type { FrameStats } from '../scenes/ArenaScene.ts';

export interface RemotePlayerProbe {
  id: number;
  name: string;
  x: number;
  y: number;
  hp: number;
  alive: boolean;
}

export interface GameProbe {
  readonly playerId: number;
  readonly roomId: string;
  readonly connected: boolean;
  /** Smoothed round-trip time in ms (NaN until the first pong). */
  readonly rttMs: number;
  readonly frames: number;
  readonly ticksSent: number;
  readonly renderer: 'webgl' | 'canvas' | 'unknown';
  /** The room's map, as sent in Welcome. */
  readonly map: GameMap;
  /** The own player's predicted position (null before the first state). */
  ownPosition(): { x: number; y: number } | null;
  /** The other players as drawn now (interpolated). */
  remotePositions(): RemotePlayerProbe[];
  predictorStats(): Readonly<Record<string, number>>;
}

declare global {
  interface Window {
    __game?: GameProbe;
  }
}

export function createProbe(session: NetSession, stats: FrameStats, clock: Clock, renderer: () => GameProbe['renderer']): GameProbe {
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
    get rttMs() {
      return session.client.smoothedRttMs;
    },
    get frames() {
      return stats.frames;
    },
    get ticksSent() {
      return stats.ticksSent;
    },
    get renderer() {
      return renderer();
    },
    get map() {
      return session.welcome.map;
    },
    ownPosition: () => (session.predictor.ready ? session.predictor.position : null),
    remotePositions: () => {
      const out: RemotePlayerProbe[] = [];
      for (const e of session.remote(clock.now()).values()) {
        if (e.kind === KIND.Player) out.push({ id: e.id, name: e.name, x: e.x, y: e.y, hp: e.hp, alive: e.alive });
      }
      return out;
    },
    predictorStats: () => ({ ...session.predictor.stats, pending: session.predictor.pendingCount }),
  };
}
