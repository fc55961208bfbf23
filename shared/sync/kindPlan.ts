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
  /** Position fields (-1: the kind has none). */
  readonly px: number;
  readonly py: number;
  /** Who gets its entities: RELEVANCE's codes. */
  readonly relevance: number;
  /** For owner relevance: the field holding the owner's player id (-1: none). */
  readonly ownerField: number;
  /**
   * The snapshot's per-entity work, generated straight-line: quantize into `out` (numeric fields
   * from `slots`, simulation values by field index with booleans as 1 or 0; string fields from
   * `texts`), then, given the record the entity had at the previous snapshot (null: a new entity),
   * fill the observed velocities (the position's change, [velocity, position] pairs) from it and
   * say whether the record is unchanged.
   */
  readonly quantizeCompare: (slots: Float64Array, texts: readonly string[], out: WireValue[], prev: readonly WireValue[] | null) => boolean;
  /** True when every velocity field of a record is zero (generated). */
  readonly isStill: (rec: readonly WireValue[]) => boolean;
}

/**
 * The generated quantizing lines: `out[i] = <field i's expression>` for every field,
 * reading numbers from a Float64Array (a double written there is stored as it is: in an array of
 * mixed values every double would be a heap object of its own, one per field per entity per
 * tick) and strings from their own array.
 */
function quantizeLines(schema: Schema): string[] {
  return schema.list.map((f, i) =>
    f.kind === 'bool' ? `  o[${i}] = s[${i}] !== 0;` : f.kind === 'string' ? `  v = t[${i}]; o[${i}] = ${f.src('v')};` : `  v = s[${i}]; o[${i}] = ${f.src('v')};`,
  );
}

// The generated code is the schema helpers' own expressions (shared/schema.ts), built from their
// numeric options, and field indexes: no outside text.
function compile<T>(name: string, params: string, body: string): T {
  // oxlint-disable-next-line typescript/no-implied-eval -- code generated once per kind from the schema's constants
  return new Function('wrapRound', `return function ${name}(${params}) {\n${body}\n};`)(wrapRound) as T;
}

function compileQuantizeCompare(schema: Schema, observed: readonly (readonly [number, number])[]): KindPlan['quantizeCompare'] {
  const obs = observed.map(([v, p]) => {
    const max = Math.floor(schema.list[v]!.range!.max / 2);
    // A jump larger than half the velocity field's range (a respawn) is not a velocity.
    return `    d = o[${p}] - r[${p}]; o[${v}] = d >= -${max} && d <= ${max} ? d + 0 : 0;`;
  });
  const equal = schema.list.map((_, i) => `o[${i}] === r[${i}]`).join(' && ');
  return compile(
    `quantizeCompare_${schema.name.replace(/\W/g, '_')}`,
    's, t, o, r',
    `  let v;\n  let d;\n${quantizeLines(schema).join('\n')}\n  if (r === null) return false;\n${obs.join('\n')}\n  return ${equal};`,
  );
}

function compileIsStill(schema: Schema): KindPlan['isStill'] {
  const vels = schema.vel.map(([, v]) => `r[${v}] === 0`);
  return compile(`isStill_${schema.name.replace(/\W/g, '_')}`, 'r', `  return ${vels.length > 0 ? vels.join(' && ') : 'true'};`);
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
    px: opts.position?.x ?? -1,
    py: opts.position?.y ?? -1,
    relevance: RELEVANCE[opts.relevance],
    ownerField: opts.ownerField,
    quantizeCompare: compileQuantizeCompare(schema, observed),
    isStill: compileIsStill(schema),
  };
}
