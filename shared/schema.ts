/**
 * Entity schemas as data. Each field knows how to quantize a simulation value into its wire
 * value (an integer, a boolean or a short string) and back. Records on the wire are arrays in
 * field order; TypeScript types are inferred from the schema objects (no decorators).
 */

export type WireValue = number | boolean | string;

export interface Field<T extends WireValue = WireValue> {
  readonly kind: 'int' | 'fixed' | 'angle' | 'bool' | 'string';
  /** Simulation value to wire value. Must be idempotent: quantize(dequantize(w)) === w. */
  quantize(v: T): T;
  /** Wire value to the value the simulation would hold (the grid point). */
  dequantize(w: T): T;
  /** True when an untrusted decoded value is a valid wire value of this field. */
  isWire(w: unknown): w is T;
  /** Documentation: how this field is quantized. */
  readonly doc: string;
  /**
   * Numeric fields are sent in a changed entry as the difference from the value the client
   * expects (small differences are one-byte msgpack integers). Others are sent as they are.
   */
  readonly numeric: boolean;
  /** Wire difference b − a (angles: the shortest way round). Numeric fields only. */
  sub(a: T, b: T): T;
  /** a + d on the wire (angles wrap; other fields clamp to their range). Numeric fields only. */
  add(a: T, d: T): T;
  /**
   * A numeric field's wire range as plain data (null for others): the hot paths (deltas, the
   * client's view) do its arithmetic with wireAdd/wireSub, one function for every field, rather
   * than through each field's own add/sub.
   */
  readonly range: WireRange | null;
  /**
   * `quantize` as a JavaScript expression of the variable named `v`, with its constants written
   * in: the sync layer builds one straight-line quantizer per kind from these (shared/sync/kindPlan.ts).
   */
  readonly src: (v: string) => string;
}

/** Wire values are integers in [min, max]; `wrap`: arithmetic modulo max + 1 instead of clamping. */
export interface WireRange {
  readonly min: number;
  readonly max: number;
  readonly wrap: boolean;
}

/** a + d in the range: wrapped, or clamped. */
export function wireAdd(r: WireRange, a: number, d: number): number {
  const v = a + d;
  if (r.wrap) {
    const m = r.max + 1;
    // Most sums need no wrapping: skip the remainder (on doubles, an x87 fprem: slow).
    if (v >= 0 && v < m) return v + 0;
    return (((v % m) + m) % m) + 0;
  }
  return v < r.min ? r.min : v > r.max ? r.max : v;
}

/** b − a in the range: the shortest way round when it wraps. */
export function wireSub(r: WireRange, a: number, b: number): number {
  if (!r.wrap) return b - a;
  const m = r.max + 1;
  const diff = b - a;
  // Already the shortest way round: no remainder needed (see wireAdd).
  if (diff >= -m / 2 && diff < m / 2) return diff + 0;
  const d = ((diff % m) + m) % m;
  return d >= m / 2 ? d - m : d;
}

const plainNumber = (min: number, max: number) => {
  const range: WireRange = { min, max, wrap: false };
  return {
    numeric: true as const,
    range,
    sub: (a: number, b: number) => wireSub(range, a, b),
    add: (a: number, d: number) => wireAdd(range, a, d),
  };
};

const notNumeric = {
  numeric: false as const,
  range: null,
  sub: <T>(_a: T, b: T): T => b,
  add: <T>(_a: T, d: T): T => d,
};

/** Arithmetic modulo `steps`: differences go the shortest way round, sums wrap. */
const modular = (steps: number) => {
  const range: WireRange = { min: 0, max: steps - 1, wrap: true };
  return {
    numeric: true as const,
    range,
    sub: (a: number, b: number) => wireSub(range, a, b),
    add: (a: number, d: number) => wireAdd(range, a, d),
  };
};

/** round(x) modulo steps, in [0, steps): the angle's and the counter's quantization (generated quantizers call it). */
export function wrapRound(x: number, steps: number): number {
  const r = Math.round(x);
  // In range already (the usual case): no remainder (on doubles, an x87 fprem: slow).
  if (r >= 0 && r < steps) return r + 0;
  const q = r % steps;
  return q < 0 ? q + steps : q + 0;
}

const isInt = (w: unknown, min: number, max: number): w is number =>
  typeof w === 'number' && Number.isInteger(w) && w >= min && w <= max;

/** Unsigned integer of `bits` bits, clamped. */
export function uint(bits: number): Field<number> {
  const max = 2 ** bits - 1;
  return {
    kind: 'int',
    doc: `unsigned ${bits}-bit integer, clamped to [0, ${max}]`,
    ...plainNumber(0, max),
    quantize: (v) => (Number.isFinite(v) ? Math.min(max, Math.max(0, Math.round(v))) : 0),
    src: (v) => `(Number.isFinite(${v}) ? Math.min(${max}, Math.max(0, Math.round(${v}))) : 0)`,
    dequantize: (w) => w,
    isWire: (w): w is number => isInt(w, 0, max),
  };
}

/** Signed integer in [min, max], clamped. */
export function int(min: number, max: number): Field<number> {
  return {
    kind: 'int',
    doc: `integer, clamped to [${min}, ${max}]`,
    ...plainNumber(min, max),
    quantize: (v) => (Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) + 0 : 0), // + 0 turns -0 into 0
    src: (v) => `(Number.isFinite(${v}) ? Math.min(${max}, Math.max(${min}, Math.round(${v}))) + 0 : 0)`,
    dequantize: (w) => w,
    isWire: (w): w is number => isInt(w, min, max),
  };
}

/**
 * Fixed-point number: the simulation value times `scale`, rounded to an integer, clamped to
 * [min, max] in simulation units. `fixed(10, 0, 8000)` is a position with 0.1 unit resolution.
 */
export function fixed(scale: number, min: number, max: number): Field<number> {
  const qmin = Math.round(min * scale);
  const qmax = Math.round(max * scale);
  return {
    kind: 'fixed',
    doc: `fixed point, 1/${scale} unit resolution, sent as round(v*${scale}) in [${qmin}, ${qmax}]`,
    ...plainNumber(qmin, qmax),
    quantize: (v) => (Number.isFinite(v) ? Math.min(qmax, Math.max(qmin, Math.round(v * scale))) + 0 : 0),
    src: (v) => `(Number.isFinite(${v}) ? Math.min(${qmax}, Math.max(${qmin}, Math.round(${v} * ${scale}))) + 0 : 0)`,
    dequantize: (w) => w / scale,
    isWire: (w): w is number => isInt(w, qmin, qmax),
  };
}

/** Angle in radians, wrapped to [0, 2π) and sent in `bits` bits. */
export function angle(bits: number): Field<number> {
  const steps = 2 ** bits;
  const k = steps / (2 * Math.PI);
  return {
    kind: 'angle',
    doc: `angle in radians wrapped to [0, 2π), sent as an integer in [0, ${steps - 1}] (${bits} bits)`,
    ...modular(steps),
    quantize: (v) => {
      if (!Number.isFinite(v)) return 0;
      const r = Math.round(v * k);
      // An angle already in [0, 2π) needs no remainder (on doubles, an x87 fprem: slow).
      const q = r >= 0 && r < steps ? r : r % steps;
      return q < 0 ? q + steps : q + 0;
    },
    src: (v) => `(Number.isFinite(${v}) ? wrapRound(${v} * ${k}, ${steps}) : 0)`,
    dequantize: (w) => w / k,
    isWire: (w): w is number => isInt(w, 0, steps - 1),
  };
}

/**
 * A counter kept modulo 2^bits (a sequence number): it wraps instead of clamping, and a change
 * is sent as the shortest difference. The reader restores the full value from one it knows
 * to be near (see `unwrapCounter`).
 */
export function counter(bits: number): Field<number> {
  const steps = 2 ** bits;
  return {
    kind: 'int',
    doc: `counter modulo 2^${bits}: an integer in [0, ${steps - 1}] that wraps`,
    ...modular(steps),
    quantize: (v) => {
      if (!Number.isFinite(v)) return 0;
      const r = Math.round(v);
      // In range already (the usual case): no remainder (see angle).
      return r >= 0 && r < steps ? r + 0 : ((r % steps) + steps) % steps;
    },
    src: (v) => `(Number.isFinite(${v}) ? wrapRound(${v}, ${steps}) : 0)`,
    dequantize: (w) => w,
    isWire: (w): w is number => isInt(w, 0, steps - 1),
  };
}

/** The full value of a `counter(bits)` wire value `w`, given `ref`, a full value at or after it (less than 2^bits after). */
export function unwrapCounter(w: number, ref: number, bits: number): number {
  const steps = 2 ** bits;
  return ref - ((((ref - w) % steps) + steps) % steps);
}

export const bool: Field<boolean> = {
  kind: 'bool',
  doc: 'boolean',
  ...notNumeric,
  quantize: (v) => v === true,
  src: (v) => `(${v} === true)`,
  dequantize: (w) => w,
  isWire: (w): w is boolean => typeof w === 'boolean',
};

export function str(maxLength: number): Field<string> {
  return {
    kind: 'string',
    doc: `UTF-8 string of at most ${maxLength} characters`,
    ...notNumeric,
    // (A string already short enough is itself: no String() call, run for every player every tick.)
    quantize: (v) => (typeof v === 'string' && v.length <= maxLength ? v : String(v).slice(0, maxLength)),
    src: (v) => `(typeof ${v} === 'string' && ${v}.length <= ${maxLength} ? ${v} : String(${v}).slice(0, ${maxLength}))`,
    dequantize: (w) => w,
    isWire: (w): w is string => typeof w === 'string' && w.length <= maxLength,
  };
}

export type SchemaFields = Record<string, Field>;

export interface Schema<F extends SchemaFields = SchemaFields> {
  readonly name: string;
  readonly fields: F;
  /** Field names in wire order. */
  readonly keys: readonly string[];
  /** Fields in wire order. */
  readonly list: readonly Field[];
  /**
   * Linear extrapolation: pairs of [position field index, velocity field index]. Between two
   * messages k ticks apart the client advances position by velocity·k by itself, and the server
   * sends the position only when the real value differs from that.
   */
  readonly vel: readonly (readonly [number, number])[];
  /** For each field, the index of its velocity field, or -1 (the same pairs, for the hot paths). */
  readonly velOf: readonly number[];
}

type FieldValue<T> = T extends Field<infer V> ? (V extends number ? number : V extends boolean ? boolean : string) : never;

/** The plain object type a schema describes. */
export type Infer<S extends Schema> = { -readonly [K in keyof S['fields']]: FieldValue<S['fields'][K]> };

export function defineSchema<F extends SchemaFields>(
  name: string,
  fields: F,
  opts: { vel?: Partial<Record<keyof F & string, keyof F & string>> } = {},
): Schema<F> {
  const keys = Object.keys(fields);
  if (keys.length > 30) throw new Error(`schema ${name}: at most 30 fields (change masks are 30-bit)`);
  const vel = Object.entries(opts.vel ?? {}).map(([pos, v]) => {
    const pair = [keys.indexOf(pos), keys.indexOf(v as string)] as const;
    if (pair[0] < 0 || pair[1] < 0 || !fields[pos]!.numeric || !fields[v as string]!.numeric) {
      throw new Error(`schema ${name}: vel ${pos}→${String(v)} must name two numeric fields`);
    }
    return pair;
  });
  const velOf = keys.map((_, i) => vel.find(([pos]) => pos === i)?.[1] ?? -1);
  return { name, fields, keys, list: keys.map((k) => fields[k]!), vel, velOf };
}

/** A record on the wire: the quantized field values in schema order. */
export type WireRecord = WireValue[];

/** Quantize a simulation object into a wire record. */
export function toRecord<S extends Schema>(schema: S, obj: Infer<S>): WireRecord {
  const out: WireRecord = new Array(schema.keys.length);
  for (let i = 0; i < schema.keys.length; i++) {
    const key = schema.keys[i]!;
    out[i] = (schema.fields[key] as Field).quantize((obj as Record<string, WireValue>)[key]!);
  }
  return out;
}

/** Decode a wire record into the plain object (values on the quantization grid). */
export function fromRecord<S extends Schema>(schema: S, rec: readonly WireValue[]): Infer<S> {
  const out: Record<string, WireValue> = {};
  for (let i = 0; i < schema.keys.length; i++) {
    const key = schema.keys[i]!;
    out[key] = (schema.fields[key] as Field).dequantize(rec[i]!);
  }
  return out as Infer<S>;
}

/** Validate an untrusted record against the schema. */
export function isRecord(schema: Schema, rec: unknown): rec is WireRecord {
  if (!Array.isArray(rec) || rec.length !== schema.keys.length) return false;
  for (let i = 0; i < schema.keys.length; i++) {
    if (!(schema.fields[schema.keys[i]!] as Field).isWire(rec[i])) return false;
  }
  return true;
}
