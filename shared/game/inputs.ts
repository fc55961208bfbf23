/**
 * A game's input as data: named fields built from a few helpers, from which the engine builds the
 * wire form, the clamping done on arrival and the ring the server queues inputs in. The input's
 * TypeScript type is inferred from the fields (no hand-written interface):
 *
 *   const input = defineInput({ mx: axis(), my: axis(), aim: heading(), fire: button() });
 *   type MyInput = InputOf<typeof input>;   // { mx: number; my: number; aim: number; fire: boolean }
 *
 * On the wire an Input carries the numeric fields in order, then every button as one bit of a
 * buttons integer (docs/protocol.md). Every value is clamped (or wrapped) on arrival, NaN and
 * infinities become the field's neutral value, so a game's step only ever sees valid inputs.
 */

import { clampNumber, compileInput, type InputPlan } from './inputPlan.ts';

export interface AxisField {
  readonly type: 'axis';
  readonly min: number;
  readonly max: number;
  /** The value of a missing, NaN or infinite input. */
  readonly neutral: number;
}

export interface HeadingField {
  readonly type: 'heading';
}

export interface ButtonField {
  readonly type: 'button';
}

export type InputField = AxisField | HeadingField | ButtonField;
export type InputFields = Record<string, InputField>;

/** A number clamped to [min, max] (a stick axis, a throttle, a paddle target). */
export function axis(min = -1, max = 1, neutral = Math.min(max, Math.max(min, 0))): AxisField {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new Error(`axis: bad range [${min}, ${max}]`);
  return { type: 'axis', min, max, neutral };
}

/** An angle in radians, wrapped to [0, 2π). */
export function heading(): HeadingField {
  return { type: 'heading' };
}

/** A button: held or not. At most 30 per game (one bit each). */
export function button(): ButtonField {
  return { type: 'button' };
}

type ValueOf<F> = F extends ButtonField ? boolean : number;

/** The input object a game's step receives (every field, already clamped). */
export type InputOf<S extends InputSchema> = { -readonly [K in keyof S['fields']]: ValueOf<S['fields'][K]> };

/** An input as the step sees it: the game's fields plus what the engine adds. */
export type StepInput<I> = I & {
  /** The player's sequence number of this input. */
  readonly seq: number;
  /**
   * Lag compensation: how many ticks (fractional) behind the simulated tick the player was seeing
   * the others when it sampled this input, already bounded by the room (0: none).
   */
  readonly rewindTicks: number;
};

export interface InputSchema<F extends InputFields = InputFields> {
  readonly fields: F;
  /** Numeric field names (axes and headings) in wire order. */
  readonly numeric: readonly string[];
  /** Button names in bit order (bit 0 first). */
  readonly buttons: readonly string[];
  /** Rule across fields, applied after clamping, on the server and in the client's prediction alike (e.g. cap a move vector's length). */
  readonly rule: ((input: Record<string, number | boolean>) => void) | null;
  /** The schema compiled for the engine's input path (inputPlan.ts). */
  readonly plan: InputPlan;
}

export const TAU = Math.PI * 2;

export function defineInput<F extends InputFields>(fields: F, opts: { rule?: (input: { -readonly [K in keyof F]: ValueOf<F[K]> }) => void } = {}): InputSchema<F> {
  const names = Object.keys(fields);
  if (names.length === 0) throw new Error('defineInput: at least one field');
  const numeric = names.filter((n) => fields[n]!.type !== 'button');
  const buttons = names.filter((n) => fields[n]!.type === 'button');
  if (numeric.length > 12) throw new Error('defineInput: at most 12 axes and headings');
  if (buttons.length > 30) throw new Error('defineInput: at most 30 buttons');
  for (const n of names) if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n) || n === 'seq' || n === 'rewindTicks') throw new Error(`defineInput: bad field name "${n}"`);
  const rule = (opts.rule as InputSchema['rule']) ?? null;
  return { fields, numeric, buttons, rule, plan: compileInput(fields, numeric, buttons, rule) };
}

/** One numeric input value made valid for its field (the engine's queues do the same with the compiled plan). */
export function clampInput(f: AxisField | HeadingField, v: unknown): number {
  const n = typeof v === 'number' ? v : NaN;
  return f.type === 'axis' ? clampNumber(false, f.min, f.max, f.neutral, n) : clampNumber(true, 0, 0, 0, n);
}
