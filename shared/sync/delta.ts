/**
 * Deltas between what a client holds and a newer snapshot, in the flat wire form of a State
 * message (docs/protocol.md):
 *   added:   +id, kind, ...record                 (full record, one after another)
 *   changed: +id, mask, ...values                 (bit i of mask: field i differs from expected)
 *   removed: +id, +id, ...
 * Each list is in increasing id order and "+id" is the id's increase over the previous one in
 * the same list (the first: over 0), so ids cost one byte however large the room is.
 * "Expected" is what the client computes by itself: its held value, advanced by velocity·k for
 * position fields (k = ticks between the two states). Numeric values are sent as the
 * difference from the expected value; others as they are. A straight-moving entity whose
 * other fields did not change costs nothing.
 */
import type { MsgWriter } from '../codec.ts';
import { SCHEMAS } from '../entities.ts';
import { wireAdd, wireSub, type Schema, type WireValue } from '../schema.ts';
import type { Entry, Snapshot } from './snapshot.ts';

export interface Delta {
  added: WireValue[];
  changed: WireValue[];
  removed: number[];
}

/** The value the client expects for field i of `old` after k ticks. */
export function expectedValue(schema: Schema, old: readonly WireValue[], i: number, k: number): WireValue {
  const vel = schema.velOf[i]!;
  return vel < 0 ? old[i]! : wireAdd(schema.list[i]!.range!, old[i] as number, (old[vel] as number) * k);
}

/**
 * Append the change of one entity from `old` (held by the client, k ticks ago) to `neu`: its
 * mask and values, without the id. Returns the number of values appended (0 when the client's
 * extrapolation is exact: then nothing is appended).
 */
export function appendChange(out: WireValue[], old: Entry, neu: Entry, k: number): number {
  const mask = changeMask(old, neu, k);
  if (mask === 0) return 0;
  const schema = SCHEMAS[neu.kind];
  out.push(mask);
  let n = 1;
  for (let i = 0; i < neu.rec.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    out.push(changedValue(schema, old.rec, neu.rec, i, k));
    n++;
  }
  return n;
}

/**
 * Bit i set: field i of `neu` differs from what a client holding `old` (k ticks ago) expects of
 * it. 0 when the client's extrapolation is exact.
 */
function changeMask(old: Entry, neu: Entry, k: number): number {
  if (old === neu && old.still) return 0;
  const schema = SCHEMAS[neu.kind];
  const a = old.rec;
  const b = neu.rec;
  let mask = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== expectedValue(schema, a, i, k)) mask |= 1 << i;
  return mask;
}

/** What a change sends for field i: numeric fields as the difference from the expected value, others as they are. */
function changedValue(schema: Schema, a: readonly WireValue[], b: readonly WireValue[], i: number, k: number): WireValue {
  const range = schema.list[i]!.range;
  return range !== null ? wireSub(range, expectedValue(schema, a, i, k) as number, b[i] as number) : b[i]!;
}

/** Append an entity's kind and full record (without the id). */
export function appendAdded(out: WireValue[], e: Entry): number {
  out.push(e.kind);
  for (const v of e.rec) out.push(v);
  return e.rec.length + 1;
}

/** Same entity (not a later one reusing the id)? */
export function sameEntity(a: Entry, b: Entry): boolean {
  return a.born === b.born && a.kind === b.kind;
}

/**
 * The delta that takes a client from `base` (restricted to `held`, or all of base when null) to
 * `next` (restricted to `visible`, or all of next when null). One pass over the ids in
 * increasing order, so each list comes out sorted and its ids are written as increases.
 */
export function diff(
  base: Snapshot,
  next: Snapshot,
  held: ReadonlySet<number> | null = null,
  visible: ((id: number) => boolean) | null = null,
): Delta {
  const k = next.tick - base.tick;
  const added: WireValue[] = [];
  const changed: WireValue[] = [];
  const removed: number[] = [];
  let lastAdded = 0;
  let lastChanged = 0;
  let lastRemoved = 0;
  const baseById = base.byId;
  const nextById = next.byId;
  const end = Math.max(baseById.length, nextById.length);
  for (let id = 0; id < end; id++) {
    const b0 = baseById[id];
    const b = b0 !== undefined && (held === null || held.has(id)) ? b0 : undefined;
    const e0 = nextById[id];
    const e = e0 !== undefined && (visible === null || visible(id)) ? e0 : undefined;
    if (b && (!e || !sameEntity(b, e))) {
      removed.push(id - lastRemoved);
      lastRemoved = id;
    }
    if (!e) continue;
    if (b && sameEntity(b, e)) {
      const at = changed.length;
      changed.push(id - lastChanged);
      if (appendChange(changed, b, e, k) === 0) changed.length = at;
      else lastChanged = id;
    } else {
      added.push(id - lastAdded);
      appendAdded(added, e);
      lastAdded = id;
    }
  }
  return { added, changed, removed };
}

/** Scratch writers for writeDelta's three lists (their lengths are known only at the end). */
export interface DeltaScratch {
  added: MsgWriter;
  changed: MsgWriter;
  removed: MsgWriter;
}

/**
 * The delta from `base` to `next` (all of both: everyone sees everything) written straight into
 * `o` as the three msgpack arrays of a State: the same bytes as diff()'s lists written one value
 * after another, without building them (this runs for every room every tick).
 */
export function writeDelta(o: MsgWriter, scratch: DeltaScratch, base: Snapshot, next: Snapshot): void {
  const k = next.tick - base.tick;
  const added = scratch.added;
  const changed = scratch.changed;
  const removed = scratch.removed;
  added.reset();
  changed.reset();
  removed.reset();
  let addedCount = 0;
  let changedCount = 0;
  let removedCount = 0;
  let lastAdded = 0;
  let lastChanged = 0;
  let lastRemoved = 0;
  const baseById = base.byId;
  const nextById = next.byId;
  const end = Math.max(base.maxId, next.maxId) + 1;
  for (let id = 0; id < end; id++) {
    const b = baseById[id];
    const e = nextById[id];
    if (e === undefined) {
      if (b !== undefined) {
        removed.int(id - lastRemoved);
        removedCount++;
        lastRemoved = id;
      }
      continue;
    }
    if (b !== undefined && sameEntity(b, e)) {
      const mask = changeMask(b, e, k);
      if (mask === 0) continue;
      const schema = SCHEMAS[e.kind];
      changed.int(id - lastChanged);
      changed.int(mask);
      changedCount += 2;
      for (let i = 0; i < e.rec.length; i++) {
        if ((mask & (1 << i)) === 0) continue;
        changed.value(changedValue(schema, b.rec, e.rec, i, k));
        changedCount++;
      }
      lastChanged = id;
      continue;
    }
    if (b !== undefined) {
      // The id was reused by a later entity: the old one goes, the new one comes.
      removed.int(id - lastRemoved);
      removedCount++;
      lastRemoved = id;
    }
    added.int(id - lastAdded);
    added.int(e.kind);
    const rec = e.rec;
    for (let i = 0; i < rec.length; i++) added.value(rec[i]!);
    addedCount += 2 + rec.length;
    lastAdded = id;
  }
  o.arrayHeader(addedCount);
  o.bytes(added.buf, 0, added.pos);
  o.arrayHeader(changedCount);
  o.bytes(changed.buf, 0, changed.pos);
  o.arrayHeader(removedCount);
  o.bytes(removed.buf, 0, removed.pos);
}
