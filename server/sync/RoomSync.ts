/**
 * The state-sync engine of one room. Each tick it is given the previous and the new snapshot
 * and produces each client's State message: a delta against what that client is known to hold.
 *
 * - Encode once: an entity's change this tick (and its full record, for clients it enters the
 *   view of) is encoded once into a per-tick arena and copied into every message that needs it;
 *   when every client sees everything, the whole State is encoded once, the same bytes for
 *   every client in sync, and published once to all of them (see sendStates).
 * - Interest management: with `aoi`, a client holds only the entities in a rectangle around its
 *   player (with a margin of hysteresis so entities at the edge do not flicker in and out).
 * - Relevance: 'always' entities reach every client whatever its view; 'owner' ones only the
 *   player their owner field names. A game with an owner-only kind and no `aoi` gets the
 *   per-client path with a view that holds the whole world (one shared State would show every
 *   client everyone's private entities); a game without one keeps the shared State.
 * - A client that is behind (just joined, asked for a resync, skipped for backpressure) gets a
 *   delta of its own against the snapshot it holds: a catch-up, or a full snapshot.
 */
import { MsgWriter } from '../../shared/codec.ts';
import { MSG } from '../../shared/protocol.ts';
import type { EntityKind } from '../../shared/game/GameDefinition.ts';
import type { WireRecord, WireValue } from '../../shared/schema.ts';
import { snapshotHash } from '../../shared/replay/stateHash.ts';
import { entityHash } from '../../shared/sync/checksum.ts';
import { appendAdded, appendChange, diff, sameEntity, writeDelta, type DeltaScratch } from '../../shared/sync/delta.ts';
import { RELEVANCE, type KindPlan } from '../../shared/sync/kindPlan.ts';
import { EMPTY_SNAPSHOT, type Entry, type Snapshot } from '../../shared/sync/snapshot.ts';
import { ScratchList } from '../../shared/util/scratchList.ts';
import { SpatialGrid, type GridCell } from './SpatialGrid.ts';

export interface AoiOptions {
  /** Half the view rectangle, in world units. */
  halfWidth: number;
  halfHeight: number;
  /** Entities already held stay until they are this much further out (hysteresis). */
  margin: number;
}

export interface RoomSyncOptions {
  aoi: AoiOptions | null;
  /** Attach a checksum of the client's view to every State message (debug). */
  checksum: boolean;
  /** 'naive' sends a full msgpack snapshot of the room every tick (the benchmark's baseline). */
  mode: 'delta' | 'naive';
  /** The game's seat kind: its position is the client's view centre (world units to wire units from its scale). */
  seat: EntityKind;
  /** The game's kinds (an owner-only kind rules out one State for everyone). */
  kinds: readonly EntityKind[];
}

/** Half the side of a view that holds every position (wire units): far past any field's range, small enough for exact doubles. */
const WHOLE_WORLD_WIRE = 2 ** 40;

/**
 * Whether an entity is for a client: a spatial one while inside the outer rectangle (a held
 * entity's bound), an always one whatever the view, an owner-only one while it is the owner's.
 */
function keeps(plan: KindPlan, rec: WireRecord, playerId: number, r: ViewRect): boolean {
  if (plan.relevance === RELEVANCE.always) return true;
  if (plan.relevance === RELEVANCE.owner) return rec[plan.ownerField] === playerId;
  const x = rec[plan.px] as number;
  const y = rec[plan.py] as number;
  return x >= r.outMinX && x <= r.outMaxX && y >= r.outMinY && y <= r.outMaxY;
}

/** What the engine needs to know of a client. */
export interface SyncTarget {
  readonly playerId: number;
  baseline: Snapshot;
  /** Entity ids the client holds at its baseline; null means all of the baseline. */
  held: Set<number> | null;
  needsFull: boolean;
  /** Centre of the view (wire units), kept when the player is not in the world. */
  viewX: number;
  viewY: number;
}

interface ViewRect {
  inMinX: number;
  inMinY: number;
  inMaxX: number;
  inMaxY: number;
  outMinX: number;
  outMinY: number;
  outMaxX: number;
  outMaxY: number;
}

interface Chunk {
  start: number;
  end: number;
  count: number;
}

const NO_CHUNK: Chunk = { start: 0, end: 0, count: 0 };

export class RoomSync {
  private prev: Snapshot = EMPTY_SNAPSHOT;
  private next: Snapshot = EMPTY_SNAPSHOT;
  private readonly arena = new MsgWriter(16 * 1024);
  private readonly out = new MsgWriter(16 * 1024);
  private readonly deltaScratch: DeltaScratch = { added: new MsgWriter(4096), changed: new MsgWriter(4096), removed: new MsgWriter(256) };
  /** This tick's encoded change / full record of each entity, by id (filled on first use). */
  private readonly changedChunks: (Chunk | undefined)[] = [];
  private readonly addedChunks: (Chunk | undefined)[] = [];
  private readonly grid: SpatialGrid | null;
  private readonly scratch: WireValue[] = [];
  private readonly addedList = new ScratchList<Chunk>();
  private readonly changedList = new ScratchList<Chunk>();
  private readonly keptList = new ScratchList<number>();
  private readonly changedIds = new ScratchList<number>();
  private sortBuf = new Int32Array(256);
  private kept = new Int32Array(1024);
  /** Wire units per world unit of the seat kind's position. */
  private readonly posScale: number;
  /** The view (world units): the options', or the whole world for a game with owner-only kinds and none; null: everyone sees everything. */
  private readonly aoi: AoiOptions | null;
  private readonly rect: ViewRect = { inMinX: 0, inMinY: 0, inMaxX: 0, inMaxY: 0, outMinX: 0, outMinY: 0, outMaxX: 0, outMaxY: 0 };
  private readonly cellList = new ScratchList<GridCell>();
  private stamp = 0;
  private shared: Uint8Array | null = null;
  private readonly hashes = new WeakMap<Entry, number>();
  // What the last encodeFor implies for its target once the message is accepted (see commit).
  private pending: 'all' | 'aoi' | 'catchUp' = 'all';
  private readonly entered = new ScratchList<number>();
  private readonly left = new ScratchList<number>();
  private pendingHeld: Set<number> | null = null;
  /** The last message encoded was a catch-up delta (not a full snapshot, not in sync). */
  lastWasCatchUp = false;
  /**
   * The last message encoded was this tick's shared State (the same bytes for every client in
   * sync when everyone sees everything): it may be published once to all of them.
   */
  lastWasShared = false;

  constructor(private readonly opts: RoomSyncOptions) {
    this.posScale = opts.seat.position === null ? 1 : 1 / opts.seat.positionScale;
    const ownerOnly = opts.kinds.some((k) => k.relevance === 'owner');
    const whole = WHOLE_WORLD_WIRE / this.posScale;
    this.aoi = opts.aoi ?? (ownerOnly ? { halfWidth: whole, halfHeight: whole, margin: 0 } : null);
    this.grid = this.aoi ? new SpatialGrid(Math.max(this.aoi.halfWidth, this.aoi.halfHeight) * 0.5 * this.posScale) : null;
  }

  beginTick(prev: Snapshot, next: Snapshot): void {
    this.prev = prev;
    this.next = next;
    this.arena.reset();
    this.changedChunks.length = 0;
    this.addedChunks.length = 0;
    this.shared = null;
    this.grid?.rebuild(next);
  }

  /**
   * The State message for `t`. The bytes are valid until the next call; call commit(t) once the
   * transport accepted them (and not otherwise), before encoding for another client.
   */
  encodeFor(t: SyncTarget): Uint8Array {
    const own = this.next.byId[t.playerId];
    if (own && own.plan.px >= 0) {
      t.viewX = own.rec[own.plan.px] as number;
      t.viewY = own.rec[own.plan.py] as number;
    }
    this.lastWasShared = false;
    if (this.opts.mode === 'naive') return this.naive(t.playerId);
    const inSync = !t.needsFull && t.baseline === this.prev && this.prev !== EMPTY_SNAPSHOT;
    if (inSync && !this.grid && t.held === null) return this.sharedMessage();
    if (inSync && this.grid && t.held !== null) return this.aoiMessage(t);
    return this.catchUpMessage(t);
  }

  // ---- everyone sees everything, client in sync: one body for all --------------------------
  private sharedMessage(): Uint8Array {
    const bytes = this.roomState();
    this.pending = 'all';
    this.lastWasCatchUp = false;
    this.lastWasShared = true;
    return bytes;
  }

  /**
   * This tick's State for a client that sees everything and holds the previous tick: the shared
   * State, encoded once a tick on first use (by the first client in sync, or a room's recording).
   */
  roomState(): Uint8Array {
    if (!this.shared) {
      const o = this.head(this.prev.tick);
      writeDelta(o, this.deltaScratch, this.prev, this.next);
      if (this.opts.checksum) o.int(this.checksumOf(this.next.ids));
      this.shared = o.buf.slice(0, o.pos);
    }
    return this.shared;
  }

  /** This tick's whole state as a State message (baseTick 0: a recording's keyframe). Valid until the next encode. */
  keyframe(): Uint8Array {
    const o = this.head(0);
    writeDelta(o, this.deltaScratch, EMPTY_SNAPSHOT, this.next);
    if (this.opts.checksum) o.int(this.checksumOf(this.next.ids));
    return o.buf.subarray(0, o.pos);
  }

  /** This tick's state hash (a recording's check, stateHash.ts). */
  stateHash(): number {
    return snapshotHash(this.next);
  }

  /** Record that `t` now holds what the last message for it described. */
  commit(t: SyncTarget): void {
    t.baseline = this.next;
    t.needsFull = false;
    if (this.pending === 'all') t.held = null;
    else if (this.pending === 'catchUp') t.held = this.pendingHeld;
    else {
      const h = t.held!;
      const { left, entered } = this;
      for (let i = 0; i < left.n; i++) h.delete(left.items[i]!);
      for (let i = 0; i < entered.n; i++) h.add(entered.items[i]!);
    }
  }

  private done(kind: 'all' | 'aoi' | 'catchUp', catchUp: boolean): Uint8Array {
    this.pending = kind;
    this.lastWasCatchUp = catchUp;
    return this.out.buf.subarray(0, this.out.pos);
  }

  /** Record that `t`, in sync, now holds this tick's shared State (published or sent). */
  commitShared(t: SyncTarget): void {
    t.baseline = this.next;
    t.needsFull = false;
    t.held = null;
  }

  // ---- interest management, client in sync: per-entity chunks -----------------------------
  private aoiMessage(t: SyncTarget): Uint8Array {
    this.partition(t, t.held!, this.prev);
    // Ids go on the wire as increases over the previous one in the list: in increasing order.
    const keptList = this.sortIds(this.keptList);
    const enteredList = this.sortIds(this.entered);
    const leftList = this.sortIds(this.left);
    const kept = keptList.items;
    const entered = enteredList.items;
    const left = leftList.items;
    const added = this.addedList;
    const changed = this.changedList;
    const changedIds = this.changedIds;
    added.clear();
    changed.clear();
    changedIds.clear();
    let addedCount = 0;
    let changedCount = 0;
    const nextById = this.next.byId;
    const prevById = this.prev.byId;
    for (let i = 0; i < keptList.n; i++) {
      const id = kept[i]!;
      const c = this.changedChunk(id, prevById[id]!, nextById[id]!);
      if (c.count > 0) {
        changed.push(c);
        changedIds.push(id);
        changedCount += c.count + 1;
      }
    }
    for (let i = 0; i < enteredList.n; i++) {
      const id = entered[i]!;
      const c = this.addedChunk(id, nextById[id]!);
      added.push(c);
      addedCount += c.count + 1;
    }
    const o = this.head(this.prev.tick);
    const arena = this.arena.buf;
    o.arrayHeader(addedCount);
    for (let i = 0, last = 0; i < added.n; last = entered[i]!, i++) {
      const c = added.items[i]!;
      o.int(entered[i]! - last);
      o.bytes(arena, c.start, c.end);
    }
    o.arrayHeader(changedCount);
    for (let i = 0, last = 0; i < changed.n; last = changedIds.items[i]!, i++) {
      const c = changed.items[i]!;
      o.int(changedIds.items[i]! - last);
      o.bytes(arena, c.start, c.end);
    }
    o.arrayHeader(leftList.n);
    for (let i = 0, last = 0; i < leftList.n; last = left[i]!, i++) o.int(left[i]! - last);
    // (Debug mode: the copies of the lists it takes are no concern.)
    if (this.opts.checksum) o.int((this.checksumOf(kept.slice(0, keptList.n)) + this.checksumOf(entered.slice(0, enteredList.n))) >>> 0);
    return this.done('aoi', false);
  }

  // ---- behind: a delta of its own against what it holds ------------------------------------
  private catchUpMessage(t: SyncTarget): Uint8Array {
    const full = t.needsFull || t.baseline === EMPTY_SNAPSHOT;
    const base = full ? EMPTY_SNAPSHOT : t.baseline;
    const held = full ? new Set<number>() : t.held;
    let nowHeld: Set<number> | null = null;
    let visible: ((id: number) => boolean) | null = null;
    if (this.grid) {
      this.partition(t, held ?? new Set(base.ids), base);
      const vis = new Set<number>();
      for (const list of [this.keptList, this.entered]) for (let i = 0; i < list.n; i++) vis.add(list.items[i]!);
      nowHeld = vis;
      visible = (id) => vis.has(id);
    }
    const d = diff(base, this.next, held, visible);
    const o = this.head(base.tick);
    writeList(o, d.added);
    writeList(o, d.changed);
    writeList(o, d.removed);
    if (this.opts.checksum) o.int(this.checksumOf(nowHeld ?? this.next.ids));
    this.pendingHeld = nowHeld;
    return this.done('catchUp', !full);
  }

  /** The whole room (but others' owner-only entities) as a full snapshot. */
  private naive(playerId: number): Uint8Array {
    const all: WireValue[] = [];
    const ids: number[] = [];
    let last = 0;
    this.next.byId.forEach((e, id) => {
      if (!e || (e.plan.relevance === RELEVANCE.owner && e.rec[e.plan.ownerField] !== playerId)) return;
      all.push(id - last);
      appendAdded(all, e);
      ids.push(id);
      last = id;
    });
    const o = this.head(0);
    writeList(o, all);
    o.arrayHeader(0);
    o.arrayHeader(0);
    if (this.opts.checksum) o.int(this.checksumOf(ids));
    return this.done('all', false);
  }

  /**
   * [State, tick, ticksSinceBase, …]: ticksSinceBase is tick − baseTick, 0 for a full snapshot
   * (one byte, usually). Nothing here is particular to a client: each client's input ack is its
   * player's `ack` field.
   */
  private head(baseTick: number): MsgWriter {
    const o = this.out;
    o.reset();
    o.arrayHeader(this.opts.checksum ? 7 : 6);
    o.int(MSG.State);
    o.int(this.next.tick);
    o.int(baseTick === 0 ? 0 : this.next.tick - baseTick);
    return o;
  }

  /** The client's view rectangle (inner) and the rectangle held entities may stay in (outer), in wire units. */
  private viewRect(t: SyncTarget): ViewRect {
    const a = this.aoi!;
    const s = this.posScale;
    const hw = a.halfWidth * s;
    const hh = a.halfHeight * s;
    const m = a.margin * s;
    const r = this.rect;
    r.inMinX = t.viewX - hw;
    r.inMaxX = t.viewX + hw;
    r.inMinY = t.viewY - hh;
    r.inMaxY = t.viewY + hh;
    r.outMinX = r.inMinX - m;
    r.outMaxX = r.inMaxX + m;
    r.outMinY = r.inMinY - m;
    r.outMaxY = r.inMaxY + m;
    return r;
  }

  /**
   * The view rule, for in-sync messages and catch-ups alike. A held entity (the same entity as
   * in `base`) stays while inside the outer rectangle (view + margin; the own player always);
   * any other entity enters when inside the view. Two passes that avoid lookups: held ones by
   * id, the rest from the grid's positions. Fills keptList, entered and left.
   */
  private partition(t: SyncTarget, held: ReadonlySet<number>, base: Snapshot): void {
    const stamp = ++this.stamp;
    const kept = this.keptStamp(this.next.maxId);
    const keptList = this.keptList;
    const entered = this.entered;
    const left = this.left;
    keptList.clear();
    entered.clear();
    left.clear();
    const r = this.viewRect(t);
    const nextById = this.next.byId;
    const baseById = base.byId;
    for (const id of held) {
      const e = nextById[id];
      const before = baseById[id];
      if (!e || !before || !sameEntity(before, e)) {
        left.push(id);
        continue;
      }
      const plan = e.plan;
      if (id !== t.playerId && !keeps(plan, e.rec, t.playerId, r)) {
        left.push(id);
        continue;
      }
      kept[id] = stamp;
      keptList.push(id);
    }
    if (kept[t.playerId] !== stamp && this.next.byId[t.playerId] !== undefined) entered.push(t.playerId);
    const cells = this.grid!.cellsIn(r.inMinX, r.inMinY, r.inMaxX, r.inMaxY, this.cellList);
    for (let c = 0; c < cells.n; c++) {
      const { ids, xs, ys, n } = cells.items[c]!;
      for (let i = 0; i < n; i++) {
        const x = xs[i]!;
        const y = ys[i]!;
        if (x < r.inMinX || x > r.inMaxX || y < r.inMinY || y > r.inMaxY) continue;
        const id = ids[i]!;
        if (kept[id] !== stamp && id !== t.playerId) entered.push(id);
      }
    }
    // Kinds that are not placed by position: always relevant, or the owner's only.
    const unplaced = this.grid!.unplaced;
    for (let i = 0; i < unplaced.n; i++) {
      const id = unplaced.items[i]!;
      if (kept[id] === stamp || id === t.playerId) continue;
      const e = nextById[id]!;
      if (keeps(e.plan, e.rec, t.playerId, r)) entered.push(id);
    }
  }

  /** Sort ids in place, ascending: through a typed array, whose sort is native (no comparator calls). */
  private sortIds(list: ScratchList<number>): ScratchList<number> {
    const n = list.n;
    if (n < 2) return list;
    if (this.sortBuf.length < n) this.sortBuf = new Int32Array(n * 2);
    const buf = this.sortBuf;
    const items = list.items;
    for (let i = 0; i < n; i++) buf[i] = items[i]!;
    buf.subarray(0, n).sort();
    for (let i = 0; i < n; i++) items[i] = buf[i]!;
    return list;
  }

  private keptStamp(maxId: number): Int32Array {
    if (this.kept.length <= maxId) {
      const grown = new Int32Array(Math.max(maxId + 1, this.kept.length * 2));
      grown.set(this.kept);
      this.kept = grown;
    }
    return this.kept;
  }

  private changedChunk(id: number, before: Entry, e: Entry): Chunk {
    let c = this.changedChunks[id];
    if (c) return c;
    const vals = this.scratch;
    vals.length = 0;
    const n = appendChange(vals, before, e, this.next.tick - this.prev.tick);
    c = n === 0 ? NO_CHUNK : this.toArena(vals);
    this.changedChunks[id] = c;
    return c;
  }

  private addedChunk(id: number, e: Entry): Chunk {
    let c = this.addedChunks[id];
    if (c) return c;
    const vals = this.scratch;
    vals.length = 0;
    appendAdded(vals, e);
    c = this.toArena(vals);
    this.addedChunks[id] = c;
    return c;
  }

  private toArena(vals: readonly WireValue[]): Chunk {
    const w = this.arena;
    const start = w.pos;
    for (const v of vals) w.value(v);
    return { start, end: w.pos, count: vals.length };
  }

  private hashOf(id: number, e: Entry): number {
    let h = this.hashes.get(e);
    if (h === undefined) {
      h = entityHash(id, e.kind, e.rec);
      this.hashes.set(e, h);
    }
    return h;
  }

  private checksumOf(ids: Iterable<number>): number {
    let sum = 0;
    for (const id of ids) sum = (sum + this.hashOf(id, this.next.byId[id]!)) >>> 0;
    return sum;
  }


}

function writeList(w: MsgWriter, values: readonly WireValue[]): void {
  w.arrayHeader(values.length);
  for (const v of values) w.value(v);
}
