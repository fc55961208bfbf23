/**
 * Deltas between two snapshots, in wire form:
 *   added:   [id, kind, ...record]           (full record)
 *   changed: [id, mask, ...changed values]   (bit i of mask = field i changed; values in field order)
 *   removed: id
 */
import type { Snapshot } from './snapshot.ts';

export interface Delta {
  added: unknown[][];
  changed: unknown[][];
  removed: number[];
}

/**
 * The delta that turns `base` into `next`. `visible`, when given, limits `next` to the entities
 * a client may see; entities of `base` that are not visible any more are removed.
 */
export function diff(base: Snapshot, next: Snapshot, visible?: (id: number) => boolean): Delta {
  const added: unknown[][] = [];
  const changed: unknown[][] = [];
  const removed: number[] = [];
  for (const [id, e] of next.entities) {
    if (visible && !visible(id)) continue;
    const b = base.entities.get(id);
    if (!b || b.kind !== e.kind) {
      if (b) removed.push(id);
      added.push([id, e.kind, ...e.rec]);
      continue;
    }
    if (b === e) continue;
    let mask = 0;
    const vals: unknown[] = [id, 0];
    for (let i = 0; i < e.rec.length; i++) {
      if (e.rec[i] !== b.rec[i]) {
        mask |= 1 << i;
        vals.push(e.rec[i]);
      }
    }
    if (mask !== 0) {
      vals[1] = mask;
      changed.push(vals);
    }
  }
  for (const id of base.entities.keys()) {
    const e = next.entities.get(id);
    if (!e || (visible && !visible(id))) removed.push(id);
  }
  return { added, changed, removed };
}

export function isEmptyDelta(d: Delta): boolean {
  return d.added.length === 0 && d.changed.length === 0 && d.removed.length === 0;
}
