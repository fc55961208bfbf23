/**
 * The arena's snapshot of a world, as a room builds it, for tests and benchmarks that drive the
 * arena's world directly: the seats' acks are the players' own last inputs (what a room's queues
 * would report).
 */
import { arena } from '../../games/arena/index.ts';
import type { World } from '../../games/arena/shared/world.ts';
import { SnapshotBuilder, type Snapshot } from '../../shared/sync/snapshot.ts';

export function arenaSnapshotter(): (world: World, prev: Snapshot | null, dtSec?: number) => Snapshot {
  const acks = { seq: [] as number[], tick: [] as number[] };
  const builder = new SnapshotBuilder(arena.kinds, arena.seat, acks);
  return (world, prev, dtSec) => {
    if (dtSec !== undefined) world.dtSec = dtSec;
    for (const p of world.players.values()) {
      acks.seq[p.id] = p.lastInput;
      acks.tick[p.id] = p.lastInputTick;
    }
    return builder.build(world.tick, prev, (out) => arena.write(world, out));
  };
}

/** One-off: the snapshot of `world` against `prev` (a new builder each call: tests only). */
export function buildSnapshot(world: World, prev: Snapshot | null, dtSec?: number): Snapshot {
  return arenaSnapshotter()(world, prev, dtSec);
}
