/**
 * The state hash a recording keeps per tick: the sum (mod 2^32) of a hash of each entity's id,
 * kind and quantized record (the debug checksum's, shared/sync/checksum.ts), so the server's
 * snapshot, a re-simulation's and a client view decoded from the recorded States hash alike.
 * It covers what the game writes to the sync layer (every entity, every field), not the game's
 * private world state: a divergence is caught on the first tick it shows in an entity.
 */
import type { ClientView } from '../sync/clientView.ts';
import { entityHash, viewChecksum } from '../sync/checksum.ts';
import type { Snapshot } from '../sync/snapshot.ts';

export function snapshotHash(s: Snapshot): number {
  const ids = s.ids;
  const byId = s.byId;
  let sum = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const e = byId[id]!;
    sum = (sum + entityHash(id, e.kind, e.rec)) >>> 0;
  }
  return sum;
}

export function viewHash(view: ClientView): number {
  return viewChecksum(view.entities);
}
