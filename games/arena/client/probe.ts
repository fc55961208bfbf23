/** The arena's members of the test probe (`window.__game`, see client/debug/testProbe.ts). */
import type { ViewSession } from '../../../client/net/NetSession.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { arena, ArenaInfo } from '../index.ts';
import { PlayerKind, ProjectileKind } from '../shared/kinds.ts';
import type { GameMap } from '../shared/map.ts';

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

export interface ArenaProbe {
  /** The room's map, as sent in Welcome. */
  readonly map: GameMap;
  /** The own player's latest server state (null before the first state). */
  ownState(): OwnStateProbe | null;
  /** The other players as drawn now (interpolated). */
  remotePositions(): RemotePlayerProbe[];
  /** Projectiles as drawn now (interpolated). */
  projectiles(): ProjectileProbe[];
}

declare global {
  // oxlint-disable-next-line no-empty-interface
  interface GameProbeParts extends ArenaProbe {}
}

export function arenaProbe(session: ViewSession<typeof arena>, clock: Clock): ArenaProbe {
  return {
    get map() {
      return (session.welcome.info as ArenaInfo).map;
    },
    ownState: () => {
      const o = session.own;
      return o ? { hp: o.hp, alive: o.alive, kills: o.kills, deaths: o.deaths } : null;
    },
    remotePositions: () =>
      session
        .drawn(PlayerKind, clock.now())
        .filter((e) => e.id !== session.playerId)
        .map((e) => ({ id: e.id, name: e.name, x: e.x, y: e.y, aim: e.aim, hp: e.hp, alive: e.alive })),
    projectiles: () => session.drawn(ProjectileKind, clock.now()).map((e) => ({ id: e.id, owner: e.owner, x: e.x, y: e.y })),
  };
}
