/**
 * Seats are sides: a player who joins takes the first free side (bottom, top, left, right). A
 * held player's paddle leaves the court (its side is a wall meanwhile) but keeps its side and its
 * score until it is restored or expires; a player who leaves for good frees the side and its score.
 */
import type { SeatRules } from '../../../shared/game/GameDefinition.ts';
import { allocId, freeId } from './ids.ts';
import { SIDE_COUNT, snap, type Side } from './rules.ts';
import { seatedCount, type Paddle, type World } from './world.ts';

/** What restores a held player: its id and its side (the paddle itself stays in the world, held). */
export interface Held {
  readonly id: number;
  readonly side: Side;
}

export const seats: SeatRules<World, Held> = {
  // A held player's side stays theirs: only a side nobody holds is free.
  canJoin: (world) => (world.paddles.indexOf(null) >= 0 ? null : 'the court is full: every side is taken'),
  join(world, name) {
    const side = world.paddles.indexOf(null);
    if (side < 0 || side >= SIDE_COUNT) throw new Error('pong: the court is full (4 sides): a room of this game holds at most 4 players');
    const id = allocId(world.ids, world.tick);
    const paddle: Paddle = { id, born: world.tick, name, side: side as Side, along: snap(world.geo.courtSize / 2), held: false };
    world.paddles[side] = paddle;
    world.scores[side] = 0;
    world.pending.push({ type: 'joined', player: id, side: side as Side });
    return id;
  },
  leave(world, id) {
    free(world, find(world, id));
  },
  hold(world, id) {
    const p = find(world, id);
    p.held = true;
    return { id: p.id, side: p.side };
  },
  restore(world, held) {
    find(world, held.id).held = false;
  },
  expire(world, held) {
    free(world, find(world, held.id));
  },
};

function find(world: World, id: number): Paddle {
  for (const p of world.paddles) if (p !== null && p.id === id) return p;
  throw new Error(`pong: no paddle with id ${id}`);
}

function free(world: World, p: Paddle): void {
  world.paddles[p.side] = null;
  world.scores[p.side] = 0;
  if (world.ball.lastHit === p.side) world.ball.lastHit = -1;
  freeId(world.ids, p.id, world.tick);
  world.pending.push({ type: 'left', player: p.id, side: p.side });
  // Fewer than two players seated: the match is abandoned (a held player's pause keeps it).
  if (seatedCount(world) < 2) world.scores.fill(0);
}
