/**
 * A kind's schema compiled once, when its game is defined, into what the sync hot paths read:
 * flat typed arrays for the delta arithmetic and the client's checks, and one generated,
 * straight-line quantizer. Every kind of every game has a plan of this one shape, so the loops
 * that read plans stay monomorphic however many games share the process; none of them looks a
 * field up by name or calls a field's own methods per entity per tick.
 */
import { wrapRound, type Schema, type WireRange, type WireValue } from '../schema.ts';

export interface KindPlan {
  /** The kind's wire code. */
  readonly code: number;
  readonly schema: Schema;
  readonly n: number;
  /** Index of the field's velocity field, or -1 (not extrapolated). */
  readonly vel: Int8Array;
  /** 1: numeric (sent as a difference); 0: sent as it is. */
  readonly numeric: Uint8Array;
  /** 1: arithmetic modulo max + 1; 0: clamped into [min, max]. */
  readonly wrap: Uint8Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** By field: its wire range (one object shape for all), null for a non-numeric field. */
  readonly ranges: readonly (WireRange | null)[];
  /** Pairs of [position field, velocity field], flattened. */
  readonly velPairs: Int8Array;
  /** Velocity fields the snapshot fills with their position's observed change: [velocity, position] pairs, flattened. */
  readonly observed: Int8Array;
  /** The largest observed velocity (wire units per tick) by pair: a bigger jump (a respawn) is no velocity. */
  readonly observedMax: Float64Array;
  /** Position fields (-1: the kind has none). */
  readonly px: number;
  readonly py: number;
  /** Who gets its entities: RELEVANCE's codes. */
  readonly relevance: number;
  /** For owner relevance: the field holding the owner's player id (-1: none). */
  readonly ownerField: number;
  /** Write the quantized values of `slots` (simulation values in field order) into `out`. */
  readonly quantize: (slots: readonly WireValue[], out: WireValue[]) => void;
}

/** The generated quantizer: `out[i] = <field i's expression of slots[i]>` for every field, in one function. */
function compileQuantizer(schema: Schema): (slots: readonly WireValue[], out: WireValue[]) => void {
  const lines = schema.list.map((f, i) => `  v = s[${i}]; o[${i}] = ${f.src('v')};`);
  const body = `return function quantize_${schema.name.replace(/\W/g, '_')}(s, o) {\n  let v;\n${lines.join('\n')}\n};`;
  // The expressions are the schema helpers' own (shared/schema.ts), built from their numeric options: no outside text.
  // oxlint-disable-next-line typescript/no-implied-eval -- code generated once per kind from the schema's constants
  return new Function('wrapRound', body)(wrapRound) as (slots: readonly WireValue[], out: WireValue[]) => void;
}

/** Relevance codes of a plan (GameDefinition's Relevance as small integers for the hot paths). */
export const RELEVANCE = { spatial: 0, always: 1, owner: 2 } as const;

export interface PlanOptions {
  observed: readonly (readonly [number, number])[];
  position: { readonly x: number; readonly y: number } | null;
  relevance: keyof typeof RELEVANCE;
  ownerField: number;
}

export function planKind(code: number, schema: Schema, opts: PlanOptions): KindPlan {
  const observed = opts.observed;
  const n = schema.list.length;
  const vel = new Int8Array(n);
  const numeric = new Uint8Array(n);
  const wrap = new Uint8Array(n);
  const min = new Float64Array(n);
  const max = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = schema.list[i]!.range;
    vel[i] = schema.velOf[i]!;
    if (r === null) continue;
    numeric[i] = 1;
    wrap[i] = r.wrap ? 1 : 0;
    min[i] = r.min;
    max[i] = r.max;
  }
  return {
    code,
    schema,
    n,
    vel,
    numeric,
    wrap,
    min,
    max,
    ranges: schema.list.map((f) => (f.range === null ? null : { min: f.range.min, max: f.range.max, wrap: f.range.wrap })),
    velPairs: Int8Array.from(schema.vel.flat()),
    observed: Int8Array.from(observed.flat()),
    observedMax: Float64Array.from(observed, ([v]) => Math.floor(schema.list[v]!.range!.max / 2)),
    px: opts.position?.x ?? -1,
    py: opts.position?.y ?? -1,
    relevance: RELEVANCE[opts.relevance],
    ownerField: opts.ownerField,
    quantize: compileQuantizer(schema),
  };
}
