import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode } from '../../shared/codec.ts';
import { ACK_BITS, PlayerSchema } from '../../games/arena/shared/kinds.ts';
import { unwrapCounter } from '../../shared/schema.ts';
import { generateMap } from '../../games/arena/shared/map.ts';
import { addPlayer, removePlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld, type Input, type World } from '../../games/arena/shared/world.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { EMPTY_SNAPSHOT, type Snapshot } from '../../shared/sync/snapshot.ts';
import { arenaSnapshotter } from '../../test/helpers/arenaSnapshot.ts';
import { readStateHeader } from '../../shared/sync/stateHeader.ts';
import { RoomSync, type AoiOptions, type SyncTarget } from './RoomSync.ts';
import { arena } from '../../games/arena/index.ts';

const buildSnapshot = arenaSnapshotter();

const DT = 1 / 30;

class FakeClient implements SyncTarget {
  baseline: Snapshot = EMPTY_SNAPSHOT;
  held: Set<number> | null = null;
  needsFull = true;
  viewX = 0;
  viewY = 0;
  readonly view = new ClientView(arena.kinds);
  bytes = 0;
  constructor(readonly playerId: number) {}
}

const ACK = PlayerSchema.keys.indexOf('ack');

/**
 * Deliver the message as the wire would (decode with msgpackr) and apply it to the client's
 * view; the client restores its input ack from its player's field (`lastSeq`: the last input
 * sequence sent, as the client knows it). Returns the bytes and whether they were the shared State.
 */
function deliver(sync: RoomSync, c: FakeClient, world?: World, lastSeq = 0): { bytes: Uint8Array; shared: boolean } {
  const bytes = sync.encodeFor(c).slice();
  const shared = sync.lastWasShared;
  const msg = decode(bytes) as unknown[];
  const h = readStateHeader(msg)!;
  c.view.apply(h.tick, h.baseTick, msg[3], msg[4], msg[5], msg[6]);
  const own = world?.players.get(c.playerId);
  if (own) expect(unwrapCounter(c.view.entities.get(c.playerId)!.rec[ACK] as number, lastSeq, ACK_BITS)).toBe(own.lastInput);
  c.bytes += bytes.byteLength;
  if (shared) sync.commitShared(c);
  else sync.commit(c);
  return { bytes, shared };
}

/** What the server believes the client holds must be exactly what the client holds. */
function expectInSync(c: FakeClient, next: Snapshot): void {
  const ids = c.held ?? new Set(next.entities.keys());
  const expected = new Map([...ids].map((id) => [id, [...next.entities.get(id)!.rec]]));
  const actual = new Map([...c.view.entities].map(([id, e]) => [id, [...e.rec]]));
  expect(actual).toEqual(expected);
  expect(c.view.tick).toBe(next.tick);
}

type Op =
  | { op: 'join' }
  | { op: 'leave'; k: number }
  | { op: 'tick'; moves: { k: number; mx: number; my: number; aim: number; fire: boolean }[]; skip: number[]; resync: number[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Op>({ op: 'join' }) },
  { weight: 1, arbitrary: fc.nat(30).map<Op>((k) => ({ op: 'leave', k })) },
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('tick' as const),
      moves: fc.array(
        fc.record({
          k: fc.nat(30),
          mx: fc.constantFrom(-1, 0, 1, 0.5),
          my: fc.constantFrom(-1, 0, 1, -0.5),
          aim: fc.double({ min: 0, max: 6.28, noNaN: true }),
          fire: fc.boolean(),
        }),
        { maxLength: 8 },
      ),
      skip: fc.array(fc.nat(30), { maxLength: 3 }), // backpressure: no message to these clients this tick
      resync: fc.array(fc.nat(30), { maxLength: 1 }),
    }),
  },
);

function run(ops: Op[], seed: number, aoi: AoiOptions | null): void {
  const world = createWorld(generateMap(seed, { width: 3000, height: 3000 }), seed);
  const sync = new RoomSync({ aoi, checksum: true, mode: 'delta', seat: arena.seat });
  const clients: FakeClient[] = [];
  const join = (): void => {
    clients.push(new FakeClient(addPlayer(world, `p${clients.length}`).id));
  };
  join();
  join();
  let prev: Snapshot = EMPTY_SNAPSHOT;
  let seq = 1;
  for (const o of ops) {
    if (o.op === 'join') join();
    else if (o.op === 'leave' && clients.length > 1) {
      const [c] = clients.splice(o.k % clients.length, 1);
      removePlayer(world, c!.playerId);
    }
    const inputs = new Map<number, Input[]>();
    if (o.op === 'tick') {
      for (const m of o.moves) {
        const c = clients[m.k % clients.length]!;
        inputs.set(c.playerId, [...(inputs.get(c.playerId) ?? []), { seq: seq++, mx: m.mx, my: m.my, aim: m.aim, fire: m.fire }]);
      }
      for (const k of o.resync) clients[k % clients.length]!.needsFull = true;
    }
    // Big moves so views change: each input moves a player 8.7 units, several per tick.
    for (const [id, list] of inputs) inputs.set(id, [...list, ...list.map((i) => ({ ...i, seq: seq++ })), ...list.map((i) => ({ ...i, seq: seq++ }))]);
    step(world, inputs, DT);
    const next = buildSnapshot(world, prev, DT);
    sync.beginTick(prev, next);
    const skipped = new Set(o.op === 'tick' ? o.skip.map((k) => k % clients.length) : []);
    let sharedBytes: Uint8Array | null = null;
    clients.forEach((c, i) => {
      if (skipped.has(i)) return;
      const sent = deliver(sync, c, world, seq - 1);
      expectInSync(c, next);
      // Encode once: every client in sync got the very same bytes (what a publish sends them).
      if (sent.shared) {
        expect(aoi).toBeNull();
        if (sharedBytes) expect(sent.bytes).toEqual(sharedBytes);
        sharedBytes = sent.bytes;
      }
    });
    prev = next;
  }
}

describe('RoomSync (property): every client decodes exactly the server view it is owed', () => {
  it('everyone sees everything: random world changes, skipped sends and resyncs', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 50 }), fc.nat(10_000), (ops, seed) => run(ops, seed, null)), { numRuns: 60 });
  });

  it('interest management: views move, entities enter and leave, with skipped sends and resyncs', () => {
    const aoi = { halfWidth: 300, halfHeight: 200, margin: 50 };
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 50 }), fc.nat(10_000), (ops, seed) => run(ops, seed, aoi)), { numRuns: 60 });
  });
});

describe('RoomSync', () => {
  it('sends a client only what is in its view, and its bytes do not grow with the room', () => {
    const bytesFor = (players: number, mapSize: number): { bytes: number; held: number } => {
      const world = createWorld({ width: mapSize, height: mapSize, obstacles: [] }, 1);
      const sync = new RoomSync({ aoi: { halfWidth: 400, halfHeight: 300, margin: 50 }, checksum: false, mode: 'delta', seat: arena.seat });
      const ids = Array.from({ length: players }, (_, i) => addPlayer(world, `p${i}`).id);
      const me = new FakeClient(ids[0]!);
      me.held = new Set();
      let prev: Snapshot = EMPTY_SNAPSHOT;
      let total = 0;
      for (let t = 1; t <= 60; t++) {
        const inputs = new Map<number, Input[]>(ids.map((id, i) => [id, [{ seq: t, mx: Math.cos(i + t / 10), my: Math.sin(i + t / 10), aim: t / 5 + i, fire: false }]]));
        step(world, inputs, DT);
        const next = buildSnapshot(world, prev, DT);
        sync.beginTick(prev, next);
        const before = me.bytes;
        deliver(sync, me);
        if (t > 10) total += me.bytes - before;
        prev = next;
      }
      return { bytes: total / 50, held: me.held!.size };
    };
    // Same density (one player per 250×250 units), a map 16× the area.
    const small = bytesFor(16, 1000);
    const large = bytesFor(256, 4000);
    expect(large.held).toBeLessThan(40);
    expect(large.bytes).toBeLessThan(small.bytes * 2);
  });

  it('naive mode sends the whole room every tick', () => {
    const world = createWorld({ width: 1000, height: 1000, obstacles: [] }, 1);
    const ids = [addPlayer(world, 'a').id, addPlayer(world, 'b').id];
    const sync = new RoomSync({ aoi: null, checksum: true, mode: 'naive', seat: arena.seat });
    const c = new FakeClient(ids[0]!);
    let prev: Snapshot = EMPTY_SNAPSHOT;
    for (let t = 1; t <= 3; t++) {
      step(world, new Map(), DT);
      const next = buildSnapshot(world, prev, DT);
      sync.beginTick(prev, next);
      const msg = decode(sync.encodeFor(c).slice()) as unknown[];
      sync.commit(c);
      expect(msg[2]).toBe(0); // always a full snapshot
      c.view.apply(msg[1] as number, 0, msg[3], msg[4], msg[5], msg[6]);
      expect(c.view.entities.size).toBe(2);
      prev = next;
    }
  });
});
