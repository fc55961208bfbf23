/**
 * A snapshot is the quantized state of a room at one tick: entity id → kind, birth tick and
 * wire record. Snapshots are immutable once built. An entity whose record did not change keeps
 * the very same entry object, so "unchanged" is a reference comparison.
 *
 * Velocity fields (vx, vy) are the observed change of x and y since the previous snapshot, in
 * wire units per tick; the client extrapolates positions with them (see delta.ts), and a
 * player's ack by its ackRate (see entities.ts).
 */
import { KIND, MAX_WIRE_VEL, PlayerSchema, POS_SCALE, ProjectileSchema, type Kind } from '../entities.ts';
import type { Field, WireRecord } from '../schema.ts';
import type { World } from '../sim/world.ts';

export interface Entry {
  readonly kind: Kind;
  /** Birth tick: a different value at the same id is a different entity. */
  readonly born: number;
  readonly rec: WireRecord;
  /** True when every velocity field is zero (the record would not move by extrapolation). */
  readonly still: boolean;
}

export interface Snapshot {
  readonly tick: number;
  readonly entities: ReadonlyMap<number, Entry>;
  /** The same entries indexed by id (ids are small: they are reused), for the hot paths. */
  readonly byId: readonly (Entry | undefined)[];
}

export const EMPTY_SNAPSHOT: Snapshot = { tick: 0, entities: new Map(), byId: [] };

export function recordsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const P = PlayerSchema.fields;
const Q = ProjectileSchema.fields;
/** A jump larger than this per tick (a respawn) is not a velocity. */
const MAX_OBSERVED_VEL = MAX_WIRE_VEL / 2;

function observedVel(now: number, before: number): number {
  const d = now - before;
  return d >= -MAX_OBSERVED_VEL && d <= MAX_OBSERVED_VEL ? d : 0;
}

function keep(old: Entry | undefined, kind: Kind, born: number, rec: WireRecord, still: boolean): Entry {
  if (old && old.born === born && old.kind === kind && recordsEqual(old.rec, rec)) return old;
  return { kind, born, rec, still };
}

/** Quantize the world into a snapshot, reusing unchanged entries of `prev`. */
export function buildSnapshot(world: World, prev: Snapshot | null, dtSec: number): Snapshot {
  const entities = new Map<number, Entry>();
  const byId: (Entry | undefined)[] = [];
  const before = prev?.byId;
  for (const p of world.players.values()) {
    const old = before?.[p.id];
    const same = old !== undefined && old.born === p.born && old.kind === KIND.Player;
    const x = (P.x as Field<number>).quantize(p.x);
    const y = (P.y as Field<number>).quantize(p.y);
    const vx = same ? observedVel(x, old.rec[0] as number) : 0;
    const vy = same ? observedVel(y, old.rec[1] as number) : 0;
    const ack = (P.ack as Field<number>).quantize(p.lastInput);
    // Inputs flow while a tick took one in the last two (one late input does not stop them).
    const ackRate = p.lastInputTick > 0 && world.tick - p.lastInputTick < 2 ? 1 : 0;
    // In PlayerSchema's field order (checked by a test).
    const rec: WireRecord = [
      x,
      y,
      vx,
      vy,
      (P.aim as Field<number>).quantize(p.aim),
      ack,
      ackRate,
      (P.hp as Field<number>).quantize(p.hp),
      p.alive,
      (P.kills as Field<number>).quantize(p.kills),
      (P.deaths as Field<number>).quantize(p.deaths),
      (P.name as Field<string>).quantize(p.name),
    ];
    const entry = keep(old, KIND.Player, p.born, rec, vx === 0 && vy === 0 && ackRate === 0);
    entities.set(p.id, entry);
    byId[p.id] = entry;
  }
  for (const pr of world.projectiles.values()) {
    const old = before?.[pr.id];
    const same = old !== undefined && old.born === pr.born && old.kind === KIND.Projectile;
    const x = (Q.x as Field<number>).quantize(pr.x);
    const y = (Q.y as Field<number>).quantize(pr.y);
    // A new projectile's velocity is its first step; later ones are observed.
    const vx = same ? observedVel(x, old.rec[0] as number) : (Q.vx as Field<number>).quantize(pr.vx * dtSec * POS_SCALE);
    const vy = same ? observedVel(y, old.rec[1] as number) : (Q.vy as Field<number>).quantize(pr.vy * dtSec * POS_SCALE);
    const rec: WireRecord = [x, y, vx, vy, (Q.owner as Field<number>).quantize(pr.owner)];
    const entry = keep(old, KIND.Projectile, pr.born, rec, vx === 0 && vy === 0);
    entities.set(pr.id, entry);
    byId[pr.id] = entry;
  }
  return { tick: world.tick, entities, byId };
}
