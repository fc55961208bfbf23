import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode } from '../../shared/codec.ts';
import { ACK_BITS } from '../../shared/game/defineGame.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { Clock, fixtureGame, fixtureOpenGame, Mover, MoverSchema, Shot, Target, type FixtureParams, type FixtureWorld } from '../../shared/game/testing/fixtureGame.ts';
import { GameHarness } from '../../shared/game/testing/testKit.ts';
import { unwrapCounter } from '../../shared/schema.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { RELEVANCE } from '../../shared/sync/kindPlan.ts';
import { EMPTY_SNAPSHOT, type Snapshot } from '../../shared/sync/snapshot.ts';
import { readStateHeader } from '../../shared/sync/stateHeader.ts';
import { RoomSync, type AoiOptions, type SyncTarget } from './RoomSync.ts';

class FakeClient implements SyncTarget {
  baseline: Snapshot = EMPTY_SNAPSHOT;
  held: Set<number> | null = null;
  needsFull = true;
  viewX = 0;
  viewY = 0;
  readonly view = new ClientView(fixtureGame.kinds);
  bytes = 0;
  constructor(readonly playerId: number) {}
}

const ACK = MoverSchema.keys.indexOf('ack');
const syncFor = (game: AnyGame, aoi: AoiOptions | null, checksum = true, mode: 'delta' | 'naive' = 'delta') =>
  new RoomSync({ aoi, checksum, mode, seat: game.seat, kinds: game.kinds });

/**
 * Deliver the message as the wire would (decode with msgpackr) and apply it to the client's
 * view; the client restores its input ack from its seat's field (`lastSeq`: the last input
 * sequence sent, as the client knows it). Returns the bytes and whether they were the shared State.
 */
function deliver(sync: RoomSync, c: FakeClient, world?: FixtureWorld, lastSeq = 0): { bytes: Uint8Array; shared: boolean; full: boolean } {
  const bytes = sync.encodeFor(c).slice();
  const shared = sync.lastWasShared;
  const msg = decode(bytes) as unknown[];
  const h = readStateHeader(msg)!;
  // A client that asked for a resync (or holds nothing) gets a full snapshot.
  const full = h.baseTick === 0;
  if (c.needsFull) expect(full).toBe(true);
  c.view.apply(h.tick, h.baseTick, msg[3], msg[4], msg[5], msg[6]);
  const own = world?.movers.get(c.playerId);
  if (own) expect(unwrapCounter(c.view.entities.get(c.playerId)!.rec[ACK] as number, lastSeq, ACK_BITS)).toBe(own.lastSeq);
  c.bytes += bytes.byteLength;
  if (shared) sync.commitShared(c);
  else sync.commit(c);
  return { bytes, shared, full };
}

/** What the server believes the client holds must be exactly what the client holds. */
function expectInSync(c: FakeClient, next: Snapshot): void {
  const ids = c.held ?? new Set(next.entities.keys());
  const expected = new Map([...ids].map((id) => [id, [...next.entities.get(id)!.rec]]));
  const actual = new Map([...c.view.entities].map(([id, e]) => [id, [...e.rec]]));
  expect(actual).toEqual(expected);
  expect(c.view.tick).toBe(next.tick);
}

/** The relevance rules, whatever the view: the own seat, every 'always' entity, its own 'owner' ones and no one else's. */
function expectRelevance(c: FakeClient, next: Snapshot): void {
  for (const [id, e] of next.entities) {
    const holds = c.view.entities.has(id);
    if (id === c.playerId || e.plan.relevance === RELEVANCE.always) expect(holds).toBe(true);
    if (e.plan.relevance === RELEVANCE.owner) expect(holds).toBe(e.rec[e.plan.ownerField] === c.playerId);
  }
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

/** Over a property's runs: entities that entered and left views (interest management did move), and shared States sent. */
const seen = { entered: 0, left: 0, shared: 0 };

function run(game: typeof fixtureGame, ops: Op[], seed: number, aoi: AoiOptions | null, params: FixtureParams): void {
  const h = new GameHarness(game, params, seed);
  const sync = syncFor(game, aoi);
  const clients: FakeClient[] = [];
  const join = (): void => {
    clients.push(new FakeClient(h.join(`p${clients.length}`)));
  };
  join();
  join();
  let seq = 1;
  for (const o of ops) {
    if (o.op === 'join') join();
    else if (o.op === 'leave' && clients.length > 1) {
      const [c] = clients.splice(o.k % clients.length, 1);
      h.leave(c!.playerId);
    }
    const inputs = new Map<number, { seq: number; mx: number; my: number; aim: number; fire: boolean; throttle: number }[]>();
    if (o.op === 'tick') {
      for (const m of o.moves) {
        const c = clients[m.k % clients.length]!;
        inputs.set(c.playerId, [...(inputs.get(c.playerId) ?? []), { seq: seq++, mx: m.mx, my: m.my, aim: m.aim, fire: m.fire, throttle: 2 }]);
      }
      for (const k of o.resync) clients[k % clients.length]!.needsFull = true;
    }
    // Big moves so views change: each input moves a seat 8 units, several per tick.
    for (const [id, list] of inputs) inputs.set(id, [...list, ...list.map((i) => ({ ...i, seq: seq++ })), ...list.map((i) => ({ ...i, seq: seq++ }))]);
    const prev = h.snapshot;
    h.step(inputs);
    const next = h.snapshot;
    sync.beginTick(prev, next);
    const skipped = new Set(o.op === 'tick' ? o.skip.map((k) => k % clients.length) : []);
    let sharedBytes: Uint8Array | null = null;
    clients.forEach((c, i) => {
      if (skipped.has(i)) return;
      const before = new Set(c.view.entities.keys());
      const sent = deliver(sync, c, h.world, seq - 1);
      expectInSync(c, next);
      expectRelevance(c, next);
      for (const id of c.view.entities.keys()) if (!before.has(id)) seen.entered++;
      for (const id of before) if (!c.view.entities.has(id)) seen.left++;
      // Encode once: every client in sync got the very same bytes (what a publish sends them).
      if (sent.shared) {
        expect(aoi).toBeNull();
        expect(game).toBe(fixtureOpenGame);
        seen.shared++;
        if (sharedBytes) expect(sent.bytes).toEqual(sharedBytes);
        sharedBytes = sent.bytes;
      }
    });
  }
}

describe('RoomSync (property): every client decodes exactly the server view it is owed', () => {
  const ops = fc.array(opArb, { minLength: 1, maxLength: 50 });

  it('everyone sees everything: random world changes, skipped sends and resyncs (one shared State)', () => {
    seen.shared = 0;
    fc.assert(
      fc.property(ops, fc.nat(10_000), (o, seed) => run(fixtureOpenGame, o, seed, null, { size: 1000 })),
      { numRuns: 60 },
    );
    expect(seen.shared).toBeGreaterThan(100);
  });

  it("no interest management but an owner-only kind: everyone sees everything except others' private entities", () => {
    seen.shared = 0;
    fc.assert(
      fc.property(ops, fc.nat(10_000), (o, seed) => run(fixtureGame, o, seed, null, { size: 1000 })),
      { numRuns: 40 },
    );
    expect(seen.shared).toBe(0);
  });

  it('interest management: views move, entities enter and leave, with skipped sends and resyncs', () => {
    const aoi = { halfWidth: 300, halfHeight: 200, margin: 50 };
    seen.entered = seen.left = 0;
    fc.assert(
      fc.property(ops, fc.nat(10_000), (o, seed) => run(fixtureGame, o, seed, aoi, { size: 1000 })),
      // Enough runs that the random cases surely hold entities leaving views (60 once gave exactly 10).
      { numRuns: 200 },
    );
    expect(seen.left).toBeGreaterThan(10);
    expect(seen.entered).toBeGreaterThan(seen.left);
  });
});

describe('RoomSync', () => {
  it('sends a client only what is in its view, and its bytes do not grow with the room', () => {
    const bytesFor = (players: number, size: number): { bytes: number; held: number } => {
      const h = new GameHarness(fixtureGame, { size }, 1);
      const sync = syncFor(fixtureGame, { halfWidth: 400, halfHeight: 300, margin: 50 }, false);
      const ids = Array.from({ length: players }, (_, i) => h.join(`p${i}`));
      const me = new FakeClient(ids[0]!);
      me.held = new Set();
      let total = 0;
      for (let t = 1; t <= 60; t++) {
        const prev = h.snapshot;
        h.step(new Map(ids.map((id, i) => [id, [{ seq: t, mx: Math.cos(i + t / 10), my: Math.sin(i + t / 10), aim: t / 5 + i }]])));
        sync.beginTick(prev, h.snapshot);
        const before = me.bytes;
        deliver(sync, me);
        if (t > 10) total += me.bytes - before;
      }
      return { bytes: total / 50, held: me.held!.size };
    };
    // Same density (one seat per 250×250 units), a field 16× the area.
    const small = bytesFor(16, 1000);
    const large = bytesFor(256, 4000);
    expect(large.held).toBeLessThan(40);
    expect(large.bytes).toBeLessThan(small.bytes * 2);
  });

  it("naive mode sends the whole room every tick (but others' owner-only entities)", () => {
    const h = new GameHarness(fixtureGame, { size: 1000 }, 1);
    const ids = [h.join('a'), h.join('b')];
    const sync = syncFor(fixtureGame, null, true, 'naive');
    const c = new FakeClient(ids[0]!);
    for (let t = 1; t <= 3; t++) {
      const prev = h.snapshot;
      h.step();
      sync.beginTick(prev, h.snapshot);
      const msg = decode(sync.encodeFor(c).slice()) as unknown[];
      sync.commit(c);
      expect(msg[2]).toBe(0); // always a full snapshot
      c.view.apply(msg[1] as number, 0, msg[3], msg[4], msg[5], msg[6]);
      // Two movers, the clock, its own target (checksum included: it is the view's).
      expect([...c.view.entities.values()].map((e) => e.kind).sort((p, q) => p - q)).toEqual([Mover.code, Mover.code, Clock.code, Target.code].sort((p, q) => p - q));
      expectRelevance(c, h.snapshot);
    }
  });
});

describe('RoomSync relevance', () => {
  /** A field where the two seats are far apart and a third walks across: what each client is sent. */
  function scene(aoi: AoiOptions | null) {
    const h = new GameHarness(fixtureGame, { size: 4000 }, 3);
    const sync = syncFor(fixtureGame, aoi);
    const ids = [h.join('a'), h.join('b'), h.join('c')];
    const place = (id: number, x: number, y: number): void => {
      const m = h.world.movers.get(id)!;
      m.x = x;
      m.y = y;
    };
    place(ids[0]!, 200, 200);
    place(ids[1]!, 3800, 3800);
    place(ids[2]!, 200, 1400);
    // Every target right next to the first seat: spatially in its view, but only one its own.
    for (const id of ids) {
      const t = h.world.movers.get(id)!.target;
      t.x = 300;
      t.y = 250;
    }
    const clients = ids.map((id) => new FakeClient(id));
    let lastSeq = 0;
    const tick = (inputs = new Map<number, { seq: number; mx?: number; my?: number; fire?: boolean; aim?: number; throttle?: number }[]>()): void => {
      for (const list of inputs.values()) for (const i of list) lastSeq = Math.max(lastSeq, i.seq);
      const prev = h.snapshot;
      h.step(inputs);
      sync.beginTick(prev, h.snapshot);
      for (const c of clients) {
        deliver(sync, c, h.world, lastSeq);
        expectInSync(c, h.snapshot);
        expectRelevance(c, h.snapshot);
      }
    };
    return { h, ids, clients, tick };
  }

  it('with interest management: an owner-only entity reaches its owner only, an always entity everyone, whatever their view', () => {
    const { h, ids, clients, tick } = scene({ halfWidth: 300, halfHeight: 200, margin: 50 });
    for (let t = 1; t <= 30; t++) tick();
    // Far apart: nobody sees another seat, everyone sees the clock and its own target (far off its view).
    for (const c of clients) {
      expect([...c.view.entities.values()].filter((e) => e.kind === Mover.code)).toHaveLength(1);
      expect([...c.view.entities.values()].filter((e) => e.kind === Target.code).map((e) => e.rec[0])).toEqual([c.playerId]);
      expect([...c.view.entities.values()].some((e) => e.kind === Clock.code)).toBe(true);
    }
    // The third seat walks to the first one's corner: it enters the first's view, its target does not.
    let seq = 0;
    const first = clients[0]!;
    const walk = (ticks: number): void => {
      for (let t = 0; t < ticks; t++) tick(new Map([[ids[2]!, [{ seq: ++seq, mx: 0, my: -1, throttle: 2 }]]]));
    };
    walk(60);
    expect(h.world.movers.get(ids[2]!)!.y).toBe(1400 - 60 * 8);
    expect(first.view.entities.has(ids[2]!)).toBe(false);
    walk(90);
    expect(h.world.movers.get(ids[2]!)!.y).toBe(200);
    expect(first.view.entities.has(ids[2]!)).toBe(true);
    expect(clients[2]!.view.entities.has(ids[0]!)).toBe(true);
    expect([...first.view.entities.values()].filter((e) => e.kind === Target.code).map((e) => e.rec[0])).toEqual([ids[0]]);
    // A target handed to another owner leaves the old owner and reaches the new one.
    const t0 = h.world.movers.get(ids[0]!)!.target as { owner: number };
    t0.owner = ids[1]!;
    tick();
    expect([...first.view.entities.values()].filter((e) => e.kind === Target.code)).toHaveLength(0);
    expect([...clients[1]!.view.entities.values()].filter((e) => e.kind === Target.code)).toHaveLength(2);
  });

  it('without interest management: the same rules, every seat seen, no shared State to leak private entities', () => {
    const { clients, tick } = scene(null);
    for (let t = 1; t <= 10; t++) tick();
    for (const c of clients) {
      expect([...c.view.entities.values()].filter((e) => e.kind === Mover.code)).toHaveLength(3);
      expect([...c.view.entities.values()].filter((e) => e.kind === Target.code).map((e) => e.rec[0])).toEqual([c.playerId]);
    }
  });

  it('hysteresis: a seat that leaves the view stays held until it is further out than the margin', () => {
    const { h, ids, clients, tick } = scene({ halfWidth: 300, halfHeight: 200, margin: 50 });
    const first = clients[0]!;
    const third = h.world.movers.get(ids[2]!)!;
    third.x = 200;
    third.y = 380; // in view (200 ± 200)
    tick();
    expect(first.view.entities.has(ids[2]!)).toBe(true);
    third.y = 440; // out of the view, within the margin: kept
    tick();
    expect(first.view.entities.has(ids[2]!)).toBe(true);
    third.y = 460; // past the margin: gone
    tick();
    expect(first.view.entities.has(ids[2]!)).toBe(false);
    third.y = 440; // within the margin but not in view: does not come back
    tick();
    expect(first.view.entities.has(ids[2]!)).toBe(false);
    third.y = 400;
    tick();
    expect(first.view.entities.has(ids[2]!)).toBe(true);
  });

  it('a shot is a spatial entity: it reaches only the clients whose view it crosses', () => {
    const { h, ids, clients, tick } = scene({ halfWidth: 300, halfHeight: 200, margin: 50 });
    tick();
    tick(new Map([[ids[0]!, [{ seq: 1, fire: true, aim: 0.5 }]]]));
    const shot = h.world.shots[0]!;
    expect(clients[0]!.view.entities.get(shot.id)?.kind).toBe(Shot.code);
    expect(clients[1]!.view.entities.has(shot.id)).toBe(false);
    expect(clients[2]!.view.entities.has(shot.id)).toBe(false);
  });
});
