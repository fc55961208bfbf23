/** The world handed to the sync layer each tick: every present paddle, the ball and the match. Allocates nothing. */
import type { EntityWriter } from '../../../shared/game/GameDefinition.ts';
import { Ball, Match, Paddle } from './kinds.ts';
import { PHASE, POS_SCALE } from './rules.ts';
import type { World } from './world.ts';

export function write(world: World, out: EntityWriter): void {
  const size = world.geo.courtSize;
  const inset = world.geo.paddleInset;
  let sides = 0;
  for (let k = 0; k < world.paddles.length; k++) {
    const p = world.paddles[k];
    if (p === null || p === undefined) continue;
    sides |= (p.held ? 2 : 1) << (2 * k);
    if (p.held) continue;
    const s = out.slots(Paddle);
    const names = out.texts(Paddle);
    s[0] = k < 2 ? p.along : k === 2 ? inset : size - inset;
    s[1] = k === 0 ? size - inset : k === 1 ? inset : p.along;
    s[2] = 0; // vx, vy: observed by the engine
    s[3] = 0;
    s[4] = 0; // ack, ackRate: filled by the engine
    s[5] = 0;
    s[6] = k;
    names[7] = p.name;
    out.put(Paddle, p.id, p.born);
  }

  const b = world.ball;
  const s = out.slots(Ball);
  const perTick = world.dtSec * POS_SCALE; // world units per second → wire units per tick
  s[0] = b.x;
  s[1] = b.y;
  s[2] = b.vx * perTick;
  s[3] = b.vy * perTick;
  out.put(Ball, b.id, 0);

  const m = out.slots(Match);
  const timed = world.phase === PHASE.countdown || world.phase === PHASE.over;
  m[0] = world.phase;
  m[1] = timed ? Math.ceil(world.timerSec - 1e-9) : 0;
  m[2] = world.scores[0]!;
  m[3] = world.scores[1]!;
  m[4] = world.scores[2]!;
  m[5] = world.scores[3]!;
  m[6] = sides;
  m[7] = world.winner;
  m[8] = world.params.pointsToWin;
  m[9] = world.phase === PHASE.countdown || (world.phase === PHASE.playing && world.timerSec > 0) ? 1 : 0;
  out.put(Match, world.matchId, 0);
}
