/**
 * Input normalization shared by the client's prediction and what it sends: the same clamping
 * the server applies on arrival (move components in [-1, 1], aim wrapped to [0, 2π)), so the
 * replayed input is the input the server simulated.
 */
import type { Input } from '../../games/arena/shared/world.ts';

const TAU = Math.PI * 2;

const clampUnit = (v: number): number => (!Number.isFinite(v) ? 0 : v > 1 ? 1 : v < -1 ? -1 : v);

export function normalizeInput(input: Input): Input {
  let aim = Number.isFinite(input.aim) ? input.aim % TAU : 0;
  if (aim < 0) aim += TAU;
  return { seq: input.seq, mx: clampUnit(input.mx), my: clampUnit(input.my), aim, fire: input.fire };
}
