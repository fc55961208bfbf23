/**
 * The arena: a top-down shooter for up to 16 (300 on the large map). Players move with a stick,
 * aim, and fire projectiles; hits are lag-compensated; a kill feed is announced. This file is the
 * game's definition for the engine (docs/game-api.md); the rules are in ./shared.
 */
import { defineGame } from '../../shared/game/defineGame.ts';
import { axis, button, defineInput, heading } from '../../shared/game/inputs.ts';
import { BOTS } from './shared/bots.ts';
import { arenaPredict } from './shared/predict.ts';
import { KINDS, PlayerKind, ProjectileKind, POS_SCALE } from './shared/kinds.ts';
import { generateMap, type GameMap } from './shared/map.ts';
import { addPlayer, removePlayer, step } from './shared/step.ts';
import { createWorld, freeId, type GameEvent, type Player, type World } from './shared/world.ts';

export interface ArenaParams {
  width: number;
  height: number;
  /** Obstacles per million square units (default: the map generator's; 0: an open arena). */
  obstacleDensity?: number;
}

/** What the Welcome carries: the map (the client draws it and predicts against its obstacles). */
export interface ArenaInfo {
  map: GameMap;
}

export const arenaInput = defineInput({ mx: axis(), my: axis(), aim: heading(), fire: button() });

/** View half-extents of arena-large: a 1920×1080 screen at zoom 1 shows 960×540 of each side. */
export const LARGE_ARENA_VIEW = { halfWidth: 1000, halfHeight: 700, margin: 150 } as const;

export const arena = defineGame({
  name: 'arena',
  title: 'Arena',
  version: '1',
  kinds: KINDS,
  seat: PlayerKind,
  input: arenaInput,
  rooms: {
    arena: { capacity: 16, tickRate: 30, params: { width: 2400, height: 2400 } as ArenaParams, description: 'free-for-all shooter for up to 16' },
    // A big map where each client sees only what is around it (interest management).
    'arena-large': { capacity: 300, tickRate: 30, params: { width: 8000, height: 8000 }, aoi: LARGE_ARENA_VIEW, description: 'a large map for up to 300: each player sees what is near' },
  },
  create(params: ArenaParams, seed: number): World {
    const map = generateMap(seed, { width: params.width, height: params.height, ...(params.obstacleDensity !== undefined ? { obstacleDensity: params.obstacleDensity } : {}) });
    return createWorld(map, seed);
  },
  step: (world, inputs, dtSec): readonly GameEvent[] => step(world, inputs, dtSec),
  write(world, out) {
    const p = out.slots(PlayerKind);
    const names = out.texts(PlayerKind);
    // In PlayerSchema's field order (checked by a test); vx, vy are observed and ack, ackRate the engine's.
    for (const q of world.players.values()) {
      p[0] = q.x;
      p[1] = q.y;
      p[2] = 0;
      p[3] = 0;
      p[4] = q.aim;
      p[7] = q.hp;
      p[8] = q.alive ? 1 : 0;
      p[9] = q.kills;
      p[10] = q.deaths;
      names[11] = q.name;
      out.put(PlayerKind, q.id, q.born);
    }
    const s = out.slots(ProjectileKind);
    const shots = world.projectiles;
    // A new projectile's velocity is its first step (wire units per tick); later ones are observed.
    const perTick = world.dtSec * POS_SCALE;
    for (let r = 0; r < shots.n; r++) {
      s[0] = shots.x[r]!;
      s[1] = shots.y[r]!;
      s[2] = shots.vx[r]! * perTick;
      s[3] = shots.vy[r]! * perTick;
      s[4] = shots.owner[r]!;
      out.put(ProjectileKind, shots.id[r]!, shots.born[r]!);
    }
  },
  seats: {
    join: (world, name) => addPlayer(world, name).id,
    leave: (world, id) => removePlayer(world, id),
    hold(world, id): Player {
      const p = world.players.get(id)!;
      // Out of the world, but its id stays reserved (not freed for reuse) while it is held.
      world.players.delete(id);
      return p;
    },
    restore: (world, held) => void world.players.set(held.id, held),
    expire: (world, held) => freeId(world, held.id),
  },
  welcome: (world): ArenaInfo => ({ map: world.map }),
  announce: (e, nameOf) => (e.type === 'kill' ? { type: 'kill', killer: e.killer, victim: e.victim, killerName: nameOf(e.killer), victimName: nameOf(e.victim) } : null),
  predict: arenaPredict,
  bots: BOTS,
});

export default arena;
