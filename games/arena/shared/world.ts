/** The simulation state of one arena, and the rules' constants. Plain data, no behaviour. */
import type { GameMap } from './map.ts';
import { createRng, type RngState } from '../../../shared/util/rng.ts';
import { ObstacleIndex } from './obstacleIndex.ts';
import { PlayerGrid } from './playerGrid.ts';
import { PositionHistory } from './history.ts';
import { ProjectileTable } from './projectileTable.ts';

export const RULES = {
  playerRadius: 20,
  playerSpeed: 260, // units per second
  maxHp: 100,
  fireIntervalSec: 0.25,
  projectileSpeed: 900,
  projectileLifetimeSec: 1.2,
  projectileRadius: 4,
  projectileDamage: 25,
  respawnDelaySec: 3,
} as const;

export interface Player {
  id: number;
  /** Tick the entity was created at: with the id, it tells one entity from a later one that reuses the id. */
  born: number;
  name: string;
  x: number;
  y: number;
  aim: number;
  hp: number;
  alive: boolean;
  kills: number;
  deaths: number;
  /** Sequence number of the last input a tick took for this player (applied, or dropped while dead). */
  lastInput: number;
  /** The tick that took it (0: none yet). */
  lastInputTick: number;
  respawnInSec: number;
  fireCooldownSec: number;
}

/** A projectile as an object (the world keeps them as rows of a ProjectileTable). */
export interface Projectile {
  id: number;
  born: number;
  owner: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
  ttlSec: number;
  /**
   * Lag compensation: this projectile's hit tests see the players as they were this many ticks
   * before the tick being simulated (the shooter's view delay when it fired; 0: as they are now).
   */
  rewindTicks: number;
}

/** One sampled input of one player. Values are already validated and clamped. */
export type Input = {
  seq: number;
  /** Move vector, each component in [-1, 1]; its length is capped at 1 by the simulation. */
  mx: number;
  my: number;
  /** Aim angle in radians. */
  aim: number;
  fire: boolean;
  /**
   * Lag compensation for a shot fired by this input: how many ticks (fractional) behind the
   * simulated tick the shooter saw the other players. Set by the server from the client's
   * reported view tick, already bounded; absent or 0: no rewind.
   */
  rewindTicks?: number;
};

/**
 * Each player's inputs for one step, by player id (a Map is one). The step asks once per player
 * and applies the list before it asks for the next player's, so an implementation may return the
 * same reused list every time (the server's tick does: see Room).
 */
export interface InputsById {
  get(id: number): readonly Input[] | undefined;
}

/**
 * A tick's inputs in an array indexed by player id (ids are small: they are reused), reused tick
 * after tick: setting and clearing them allocates nothing, unlike a Map cleared every tick.
 */
export type GameEvent =
  | { type: 'kill'; killer: number; victim: number }
  | { type: 'hit'; shooter: number; target: number; damage: number; projectile: number; firedAtTick: number }
  | { type: 'respawn'; player: number };

export interface World {
  tick: number;
  /** The last step's dtSec (a new projectile's first step, written as its velocity). */
  dtSec: number;
  map: GameMap;
  obstacles: ObstacleIndex;
  /** Scratch index of living players for hit tests, rebuilt every tick (derived, not state). */
  playerGrid: PlayerGrid;
  /** Living players' positions of the last ticks (lag compensation), recorded by step. */
  history: PositionHistory;
  rng: RngState;
  nextId: number;
  /** Ids freed by removed entities, reused after ID_REUSE_DELAY_TICKS (oldest first). */
  freeIds: { id: number; freedAtTick: number }[];
  players: Map<number, Player>;
  /** Live projectiles, in the order they were fired. */
  projectiles: ProjectileTable;
}

export function createWorld(map: GameMap, seed: number): World {
  return {
    tick: 0,
    dtSec: 1 / 30,
    map,
    obstacles: new ObstacleIndex(map),
    playerGrid: new PlayerGrid(map.width, map.height),
    history: new PositionHistory(),
    rng: createRng(seed),
    nextId: 1,
    freeIds: [],
    players: new Map(),
    projectiles: new ProjectileTable(),
  };
}

/** Freed ids wait this long before reuse, so clients never confuse two entities. */
export const ID_REUSE_DELAY_TICKS = 90;

/** A fresh entity id: a long-freed one when there is one, keeping ids small on the wire. */
export function allocId(world: World): number {
  const head = world.freeIds[0];
  if (head && world.tick - head.freedAtTick >= ID_REUSE_DELAY_TICKS) {
    world.freeIds.shift();
    return head.id;
  }
  return world.nextId++;
}

export function freeId(world: World, id: number): void {
  world.freeIds.push({ id, freedAtTick: world.tick });
}
