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
}

const isInt = (w: unknown, min: number, max: number): w is number =>
  typeof w === 'number' && Number.isInteger(w) && w >= min && w <= max;

/** Unsigned integer of `bits` bits, clamped. */
export function uint(bits: number): Field<number> {
  const max = 2 ** bits - 1;
  return {
    kind: 'int',
    doc: `unsigned ${bits}-bit integer, clamped to [0, ${max}]`,
    quantize: (v) => (Number.isFinite(v) ? Math.min(max, Math.max(0, Math.round(v))) : 0),
    dequantize: (w) => w,
    isWire: (w): w is number => isInt(w, 0, max),
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
    quantize: (v) => (Number.isFinite(v) ? Math.min(qmax, Math.max(qmin, Math.round(v * scale))) : 0),
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
    quantize: (v) => {
      if (!Number.isFinite(v)) return 0;
      const q = Math.round(v * k) % steps;
      return q < 0 ? q + steps : q;
    },
    dequantize: (w) => w / k,
    isWire: (w): w is number => isInt(w, 0, steps - 1),
  };
}

export const bool: Field<boolean> = {
  kind: 'bool',
  doc: 'boolean',
  quantize: (v) => v === true,
  dequantize: (w) => w,
  isWire: (w): w is boolean => typeof w === 'boolean',
};

export function str(maxLength: number): Field<string> {
  return {
    kind: 'string',
    doc: `UTF-8 string of at most ${maxLength} characters`,
    quantize: (v) => String(v).slice(0, maxLength),
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
}

type FieldValue<T> = T extends Field<infer V> ? (V extends number ? number : V extends boolean ? boolean : string) : never;

/** The plain object type a schema describes. */
export type Infer<S extends Schema> = { -readonly [K in keyof S['fields']]: FieldValue<S['fields'][K]> };

export function defineSchema<F extends SchemaFields>(name: string, fields: F): Schema<F> {
  const keys = Object.keys(fields);
  if (keys.length > 30) throw new Error(`schema ${name}: at most 30 fields (change masks are 30-bit)`);
  return { name, fields, keys };
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
