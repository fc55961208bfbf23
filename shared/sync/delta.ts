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
import type { WireValue } from '../schema.ts';
import type { Entry, Snapshot } from './snapshot.ts';

export interface Delta {
  added: WireValue[];
  changed: WireValue[];
  removed: number[];
}

/**
 * The change mask of `neu` against what a client holding `old` (k ticks ago) expects: bit i set
 * when field i differs. For each numeric field whose bit is set, `diffs[i]` receives the value to
 * send (the wire difference from the expected value). 0 when the client's extrapolation is exact.
 * The arithmetic is wireAdd's and wireSub's, written out on the plan's flat data: calling them
 * with a range object per field measured 30 % slower (10.6–13.8 → 14.9–15.5 µs per writeDelta of
 * a 50-player room). The client's view adds with wireAdd, so a difference between the two would
 * be a desync: delta.test.ts's wrap-around property test decodes deltas across the ack's and the
 * aim's wrap and catches it (an off-by-one in the wrapped expectation made it fail).
 */
function changeInto(old: Entry, neu: Entry, k: number, diffs: Float64Array): number {
  if (old === neu && old.still) return 0;
  const plan = neu.plan;
  const { vel, numeric, wrap, min, max } = plan;
  const a = old.rec;
  const b = neu.rec;
  let mask = 0;
  for (let i = 0; i < plan.n; i++) {
    const v = vel[i]!;
    const bi = b[i]!;
    let expected: WireValue = a[i]!;
    if (v >= 0) {
      const sum = (expected as number) + (a[v] as number) * k;
      if (wrap[i] === 1) {
        const m = max[i]! + 1;
        // Most sums need no wrapping: skip the remainder (on doubles, an x87 fprem: slow).
        expected = sum >= 0 && sum < m ? sum + 0 : (((sum % m) + m) % m) + 0;
      } else expected = sum < min[i]! ? min[i]! : sum > max[i]! ? max[i]! : sum;
    }
    if (bi === expected) continue;
    mask |= 1 << i;
    if (numeric[i] === 0) continue;
    if (wrap[i] === 1) {
      const m = max[i]! + 1;
      const diff = (bi as number) - (expected as number);
      if (diff >= -m / 2 && diff < m / 2) diffs[i] = diff + 0;
      else {
        const d = ((diff % m) + m) % m;
        diffs[i] = d >= m / 2 ? d - m : d;
      }
    } else diffs[i] = (bi as number) - (expected as number);
  }
  return mask;
}

/** Scratch for changeInto's differences (a record has at most 32 fields: the mask's bits). */
const DIFFS = new Float64Array(32);

/**
 * Append the change of one entity from `old` (held by the client, k ticks ago) to `neu`: its
 * mask and values, without the id. Returns the number of values appended (0 when the client's
 * extrapolation is exact: then nothing is appended).
 */
export function appendChange(out: WireValue[], old: Entry, neu: Entry, k: number): number {
  const mask = changeInto(old, neu, k, DIFFS);
  if (mask === 0) return 0;
  const numeric = neu.plan.numeric;
  const b = neu.rec;
  out.push(mask);
  let n = 1;
  for (let m = mask; m !== 0; m &= m - 1) {
    const i = 31 - Math.clz32(m & -m);
    out.push(numeric[i] === 1 ? DIFFS[i]! : b[i]!);
    n++;
  }
  return n;
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
      const mask = changeInto(b, e, k, DIFFS);
      if (mask === 0) continue;
      const numeric = e.plan.numeric;
      const rec = e.rec;
      changed.int(id - lastChanged);
      changed.int(mask);
      changedCount += 2;
      for (let m = mask; m !== 0; m &= m - 1) {
        const i = 31 - Math.clz32(m & -m);
        if (numeric[i] === 1) changed.int(DIFFS[i]!);
        else changed.value(rec[i]!);
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
