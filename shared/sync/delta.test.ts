import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode, encode, MsgWriter } from '../codec.ts';
import { fromRecord, type WireValue } from '../schema.ts';
import { fixtureGame, Mover, MoverSchema, RULES, Shot, type FixtureParams } from '../game/testing/fixtureGame.ts';
import { GameHarness } from '../game/testing/testKit.ts';
import { ClientView, DesyncError } from './clientView.ts';
import { diff, writeDelta } from './delta.ts';
import { EMPTY_SNAPSHOT, type Snapshot } from './snapshot.ts';

const OPEN: FixtureParams = { size: 1000 };
/** A small field where shots hit and movers die and respawn; freed ids are reused at once. */
const CROWDED: FixtureParams = { size: 300, idReuseDelayTicks: 0 };
const harness = (params: FixtureParams = OPEN, seed = 1) => new GameHarness(fixtureGame, params, seed);

function viewEquals(view: ClientView, snap: Snapshot): void {
  expect(view.tick).toBe(snap.tick);
  const expected = new Map([...snap.entities].map(([id, e]) => [id, { kind: e.kind, rec: [...e.rec] }]));
  expect(new Map([...view.entities].map(([id, e]) => [id, { kind: e.kind, rec: [...e.rec] }]))).toEqual(expected);
}

/** Send a delta through the real codec, as the wire does. */
function deliver(view: ClientView, base: Snapshot, next: Snapshot): number {
  const d = diff(base, next);
  const bytes = encode([d.added, d.changed, d.removed]);
  const [added, changed, removed] = decode(bytes) as unknown[];
  view.apply(next.tick, base.tick, added, changed, removed);
  return bytes.byteLength;
}

/** The ids of a flat `added` list (id increases, kind, record), in order. */
function addedIds(added: readonly WireValue[]): number[] {
  const ids: number[] = [];
  for (let i = 0, id = 0; i < added.length;) {
    id += added[i] as number;
    ids.push(id);
    const kind = fixtureGame.kinds[(added[i + 1] as number) - 1]!;
    i += 2 + kind.schema.list.length;
  }
  return ids;
}

describe('deltas', () => {
  it('wrapping fields (the input ack, the aim) cross their wrap-around exactly, whatever the gap between two deltas', () => {
    const TAU = Math.PI * 2;
    fc.assert(
      fc.property(
        fc.integer({ min: 65500, max: 65535 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 40 }),
        fc.double({ min: -7, max: 7, noNaN: true }),
        (seq0, gaps, aimStep) => {
          const h = harness();
          const a = h.join('a');
          const view = new ClientView(fixtureGame.kinds);
          let held: Snapshot = EMPTY_SNAPSHOT;
          let seq = seq0;
          let aim = 0;
          for (const gap of gaps) {
            // `gap` ticks between the snapshot the client holds and the next one it is sent.
            for (let g = 0; g < gap; g++) {
              seq++;
              aim = (((aim + aimStep) % TAU) + TAU) % TAU;
              h.step(new Map([[a, [{ seq, aim }]]]));
            }
            deliver(view, held, h.snapshot);
            viewEquals(view, h.snapshot);
            held = h.snapshot;
          }
          // The ack did cross its wrap (65536) in most runs: the view holds the wire value.
          expect(view.entities.get(a)!.rec[MoverSchema.keys.indexOf('ack')]).toBe(seq % 65536);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('steady straight movement costs nothing after the first two ticks (the client extrapolates; the running clock too)', () => {
    const h = harness();
    const a = h.join('a');
    const m = h.world.movers.get(a)!;
    m.x = 500;
    m.y = 500;
    m.target.x = 0; // out of reach: the target stays where it is
    m.target.y = 0;
    const view = new ClientView(fixtureGame.kinds);
    let snap: Snapshot = EMPTY_SNAPSHOT;
    const sizes: number[] = [];
    for (let t = 1; t <= 20; t++) {
      h.step(new Map([[a, [{ seq: t, mx: 1, my: 0.5 }]]]));
      const next = h.snapshot;
      sizes.push(diff(snap, next).changed.length);
      deliver(view, snap, next);
      viewEquals(view, next);
      snap = next;
    }
    // Tick 2 starts the velocity; from tick 3 on the extrapolation is exact.
    expect(sizes.slice(3)).toEqual(new Array(17).fill(0));
    expect(m.x).toBeGreaterThan(560); // it did move all along
  });

  it('shots are sent once and then extrapolated until they are removed', () => {
    const h = harness();
    const a = h.join('a');
    const m = h.world.movers.get(a)!;
    m.x = 200;
    m.y = 500;
    const view = new ClientView(fixtureGame.kinds);
    let snap: Snapshot = EMPTY_SNAPSHOT;
    let changedValues = 0;
    let seenShot = 0;
    for (let t = 1; t <= 45; t++) {
      h.step(new Map([[a, [{ seq: t, aim: 0.3, fire: t === 2 }]]]));
      const next = h.snapshot;
      if (t > 3) changedValues += diff(snap, next).changed.length;
      deliver(view, snap, next);
      viewEquals(view, next);
      if ([...view.entities.values()].some((e) => e.kind === Shot.code)) seenShot++;
      snap = next;
    }
    expect(seenShot).toBe(RULES.shotLifeTicks - 1);
    expect([...view.entities.values()].filter((e) => e.kind === Shot.code)).toHaveLength(0);
    expect(changedValues).toBeLessThan(10); // rounding corrections at most, never a per-tick position
  });

  it("a snapshot record holds the seat entity in schema order, with the engine's ack fields", () => {
    const h = harness();
    const a = h.join('ann');
    h.step(new Map([[a, [{ seq: 70_000, aim: 1 }]]]));
    const m = h.world.movers.get(a)!;
    m.score = 3;
    const rec = h.build(null).entities.get(a)!.rec;
    expect(fromRecord(MoverSchema, [...rec])).toMatchObject({ x: m.x, y: m.y, vx: 0, vy: 0, alive: true, ack: 70_000 - 65_536, ackRate: 1, score: 3, name: 'ann' });
    expect(fromRecord(MoverSchema, [...rec]).aim).toBeCloseTo(1, 2);
  });

  it('unchanged entities are not sent and changed fields are sent as small differences', () => {
    const h = harness();
    const a = h.join('a');
    h.join('b');
    const s1 = h.build(null);
    h.snapshot = s1;
    h.step(new Map([[a, [{ seq: 1, mx: 1 }]]]));
    const s2 = h.snapshot;
    const d = diff(s1, s2);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    const step10 = Math.round(RULES.speed * h.dtSec * 10);
    // x moved by step, vx became step; the ack moved by 1 and its rate became 1 (then steady: free).
    // The clock ticked, as its rate said: nothing to send for it.
    expect(d.changed).toEqual([a, 0b110_0101, step10, step10, 1, 1]);
    h.step(new Map([[a, [{ seq: 2, mx: 1 }]]]));
    expect(diff(s2, h.snapshot).changed).toEqual([]);
  });
});

describe('ClientView detects gaps and mismatches', () => {
  const h = harness();
  h.join('a');
  h.step();
  const s1 = h.snapshot;
  h.step();
  const s2 = h.snapshot;
  const id = [...s1.entities].find(([, e]) => e.kind === Mover.code)![0];
  const mk = (): ClientView => {
    const v = new ClientView(fixtureGame.kinds);
    deliver(v, EMPTY_SNAPSHOT, s1);
    return v;
  };

  it('rejects a delta against a tick it does not hold', () => {
    const view = new ClientView(fixtureGame.kinds);
    expect(() => view.apply(s2.tick, s1.tick, [], [], [])).toThrow(DesyncError);
    expect(view.tick).toBe(0);
  });

  it('rejects changes to unknown entities, bad masks, bad values and truncated lists', () => {
    expect(() => mk().apply(s2.tick, s1.tick, [], [999, 1, 5], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 1 << 20, 5], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 1, 'x'], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 1, 0.5], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 3, 5], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [12345])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [id, Mover.code, 0], [], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [1000, 99, 0], [], [])).toThrow(/bad added entity/);
    // A full record with a value out of its field's range (score is a uint8), or of the wrong type.
    const rec = [...s1.entities.get(id)!.rec];
    const score = MoverSchema.keys.indexOf('score');
    const alive = MoverSchema.keys.indexOf('alive');
    const fresh = (): ClientView => new ClientView(fixtureGame.kinds);
    expect(() => fresh().apply(s1.tick, 0, [id, Mover.code, ...rec], [], [])).not.toThrow();
    expect(() => fresh().apply(s1.tick, 0, [id, Mover.code, ...rec.map((v, f) => (f === score ? 256 : v))], [], [])).toThrow(/bad mover.score/);
    expect(() => fresh().apply(s1.tick, 0, [id, Mover.code, ...rec.map((v, f) => (f === score ? 1.5 : v))], [], [])).toThrow(/bad mover.score/);
    expect(() => fresh().apply(s1.tick, 0, [id, Mover.code, ...rec.map((v, f) => (f === 0 ? 'x' : v))], [], [])).toThrow(/bad mover.x/);
    expect(() => fresh().apply(s1.tick, 0, [id, Mover.code, ...rec.map((v, f) => (f === alive ? 1 : v))], [], [])).toThrow(/bad mover.alive/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 1 << alive, 0], [])).toThrow(/bad value for mover.alive/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [], 12345)).toThrow(/checksum/);
    // Ids are increases over the previous id of the list: never 0, negative or fractional.
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 1, 5, 0, 1, 5], [])).toThrow(/increase/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [id, -1])).toThrow(/increase/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [0.5])).toThrow(/increase/);
  });

  it('sends ids as increases in each list, so a large id costs no more than a small one', () => {
    const h = harness();
    const ids = [h.join('a')];
    h.world.nextId = 300;
    ids.push(h.join('b'));
    h.world.nextId = 70_000;
    ids.push(h.join('c'));
    const d = diff(EMPTY_SNAPSHOT, h.build(null));
    // Each mover's target takes the id after it; the clock is 1.
    const all = [1, 2, 3, 300, 301, 70_000, 70_001];
    expect(ids).toEqual([2, 300, 70_000]);
    expect(addedIds(d.added)).toEqual(all);
    const increases: number[] = [];
    for (let i = 0, last = 0; i < all.length; last = all[i]!, i++) increases.push(all[i]! - last);
    expect(increases).toEqual([1, 1, 1, 297, 1, 69_699, 1]);
    const view = new ClientView(fixtureGame.kinds);
    view.apply(1, 0, d.added, d.changed, d.removed);
    expect([...view.entities.keys()].sort((x, y) => x - y)).toEqual(all);
  });

  it('accepts the right checksum (of the view after the delta: the clock advanced by extrapolation)', () => {
    const after = mk();
    deliver(after, s1, s2);
    const sum = after.checksum();
    const d = diff(s1, s2);
    expect(() => mk().apply(s2.tick, s1.tick, d.added, d.changed, d.removed, sum)).not.toThrow();
    expect(() => mk().apply(s2.tick, s1.tick, d.added, d.changed, d.removed, mk().checksum())).toThrow(/checksum/);
  });
});

const moveArb = (maxK: number) => fc.tuple(fc.nat(maxK), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean(), fc.boolean());

/** The world's churn over a property's runs: hits (deaths, respawns), shots and seats replaced on a reused id. */
const churn = { hits: 0, shots: 0, reused: 0 };

/** Seats a, b, c; op k = maxK replaces the oldest seat by a newcomer on its (reused) id. */
function drive(moves: readonly [number, number, number, boolean, boolean][], seed: number, maxK: number, each: (prev: Snapshot, next: Snapshot) => void): Snapshot {
  const h = harness(CROWDED, seed);
  let ids = [h.join('a'), h.join('b'), h.join('c')];
  let t = 0;
  for (const [k, mx, my, fire, brake] of moves) {
    if (k === maxK) {
      // One leaves and another joins on its id at once (a different entity at the same id, as a
      // catch-up from before the id-reuse delay sees it).
      const old = ids[0]!;
      h.leave(old);
      ids = [...ids.slice(1), h.join(`p${t}`)];
      if (ids[2] === old) churn.reused++;
    }
    const prev = h.snapshot;
    const events = h.step(new Map([[ids[k % 3]!, [{ seq: ++t, mx, my, aim: mx * 3, fire, brake, throttle: 1 + my }]]]));
    churn.hits += events.filter((e) => e.type === 'hit').length;
    churn.shots = Math.max(churn.shots, h.world.shots.length);
    each(prev, h.snapshot);
  }
  return h.snapshot;
}

describe('deltas round-trip (property, whole world)', () => {
  it('applying the deltas of random world sequences gives exactly the server snapshot', () => {
    churn.hits = churn.shots = churn.reused = 0;
    fc.assert(
      fc.property(fc.array(moveArb(6), { minLength: 1, maxLength: 80 }), fc.nat(1000), (moves, seed) => {
        const view = new ClientView(fixtureGame.kinds);
        drive(moves, seed, 6, (prev, next) => {
          deliver(view, prev, next);
          viewEquals(view, next);
        });
      }),
      { numRuns: 100 },
    );
    // The runs did cover deaths and respawns, several shots at once and ids reused by newcomers.
    expect(churn.hits).toBeGreaterThan(0);
    expect(churn.shots).toBeGreaterThan(1);
    expect(churn.reused).toBeGreaterThan(0);
  });
});

describe("writeDelta (the shared State's encoder)", () => {
  const scratch = { added: new MsgWriter(64), changed: new MsgWriter(64), removed: new MsgWriter(16) };
  const direct = (base: Snapshot, next: Snapshot): number[] => {
    const o = new MsgWriter(64);
    writeDelta(o, scratch, base, next);
    return [...o.buf.subarray(0, o.pos)];
  };
  const viaLists = (base: Snapshot, next: Snapshot): number[] => {
    const d = diff(base, next);
    const o = new MsgWriter(64);
    for (const list of [d.added, d.changed, d.removed]) {
      o.arrayHeader(list.length);
      for (const v of list) o.value(v);
    }
    return [...o.buf.subarray(0, o.pos)];
  };

  it("writes the same bytes as diff()'s lists, through joins, leaves, id reuse, shots and deaths", () => {
    churn.hits = churn.shots = churn.reused = 0;
    fc.assert(
      fc.property(fc.array(moveArb(7), { minLength: 1, maxLength: 60 }), fc.nat(1000), (moves, seed) => {
        const last = drive(moves, seed, 7, (prev, next) => expect(direct(prev, next)).toEqual(viaLists(prev, next)));
        // And from nothing (a full snapshot) and to nothing.
        expect(direct(EMPTY_SNAPSHOT, last)).toEqual(viaLists(EMPTY_SNAPSHOT, last));
        expect(direct(last, EMPTY_SNAPSHOT)).toEqual(viaLists(last, EMPTY_SNAPSHOT));
      }),
      { numRuns: 100 },
    );
    expect(churn.hits).toBeGreaterThan(0);
    expect(churn.reused).toBeGreaterThan(0);
  });
});
