/**
 * defineKind and defineGame: a game's definition checked once, when it is loaded, with errors
 * that name the game and the bad part, and its kinds compiled for the sync layer.
 */
import { counter, uint, type Field, type Schema } from '../schema.ts';
import { planKind } from '../sync/kindPlan.ts';
import type { EntityKind, GameDefinition, Relevance } from './GameDefinition.ts';
import type { InputSchema } from './inputs.ts';

/** The seat kind's acknowledgement fields, which the engine fills: spread them into its schema (see GameDefinition.seat). */
export const ACK_BITS = 16;
export const ackFields = () => ({ ack: counter(ACK_BITS), ackRate: uint(1) });

/** An entity kind, as defineKind returns it. */
export type Kind<S extends Schema = Schema> = EntityKind<S>;

export interface KindOptions<S extends Schema> {
  /** The position fields (fixed-point, world units), or null: no position (a score board, a match clock). */
  position?: { x: keyof S['fields'] & string; y: keyof S['fields'] & string } | null;
  /** Default: 'spatial' with a position, else 'always'. */
  relevance?: Relevance;
  /** For 'owner' relevance: the field holding the owning player's id. */
  owner?: keyof S['fields'] & string;
  /** Numeric fields the client interpolates (default: the position fields). */
  interpolate?: readonly (keyof S['fields'] & string)[];
  /** Velocity fields the engine fills with the change of a position field since the previous tick: { vx: 'x' }. */
  observed?: Partial<Record<keyof S['fields'] & string, keyof S['fields'] & string>>;
}

export function defineKind<S extends Schema>(schema: S, opts: KindOptions<S> = {}): Kind<S> {
  const bad = (what: string): never => {
    throw new Error(`kind "${schema.name}": ${what}`);
  };
  const index = (key: string, what: string): number => {
    const i = schema.keys.indexOf(key);
    if (i < 0) bad(`${what} names no field "${key}"`);
    return i;
  };
  const pos = opts.position ?? null;
  const position = pos === null ? null : { x: index(pos.x, 'position.x'), y: index(pos.y, 'position.y') };
  let positionScale = 1;
  if (position !== null) {
    const fx = schema.list[position.x]!;
    const fy = schema.list[position.y]!;
    if (fx.kind !== 'fixed' || fy.kind !== 'fixed') bad('position fields must be fixed-point');
    // fixed(scale, …) documents its scale as 1/scale resolution; derive it from the quantizer itself.
    const scale = (fx as Field<number>).quantize(1);
    positionScale = 1 / scale;
    if ((fy as Field<number>).quantize(1) !== scale) bad('position fields must share one scale');
  }
  const relevance = opts.relevance ?? (position !== null ? 'spatial' : 'always');
  if (relevance === 'spatial' && position === null) bad("'spatial' relevance needs a position");
  const ownerField = opts.owner === undefined ? -1 : index(opts.owner, 'owner');
  if (relevance === 'owner' && ownerField < 0) bad("'owner' relevance needs an owner field");
  const interpolate = (opts.interpolate ?? (pos === null ? [] : [pos.x, pos.y])).map((k) => {
    const i = index(k, 'interpolate');
    if (!schema.list[i]!.numeric) bad(`interpolated field "${k}" is not numeric`);
    return i;
  });
  const observed = Object.entries(opts.observed ?? {}).map(([v, p]) => {
    const pair = [index(v, 'observed'), index(p as string, 'observed')] as const;
    if (schema.list[pair[0]]!.range === null || schema.list[pair[1]]!.range === null) bad(`observed ${v}←${String(p)} must name two numeric fields`);
    return pair;
  });
  return { schema, code: 0, position, positionScale, relevance, ownerField, interpolate, observed, plan: planKind(0, schema, { observed, position, relevance, ownerField }) };
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Check a game's definition and give its kinds their wire codes. Returns the same object, typed:
 * every type of the game (its world, input, events, room parameters) is inferred from it.
 */
export function defineGame<W, S extends InputSchema, E, P, H, Seat extends Kind>(def: GameDefinition<W, S, E, P, H, Seat>): GameDefinition<W, S, E, P, H, Seat> {
  const bad = (what: string): never => {
    throw new Error(`game "${def.name}": ${what}`);
  };
  if (!NAME.test(def.name)) bad('name must be 1-32 lowercase letters, digits or -, starting with a letter');
  if (typeof def.title !== 'string' || def.title.length === 0) bad('title is empty');
  if (def.kinds.length === 0 || def.kinds.length > 100) bad('kinds: between 1 and 100');
  def.kinds.forEach((k, i) => {
    const kind = k as Kind;
    if (!kind.plan) bad(`kinds[${i}] was not made by defineKind`);
    if (kind.code !== 0 && kind.code !== i + 1) bad(`kind "${kind.schema.name}" belongs to another game`);
    kind.code = i + 1;
    kind.plan = { ...kind.plan, code: i + 1 };
  });
  if (!def.kinds.includes(def.seat)) bad('seat must be one of kinds');
  const seatKeys = def.seat.schema.keys;
  const ack = def.seat.schema.fields['ack'];
  if (!ack || ack.range?.wrap !== true || !seatKeys.includes('ackRate') || def.seat.schema.velOf[seatKeys.indexOf('ack')] !== seatKeys.indexOf('ackRate')) {
    bad('the seat kind needs ack: counter(ACK_BITS) and ackRate: uint(1) fields, with vel { ack: "ackRate" } (the engine fills them)');
  }
  if (!def.rooms[def.name]) bad(`rooms needs a variant named "${def.name}" (the default)`);
  for (const [mode, shape] of Object.entries(def.rooms)) {
    if (!NAME.test(mode)) bad(`room "${mode}": bad mode name`);
    if (!Number.isInteger(shape.capacity) || shape.capacity < 1 || shape.capacity > 1000) bad(`room "${mode}": capacity must be an integer in [1, 1000]`);
    if (!(shape.tickRate > 0 && shape.tickRate <= 240)) bad(`room "${mode}": tickRate must be in (0, 240]`);
    if (def.maxSeats !== undefined && shape.capacity > def.maxSeats) bad(`room "${mode}": capacity ${shape.capacity} is above the game's maxSeats ${def.maxSeats}`);
  }
  if (Object.keys(def.bots).length === 0) bad('bots: at least one policy');
  return def;
}
