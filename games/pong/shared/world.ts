/** The state of one court: plain data, no behaviour (the step, the seats and write act on it). */
import { createRng, type RngState } from '../../../shared/util/rng.ts';
import { allocId, createIdPool, type IdPool } from './ids.ts';
import type { PongEvent } from './events.ts';
import { checkParams, geometryOf, PHASE, SIDE_COUNT, type Geometry, type Phase, type PongParams, type Side } from './rules.ts';

export interface Paddle {
  readonly id: number;
  /** The tick its entity was created at (with the id, it tells it from a later one reusing the id). */
  readonly born: number;
  readonly name: string;
  readonly side: Side;
  /** Position of its centre along its side (x for bottom and top, y for left and right). */
  along: number;
  /** Its player's connection dropped: out of the world (a wall), its side and score kept. */
  held: boolean;
}

export interface Ball {
  readonly id: number;
  x: number;
  y: number;
  /** World units per second. */
  vx: number;
  vy: number;
  /** The side whose paddle touched it last, or -1 (since the serve, nobody). */
  lastHit: number;
}

export interface World {
  tick: number;
  readonly params: PongParams;
  readonly geo: Geometry;
  readonly rng: RngState;
  readonly ids: IdPool;
  /** By side: its paddle, or null (a wall). */
  readonly paddles: (Paddle | null)[];
  readonly ball: Ball;
  /** The match entity's id. */
  readonly matchId: number;
  phase: Phase;
  /** Seconds left of the countdown, of the results shown, or before the next serve. */
  timerSec: number;
  /** By side. */
  readonly scores: number[];
  winner: number;
  /** The side the next serve goes to, or -1 (any player's side, at random). */
  serveTo: number;
  /** The last step's dtSec (write turns the ball's velocity into wire units per tick with it). */
  dtSec: number;
  /** Events from outside the step (seats), handed out by the next step. */
  readonly pending: PongEvent[];
  /** Scratch: the events of the step under way (null until it has one). */
  emitted: PongEvent[] | null;
}

export function createWorld(params: PongParams, seed: number): World {
  checkParams(params);
  const geo = geometryOf(params.courtSize);
  const ids = createIdPool();
  const c = params.courtSize / 2;
  return {
    tick: 0,
    params,
    geo,
    rng: createRng(seed),
    ids,
    paddles: new Array<Paddle | null>(SIDE_COUNT).fill(null),
    ball: { id: allocId(ids, 0), x: c, y: c, vx: 0, vy: 0, lastHit: -1 },
    matchId: allocId(ids, 0),
    phase: PHASE.waiting,
    timerSec: 0,
    scores: new Array<number>(SIDE_COUNT).fill(0),
    winner: -1,
    serveTo: -1,
    dtSec: 0,
    pending: [],
    emitted: null,
  };
}

/** Paddles in play (not held). */
export function presentCount(world: World): number {
  let n = 0;
  for (const p of world.paddles) if (p !== null && !p.held) n++;
  return n;
}

/** Seated players, held ones included. */
export function seatedCount(world: World): number {
  let n = 0;
  for (const p of world.paddles) if (p !== null) n++;
  return n;
}

export function isPresent(world: World, side: number): boolean {
  const p = world.paddles[side];
  return p !== null && p !== undefined && !p.held;
}
