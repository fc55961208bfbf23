/**
 * Pong's input: one analog axis. `move` is the paddle's velocity along its side as a fraction of
 * full speed, -1 … 1; +1 moves towards larger coordinates (right for bottom and top, down for
 * left and right: the client entry turns its keys or stick into that for the player's view).
 * A velocity, not a target position: keys and sticks give it directly, and the step and the
 * prediction integrate it the same way.
 */
import { axis, defineInput, type InputOf } from '../../../shared/game/inputs.ts';
import { snap, type Geometry } from './rules.ts';

export const input = defineInput({ move: axis(-1, 1) });
export type PongInput = InputOf<typeof input>;

/**
 * A paddle's new position along its side after one input held for dtSec: the one rule the step
 * and the client's prediction share. The result is on the wire grid (a predicted paddle lands
 * exactly where the server puts it). `move` is clamped again: the step does not rely on callers.
 */
export function slide(along: number, move: number, dtSec: number, geo: Geometry): number {
  const m = move > 1 ? 1 : move < -1 ? -1 : Number.isNaN(move) ? 0 : move;
  const a = along + m * geo.paddleSpeed * dtSec;
  return snap(a < geo.paddleMin ? geo.paddleMin : a > geo.paddleMax ? geo.paddleMax : a);
}
