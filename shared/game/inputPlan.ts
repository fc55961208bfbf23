/**
 * A game's input schema compiled once (defineInput calls it) into what the hot paths use: flat
 * arrays for clamping the numbers of an Input message, and two generated functions that move an
 * input between the server's ring of doubles and the reused objects the step reads. Every
 * game's plan has this one shape; the generated functions give each game's input objects one
 * fixed shape of their own, so the step's loads of them stay monomorphic.
 */
import type { InputFields } from './inputs.ts';

export type InputValues = Record<string, number | boolean>;

/** An input as the engine queues and the step reads it: the game's fields plus the engine's. */
export type EngineInput = InputValues & {
  seq: number;
  rewindTicks: number;
  /** The (fractional) server tick the client was showing when it sampled the input (0: unknown). */
  viewTick: number;
  /** When it arrived (server clock, ms; NaN: unknown). */
  arrivedAtMs: number;
};

export interface InputPlan {
  /** Axes and headings, in wire order. */
  readonly nNum: number;
  readonly nButtons: number;
  readonly numericNames: readonly string[];
  readonly buttonNames: readonly string[];
  /** By numeric field: 0 axis (clamped), 1 heading (wrapped to [0, 2π)). */
  readonly heading: Uint8Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly neutral: Float64Array;
  /** A fresh input object of the game's shape (every field set: all its objects share one shape). */
  readonly blank: () => EngineInput;
  /** Fill `inp`'s game fields from the doubles at r[at …] (numbers, then the buttons' bits). */
  readonly fill: (inp: EngineInput, r: Float64Array, at: number) => void;
  /** The inverse of fill: `inp`'s game fields into r[at …] (a recording stores inputs as the step read them). */
  readonly store: (inp: Readonly<EngineInput>, r: Float64Array, at: number) => void;
  /** The game's cross-field rule, or null. */
  readonly rule: ((input: InputValues) => void) | null;
}

const TAU = Math.PI * 2;

/**
 * A numeric input value made valid: a heading wrapped to [0, 2π), an axis clamped to [min, max];
 * NaN and infinities are the neutral value. The one rule behind the compiled plan (clampField)
 * and a field's own clamp (inputs.ts clampInput).
 */
export function clampNumber(heading: boolean, min: number, max: number, neutral: number, v: number): number {
  if (!Number.isFinite(v)) return neutral;
  if (!heading) return v < min ? min : v > max ? max : v + 0;
  if (v >= 0 && v < TAU) return v + 0; // the usual case: no remainder (on doubles, an x87 fprem: slow)
  const a = v % TAU;
  if (a >= 0) return a + 0;
  // A tiny negative angle plus 2π rounds to 2π itself: that is 0.
  const w = a + TAU;
  return w < TAU ? w : 0;
}

/** One numeric input value of field i made valid (NaN and infinities: the field's neutral value). */
export function clampField(plan: InputPlan, i: number, v: number): number {
  return clampNumber(plan.heading[i] === 1, plan.min[i]!, plan.max[i]!, plan.neutral[i]!, v);
}

/** The buttons of `input` as bits (bit i: button i held). */
export function buttonBits(plan: InputPlan, input: Readonly<InputValues>): number {
  let bits = 0;
  for (let i = 0; i < plan.nButtons; i++) if (input[plan.buttonNames[i]!] === true) bits |= 1 << i;
  return bits;
}

/** A valid copy of an input object (what the server would queue of it): for prediction and tests. */
export function normalizeInput<I extends InputValues>(plan: InputPlan, input: Readonly<I> & { seq?: number }): I & { seq: number; rewindTicks: number } {
  const out = plan.blank();
  out.seq = typeof input.seq === 'number' ? input.seq : 0;
  for (let i = 0; i < plan.nNum; i++) {
    const name = plan.numericNames[i]!;
    const v = input[name];
    out[name] = clampField(plan, i, typeof v === 'number' ? v : NaN);
  }
  for (const name of plan.buttonNames) out[name] = input[name] === true;
  plan.rule?.(out);
  return out as unknown as I & { seq: number; rewindTicks: number };
}

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function compileInput(fields: InputFields, numericNames: readonly string[], buttonNames: readonly string[], rule: InputPlan['rule']): InputPlan {
  for (const n of [...numericNames, ...buttonNames]) if (!IDENT.test(n)) throw new Error(`input field "${n}" is not an identifier`);
  const nNum = numericNames.length;
  const heading = new Uint8Array(nNum);
  const min = new Float64Array(nNum);
  const max = new Float64Array(nNum);
  const neutral = new Float64Array(nNum);
  numericNames.forEach((n, i) => {
    const f = fields[n]!;
    if (f.type === 'axis') {
      min[i] = f.min;
      max[i] = f.max;
      neutral[i] = f.neutral;
    } else heading[i] = 1;
  });
  // Generated from the field names only (checked to be identifiers above).
  const blankSrc = `return { seq: 0, rewindTicks: 0, viewTick: 0, arrivedAtMs: NaN${numericNames.map((n) => `, ${n}: 0`).join('')}${buttonNames.map((n) => `, ${n}: false`).join('')} };`;
  const fillSrc = [
    ...numericNames.map((n, i) => `inp.${n} = r[at + ${i}];`),
    buttonNames.length > 0 ? `const bits = r[at + ${nNum}];` : '',
    ...buttonNames.map((n, i) => `inp.${n} = (bits & ${1 << i}) !== 0;`),
  ].join('\n');
  const storeSrc = [
    ...numericNames.map((n, i) => `r[at + ${i}] = inp.${n};`),
    buttonNames.length > 0 ? `r[at + ${nNum}] = ${buttonNames.map((n, i) => `(inp.${n} ? ${1 << i} : 0)`).join(' | ')};` : '',
  ].join('\n');
  // oxlint-disable-next-line typescript/no-implied-eval -- code generated once per game from its field names
  const blank = new Function(blankSrc) as () => EngineInput;
  // oxlint-disable-next-line typescript/no-implied-eval -- likewise
  const fill = new Function('inp', 'r', 'at', fillSrc) as InputPlan['fill'];
  // oxlint-disable-next-line typescript/no-implied-eval -- likewise
  const store = new Function('inp', 'r', 'at', storeSrc) as InputPlan['store'];
  return { nNum, nButtons: buttonNames.length, numericNames, buttonNames, heading, min, max, neutral, blank, fill, store, rule };
}
