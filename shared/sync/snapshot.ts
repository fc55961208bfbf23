/**
 * A snapshot is the quantized state of a room at one tick: entity id → kind, birth tick and
 * wire record. Snapshots are immutable once built. An entity whose record did not change keeps
 * the very same entry object, so "unchanged" is a reference comparison.
 *
 * The game hands its world over through SnapshotBuilder, the engine's EntityWriter: the game
 * writes each entity's simulation values into its kind's slots and puts it; the builder
 * quantizes them with the kind's generated quantizer (kindPlan.ts), fills the observed
 * velocities (the change of a position since the previous snapshot, in wire units per tick:
 * the client extrapolates by them) and the seat kind's ack fields, and keeps the previous entry
 * when nothing changed.
 */
import type { EntityKind, EntityWriter } from '../game/GameDefinition.ts';
import type { WireRecord, WireValue } from '../schema.ts';
import type { KindPlan } from './kindPlan.ts';

export interface Entry {
  /** The kind's wire code. */
  readonly kind: number;
  /** Birth tick: a different value at the same id is a different entity. */
  readonly born: number;
  readonly rec: WireRecord;
  /** True when every velocity field is zero (the record would not move by extrapolation). */
  readonly still: boolean;
  /** The kind's compiled plan (the delta and view loops read it: one shape for every kind of every game). */
  readonly plan: KindPlan;
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

/** The engine's acknowledgement of each seat's inputs, by seat entity id (filled by the room's tick). */
export interface SeatAcks {
  /** The sequence number of the last input a tick took. */
  readonly seq: number[];
  /** The tick that took it (0: none yet). */
  readonly tick: number[];
}

/**
 * Builds each tick's snapshot from what the game writes (GameDefinition.write). One per room;
 * its scratch is reused tick after tick, so a tick in which nothing changed allocates only the
 * snapshot's two arrays.
 */
export class SnapshotBuilder implements EntityWriter {
  private readonly kindOf: KindState[] = [];
  private readonly ackField: number;
  private readonly ackRateField: number;
  private readonly seatCode: number;
  private ids: number[] = [];
  private byId: (Entry | undefined)[] = [];
  private maxId = 0;
  private tick = 0;
  private before: readonly (Entry | undefined)[] | undefined = undefined;

  constructor(
    kinds: readonly EntityKind[],
    seat: EntityKind,
    private readonly acks: SeatAcks,
  ) {
    for (const k of kinds) {
      const plan = k.plan;
      this.kindOf[plan.code] = { plan, slots: new Float64Array(plan.n), texts: new Array<string>(plan.n).fill(''), out: new Array<WireValue>(plan.n).fill(0) };
    }
    this.seatCode = seat.plan.code;
    this.ackField = seat.schema.keys.indexOf('ack');
    this.ackRateField = seat.schema.keys.indexOf('ackRate');
  }

  slots(kind: EntityKind): Float64Array {
    return this.kindOf[kind.code]!.slots;
  }

  texts(kind: EntityKind): string[] {
    return this.kindOf[kind.code]!.texts;
  }

  /** The snapshot of `tick`: `write` puts every entity (the game's write, bound to its world). */
  build(tick: number, prev: Snapshot | null, write: (out: EntityWriter) => void): Snapshot {
    this.tick = tick;
    this.before = prev?.byId;
    this.maxId = 0;
    // Written straight into the snapshot's arrays (sized as the previous one's).
    this.ids = [];
    this.byId = new Array<Entry | undefined>(prev === null ? 0 : prev.maxId + 1);
    write(this);
    const byId = this.byId;
    if (byId.length > this.maxId + 1) byId.length = this.maxId + 1;
    this.before = undefined;
    return new SnapshotOf(tick, this.ids, byId, this.maxId);
  }

  put(kind: EntityKind, id: number, born: number): void {
    const code = kind.code;
    const k = this.kindOf[code]!;
    const plan = k.plan;
    const slots = k.slots;
    if (code === this.seatCode) {
      slots[this.ackField] = this.acks.seq[id] ?? 0;
      const t = this.acks.tick[id] ?? 0;
      // Inputs flow while a tick took one in the last two (one late input does not stop them).
      slots[this.ackRateField] = t > 0 && this.tick - t < 2 ? 1 : 0;
    }
    const q = k.out;
    const before = this.before;
    const old = before === undefined ? undefined : before[id];
    const same = old !== undefined && old.born === born && old.kind === code;
    // Quantized, observed velocities filled (a new entity keeps the game's own: its first step), compared.
    let entry: Entry;
    if (plan.quantizeCompare(slots, k.texts, q, same ? old.rec : null)) entry = old!;
    else {
      const rec: WireRecord = q.slice(0, plan.n);
      entry = { kind: code, born, rec, still: plan.isStill(rec), plan };
    }
    this.ids.push(id);
    this.byId[id] = entry;
    if (id > this.maxId) this.maxId = id;
  }
}

/** A kind's plan and scratch, in one object: a put reaches them with one lookup. */
interface KindState {
  readonly plan: KindPlan;
  readonly slots: Float64Array;
  readonly texts: string[];
  readonly out: WireValue[];
}
