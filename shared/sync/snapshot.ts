/**
 * A snapshot is the quantized state of a room at one tick: entity id → kind, birth tick and
 * wire record. Snapshots are immutable once built. An entity whose record did not change keeps
 * the very same entry object, so "unchanged" is a reference comparison.
 *
 * Velocity fields (vx, vy) are the observed change of x and y since the previous snapshot, in
 * wire units per tick; the client extrapolates positions with them (see delta.ts), and a
 * player's ack by its ackRate (see entities.ts).
 */
import { KIND, MAX_WIRE_VEL, PlayerSchema, POS_SCALE, ProjectileSchema, type Kind } from '../../games/arena/shared/kinds.ts';
import type { Field, WireRecord } from '../schema.ts';
import type { World } from '../../games/arena/shared/world.ts';

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
  /** Every entity's id (players first, then projectiles, each in world order). */
  readonly ids: readonly number[];
  /** The entries indexed by id (ids are small: they are reused), for the hot paths. */
  readonly byId: readonly (Entry | undefined)[];
  /** The largest id (0 when empty). */
  readonly maxId: number;
  /** The same entries as a map (made on first use: the hot paths use ids and byId). */
  readonly entities: ReadonlyMap<number, Entry>;
}

class SnapshotOf implements Snapshot {
  private map: Map<number, Entry> | null = null;
  constructor(
    readonly tick: number,
    readonly ids: readonly number[],
    readonly byId: readonly (Entry | undefined)[],
    readonly maxId: number,
  ) {}

  get entities(): ReadonlyMap<number, Entry> {
    if (this.map === null) {
      const m = new Map<number, Entry>();
      for (const id of this.ids) m.set(id, this.byId[id]!);
      this.map = m;
    }
    return this.map;
  }
}

export const EMPTY_SNAPSHOT: Snapshot = new SnapshotOf(0, [], [], 0);

const P = PlayerSchema.fields;
const Q = ProjectileSchema.fields;
/** A jump larger than this per tick (a respawn) is not a velocity. */
const MAX_OBSERVED_VEL = MAX_WIRE_VEL / 2;

function observedVel(now: number, before: number): number {
  const d = now - before;
  return d >= -MAX_OBSERVED_VEL && d <= MAX_OBSERVED_VEL ? d : 0;
}

/** Quantize the world into a snapshot, reusing unchanged entries of `prev`. */
export function buildSnapshot(world: World, prev: Snapshot | null, dtSec: number): Snapshot {
  // Allocated at their final sizes (ids are below world.nextId): filling them allocates nothing more.
  const ids: number[] = new Array<number>(world.players.size + world.projectiles.size);
  const byId: (Entry | undefined)[] = new Array<Entry | undefined>(world.nextId);
  let count = 0;
  let maxId = 0;
  const before = prev?.byId;
  for (const p of world.players.values()) {
    const old = before?.[p.id];
    const same = old !== undefined && old.born === p.born && old.kind === KIND.Player;
    const x = (P.x as Field<number>).quantize(p.x);
    const y = (P.y as Field<number>).quantize(p.y);
    const vx = same ? observedVel(x, old.rec[0] as number) : 0;
    const vy = same ? observedVel(y, old.rec[1] as number) : 0;
    const aim = (P.aim as Field<number>).quantize(p.aim);
    const ack = (P.ack as Field<number>).quantize(p.lastInput);
    // Inputs flow while a tick took one in the last two (one late input does not stop them).
    const ackRate = p.lastInputTick > 0 && world.tick - p.lastInputTick < 2 ? 1 : 0;
    const hp = (P.hp as Field<number>).quantize(p.hp);
    const kills = (P.kills as Field<number>).quantize(p.kills);
    const deaths = (P.deaths as Field<number>).quantize(p.deaths);
    const name = (P.name as Field<string>).quantize(p.name);
    let entry: Entry;
    // In PlayerSchema's field order (checked by a test). An unchanged record keeps its entry.
    if (
      same &&
      old.rec[0] === x && old.rec[1] === y && old.rec[2] === vx && old.rec[3] === vy && old.rec[4] === aim &&
      old.rec[5] === ack && old.rec[6] === ackRate && old.rec[7] === hp && old.rec[8] === p.alive &&
      old.rec[9] === kills && old.rec[10] === deaths && old.rec[11] === name
    ) {
      entry = old;
    } else {
      const rec: WireRecord = [x, y, vx, vy, aim, ack, ackRate, hp, p.alive, kills, deaths, name];
      entry = { kind: KIND.Player, born: p.born, rec, still: vx === 0 && vy === 0 && ackRate === 0 };
    }
    ids[count++] = p.id;
    byId[p.id] = entry;
    if (p.id > maxId) maxId = p.id;
  }
  const shots = world.projectiles;
  for (let r = 0; r < shots.n; r++) {
    const id = shots.id[r]!;
    const born = shots.born[r]!;
    const old = before?.[id];
    const same = old !== undefined && old.born === born && old.kind === KIND.Projectile;
    const x = (Q.x as Field<number>).quantize(shots.x[r]!);
    const y = (Q.y as Field<number>).quantize(shots.y[r]!);
    // A new projectile's velocity is its first step; later ones are observed.
    const vx = same ? observedVel(x, old.rec[0] as number) : (Q.vx as Field<number>).quantize(shots.vx[r]! * dtSec * POS_SCALE);
    const vy = same ? observedVel(y, old.rec[1] as number) : (Q.vy as Field<number>).quantize(shots.vy[r]! * dtSec * POS_SCALE);
    const owner = (Q.owner as Field<number>).quantize(shots.owner[r]!);
    let entry: Entry;
    if (same && old.rec[0] === x && old.rec[1] === y && old.rec[2] === vx && old.rec[3] === vy && old.rec[4] === owner) entry = old;
    else entry = { kind: KIND.Projectile, born, rec: [x, y, vx, vy, owner], still: vx === 0 && vy === 0 };
    ids[count++] = id;
    byId[id] = entry;
    if (id > maxId) maxId = id;
  }
  return new SnapshotOf(world.tick, ids, byId, maxId);
}
