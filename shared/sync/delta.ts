/**
 * Deltas between what a client holds and a newer snapshot, in the flat wire form of a State
 * message (docs/protocol.md):
 *   added:   id, kind, ...record                  (full record, one after another)
 *   changed: id, mask, ...values                  (bit i of mask: field i differs from expected)
 *   removed: id, id, ...
 * "Expected" is what the client computes by itself: its held value, advanced by velocity·k for
 * position fields (k = ticks between the two states). Numeric values are sent as the
 * difference from the expected value; others as they are. A straight-moving entity whose
 * other fields did not change costs nothing.
 */
import { SCHEMAS } from '../entities.ts';
import type { Schema, WireValue } from '../schema.ts';
import type { Entry, Snapshot } from './snapshot.ts';

export interface Delta {
  added: WireValue[];
  changed: WireValue[];
  removed: number[];
}

/** The value the client expects for field i of `old` after k ticks. */
export function expectedValue(schema: Schema, old: readonly WireValue[], i: number, k: number): WireValue {
  const vel = schema.velOf[i]!;
  return vel < 0 ? old[i]! : schema.list[i]!.add(old[i] as number, (old[vel] as number) * k);
}

/**
 * Append the change of one entity from `old` (held by the client, k ticks ago) to `neu`.
 * Returns the number of values appended (0 when the client's extrapolation is exact).
 */
export function appendChange(out: WireValue[], id: number, old: Entry, neu: Entry, k: number): number {
  if (old === neu && old.still) return 0;
  const schema = SCHEMAS[neu.kind];
  const start = out.length;
  out.push(id, 0);
  let mask = 0;
  const a = old.rec;
  const b = neu.rec;
  for (let i = 0; i < b.length; i++) {
    const field = schema.list[i]!;
    const expected = expectedValue(schema, a, i, k);
    if (b[i] === expected) continue;
    mask |= 1 << i;
    out.push(field.numeric ? field.sub(expected as number, b[i] as number) : b[i]!);
  }
  if (mask === 0) {
    out.length = start;
    return 0;
  }
  out[start + 1] = mask;
  return out.length - start;
}

export function appendAdded(out: WireValue[], id: number, e: Entry): number {
  out.push(id, e.kind);
  for (const v of e.rec) out.push(v);
  return e.rec.length + 2;
}

/** Same entity (not a later one reusing the id)? */
export function sameEntity(a: Entry, b: Entry): boolean {
  return a.born === b.born && a.kind === b.kind;
}

/**
 * The delta that takes a client from `base` (restricted to `held`, or all of base when null) to
 * `next` (restricted to `visible`, or all of next when null).
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
  const holds = (id: number): boolean => base.entities.has(id) && (held === null || held.has(id));
  for (const [id, b] of base.entities) {
    if (held !== null && !held.has(id)) continue;
    const e = next.entities.get(id);
    if (!e || !sameEntity(b, e) || (visible !== null && !visible(id))) removed.push(id);
  }
  for (const [id, e] of next.entities) {
    if (visible !== null && !visible(id)) continue;
    const b = holds(id) ? base.entities.get(id)! : undefined;
    if (b && sameEntity(b, e)) appendChange(changed, id, b, e, k);
    else appendAdded(added, id, e);
  }
  return { added, changed, removed };
}
