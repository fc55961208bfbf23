import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode, encode, MsgWriter } from '../codec.ts';
import { KIND, PlayerSchema } from '../../games/arena/shared/kinds.ts';
import { fromRecord } from '../schema.ts';
import { addPlayer, removePlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld, RULES, type Input } from '../../games/arena/shared/world.ts';
import { ClientView, DesyncError } from './clientView.ts';
import { diff, writeDelta } from './delta.ts';
import { EMPTY_SNAPSHOT, type Snapshot } from './snapshot.ts';
import { arenaSnapshotter } from '../../test/helpers/arenaSnapshot.ts';
import { arena } from '../../games/arena/index.ts';

const buildSnapshot = arenaSnapshotter();

const DT = 1 / 30;
const OPEN = { width: 2000, height: 2000, obstacles: [] };

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

describe('deltas', () => {
  it('wrapping fields (the input ack, the aim) cross their wrap-around exactly, whatever the gap between two deltas', () => {
    const TAU = Math.PI * 2;
    fc.assert(
      fc.property(
        fc.integer({ min: 65500, max: 65535 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 40 }),
        fc.double({ min: -7, max: 7, noNaN: true }),
        (seq0, gaps, aimStep) => {
          const world = createWorld(OPEN, 1);
          const a = addPlayer(world, 'a');
          const view = new ClientView(arena.kinds);
          let held: Snapshot = EMPTY_SNAPSHOT;
          let snap: Snapshot = EMPTY_SNAPSHOT;
          let seq = seq0;
          let aim = 0;
          for (const gap of gaps) {
            // `gap` ticks between the snapshot the client holds and the next one it is sent.
            for (let g = 0; g < gap; g++) {
              seq++;
              aim = (((aim + aimStep) % TAU) + TAU) % TAU;
              step(world, new Map([[a.id, [{ seq, mx: 0, my: 0, aim, fire: false }]]]), DT);
              snap = buildSnapshot(world, snap, DT);
            }
            deliver(view, held, snap);
            viewEquals(view, snap);
            held = snap;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('steady straight movement costs nothing after the first two ticks (the client extrapolates)', () => {
    const world = createWorld(OPEN, 1);
    const a = addPlayer(world, 'a');
    a.x = 500;
    a.y = 500;
    const view = new ClientView(arena.kinds);
    let snap: Snapshot = EMPTY_SNAPSHOT;
    const sizes: number[] = [];
    for (let t = 1; t <= 20; t++) {
      step(world, new Map([[a.id, [{ seq: t, mx: 1, my: 0.5, aim: 0, fire: false }]]]), DT);
      const next = buildSnapshot(world, snap, DT);
      const d = diff(snap, next);
      sizes.push(d.changed.length);
      deliver(view, snap, next);
      viewEquals(view, next);
      snap = next;
    }
    // Tick 2 starts the velocity; from tick 3 on the extrapolation is exact.
    expect(sizes.slice(3)).toEqual(new Array(17).fill(0));
  });

  it('projectiles are sent once and then extrapolated until they are removed', () => {
    const world = createWorld(OPEN, 1);
    const a = addPlayer(world, 'a');
    a.x = 200;
    a.y = 1000;
    const view = new ClientView(arena.kinds);
    let snap: Snapshot = EMPTY_SNAPSHOT;
    let changedValues = 0;
    for (let t = 1; t <= 45; t++) {
      const fire = t === 2;
      step(world, new Map([[a.id, [{ seq: t, mx: 0, my: 0, aim: 0.3, fire }]]]), DT);
      const next = buildSnapshot(world, snap, DT);
      if (t > 3) changedValues += diff(snap, next).changed.length;
      deliver(view, snap, next);
      viewEquals(view, next);
      snap = next;
    }
    expect([...view.entities.values()].filter((e) => e.kind === KIND.Projectile)).toHaveLength(0);
    expect(changedValues).toBeLessThan(10); // rounding corrections at most, never a per-tick position
  });

  it('a snapshot record holds the player in schema order', () => {
    const world = createWorld(OPEN, 1);
    const a = addPlayer(world, 'ann');
    step(world, new Map([[a.id, [{ seq: 70_000, mx: 0, my: 0, aim: 1, fire: false }]]]), DT);
    a.hp = 55;
    a.kills = 3;
    const rec = buildSnapshot(world, null, DT).entities.get(a.id)!.rec;
    expect(fromRecord(PlayerSchema, [...rec])).toMatchObject({ x: a.x, y: a.y, hp: 55, alive: true, ack: 70_000 - 65_536, ackRate: 1, kills: 3, deaths: 0, name: 'ann' });
  });

  it('unchanged entities are not sent and changed fields are sent as small differences', () => {
    const world = createWorld(OPEN, 1);
    const a = addPlayer(world, 'a');
    addPlayer(world, 'b');
    const s1 = buildSnapshot(world, null, DT);
    step(world, new Map([[a.id, [{ seq: 1, mx: 1, my: 0, aim: 0, fire: false }]]]), DT);
    const s2 = buildSnapshot(world, s1, DT);
    const d = diff(s1, s2);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    const step10 = Math.round(RULES.playerSpeed * DT * 10);
    // x moved by step, vx became step; the ack moved by 1 and its rate became 1 (then steady: free).
    expect(d.changed).toEqual([a.id, 0b110_0101, step10, step10, 1, 1]);
    step(world, new Map([[a.id, [{ seq: 2, mx: 1, my: 0, aim: 0, fire: false }]]]), DT);
    expect(diff(s2, buildSnapshot(world, s2, DT)).changed).toEqual([]);
  });
});

describe('ClientView detects gaps and mismatches', () => {
  const world = createWorld(OPEN, 1);
  addPlayer(world, 'a');
  step(world, new Map(), DT);
  const s1 = buildSnapshot(world, null, DT);
  step(world, new Map(), DT);
  const s2 = buildSnapshot(world, s1, DT);
  const id = [...s1.entities.keys()][0]!;
  const mk = (): ClientView => {
    const v = new ClientView(arena.kinds);
    deliver(v, EMPTY_SNAPSHOT, s1);
    return v;
  };

  it('rejects a delta against a tick it does not hold', () => {
    const view = new ClientView(arena.kinds);
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
    expect(() => mk().apply(s2.tick, s1.tick, [id, KIND.Player, 0], [], [])).toThrow(DesyncError);
    // A full record with a value out of its field's range (hp is a uint8), or of the wrong type.
    const rec = [...s1.entities.get(id)!.rec];
    const hp = PlayerSchema.keys.indexOf('hp');
    const fresh = (): ClientView => new ClientView(arena.kinds);
    expect(() => fresh().apply(s1.tick, 0, [id, KIND.Player, ...rec], [], [])).not.toThrow();
    expect(() => fresh().apply(s1.tick, 0, [id, KIND.Player, ...rec.map((v, f) => (f === hp ? 256 : v))], [], [])).toThrow(/bad player.hp/);
    expect(() => fresh().apply(s1.tick, 0, [id, KIND.Player, ...rec.map((v, f) => (f === hp ? 1.5 : v))], [], [])).toThrow(/bad player.hp/);
    expect(() => fresh().apply(s1.tick, 0, [id, KIND.Player, ...rec.map((v, f) => (f === 0 ? 'x' : v))], [], [])).toThrow(/bad player.x/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [], 12345)).toThrow(/checksum/);
    // Ids are increases over the previous id of the list: never 0, negative or fractional.
    expect(() => mk().apply(s2.tick, s1.tick, [], [id, 1, 5, 0, 1, 5], [])).toThrow(/increase/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [id, -1])).toThrow(/increase/);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [0.5])).toThrow(/increase/);
  });

  it('sends ids as increases in each list, so a large id costs no more than a small one', () => {
    const world = createWorld(OPEN, 1);
    const ids = [addPlayer(world, 'a').id, addPlayer(world, 'b', 300).id, addPlayer(world, 'c', 70_000).id];
    const d = diff(EMPTY_SNAPSHOT, buildSnapshot(world, null, DT));
    const fields = PlayerSchema.list.length;
    expect([0, 1, 2].map((i) => d.added[i * (fields + 2)])).toEqual([ids[0], 300 - ids[0]!, 70_000 - 300]);
    const view = new ClientView(arena.kinds);
    view.apply(1, 0, d.added, d.changed, d.removed);
    expect([...view.entities.keys()].sort((x, y) => x - y)).toEqual(ids);
  });

  it('accepts the right checksum', () => {
    const v = mk();
    const sum = v.checksum();
    expect(() => v.apply(s2.tick, s1.tick, [], [], [], sum)).not.toThrow();
  });
});

describe('deltas round-trip (property, whole world)', () => {
  it('applying the deltas of random world sequences gives exactly the server snapshot', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 80 }), fc.nat(1000), (moves, seed) => {
        const world = createWorld(OPEN, seed);
        const ids = [addPlayer(world, 'a').id, addPlayer(world, 'b').id, addPlayer(world, 'c').id];
        const view = new ClientView(arena.kinds);
        let snap: Snapshot = EMPTY_SNAPSHOT;
        let t = 0;
        for (const [k, mx, my, fire] of moves) {
          const inputs = new Map<number, Input[]>([[ids[k % 3]!, [{ seq: ++t, mx, my, aim: mx * 3, fire }]]]);
          step(world, inputs, DT);
          const next = buildSnapshot(world, snap, DT);
          deliver(view, snap, next);
          viewEquals(view, next);
          snap = next;
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('writeDelta (the shared State\'s encoder)', () => {
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

  it('writes the same bytes as diff()\'s lists, through joins, leaves, id reuse, shots and deaths', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 60 }), fc.nat(1000), (moves, seed) => {
        const world = createWorld(OPEN, seed);
        let ids = [addPlayer(world, 'a').id, addPlayer(world, 'b').id, addPlayer(world, 'c').id];
        let snap: Snapshot = EMPTY_SNAPSHOT;
        let t = 0;
        for (const [k, mx, my, fire] of moves) {
          if (k === 7) {
            // One leaves and another joins on its id at once (a different entity at the same id,
            // as a catch-up from before the id-reuse delay sees it).
            removePlayer(world, ids[0]!);
            for (const f of world.freeIds) f.freedAtTick = -1e9;
            ids = [...ids.slice(1), addPlayer(world, `p${t}`).id];
          }
          const inputs = new Map<number, Input[]>([[ids[k % 3]!, [{ seq: ++t, mx, my, aim: mx * 3, fire }]]]);
          step(world, inputs, DT);
          const next = buildSnapshot(world, snap, DT);
          expect(direct(snap, next)).toEqual(viaLists(snap, next));
          snap = next;
        }
        // And from nothing (a full snapshot) and to nothing.
        expect(direct(EMPTY_SNAPSHOT, snap)).toEqual(viaLists(EMPTY_SNAPSHOT, snap));
      }),
      { numRuns: 100 },
    );
  });
});
