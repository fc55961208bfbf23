import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode, encode } from '../codec.ts';
import { generateMap } from '../sim/map.ts';
import { addPlayer, removePlayer, step } from '../sim/step.ts';
import { createWorld, type Input } from '../sim/world.ts';
import { ClientView, DesyncError } from './clientView.ts';
import { diff } from './delta.ts';
import { buildSnapshot, EMPTY_SNAPSHOT, type Snapshot } from './snapshot.ts';

function viewEquals(view: ClientView, snap: Snapshot): void {
  expect(view.tick).toBe(snap.tick);
  const expected = new Map([...snap.entities].map(([id, e]) => [id, { kind: e.kind, rec: [...e.rec] }]));
  expect(new Map([...view.entities].map(([id, e]) => [id, { kind: e.kind, rec: [...e.rec] }]))).toEqual(expected);
}

/** Send a delta through the real codec, as the wire does. */
function deliver(view: ClientView, base: Snapshot, next: Snapshot): void {
  const d = diff(base, next);
  const [added, changed, removed] = decode(encode([d.added, d.changed, d.removed])) as unknown[];
  view.apply(next.tick, base.tick, added, changed, removed);
}

type Op =
  | { op: 'join' }
  | { op: 'leave'; k: number }
  | { op: 'tick'; moves: { k: number; mx: number; my: number; aim: number; fire: boolean }[] }
  | { op: 'skip' } // the server skips sending to the client this tick (backpressure)
  | { op: 'resync' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Op>({ op: 'join' }) },
  { weight: 1, arbitrary: fc.nat(20).map<Op>((k) => ({ op: 'leave', k })) },
  {
    weight: 8,
    arbitrary: fc
      .array(
        fc.record({
          k: fc.nat(20),
          mx: fc.double({ min: -1, max: 1, noNaN: true }),
          my: fc.double({ min: -1, max: 1, noNaN: true }),
          aim: fc.double({ min: 0, max: 6.28, noNaN: true }),
          fire: fc.boolean(),
        }),
        { maxLength: 6 },
      )
      .map<Op>((moves) => ({ op: 'tick', moves })),
  },
  { weight: 2, arbitrary: fc.constant<Op>({ op: 'skip' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ op: 'resync' }) },
);

describe('delta round-trips (property)', () => {
  it('for random world sequences, skipped sends and resyncs, the client view equals the server snapshot after every message', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), fc.nat(1000), (ops, seed) => {
        const world = createWorld(generateMap(seed, { width: 2000, height: 2000 }), seed);
        const view = new ClientView();
        let snap: Snapshot = EMPTY_SNAPSHOT;
        let baseline: Snapshot = EMPTY_SNAPSHOT; // what the client holds
        let seq = 1;
        addPlayer(world, 'p0');
        for (const o of ops) {
          if (o.op === 'join') addPlayer(world, `p${world.nextId}`);
          else if (o.op === 'leave') {
            const ids = [...world.players.keys()];
            if (ids.length > 0) removePlayer(world, ids[o.k % ids.length]!);
          } else if (o.op === 'resync') {
            baseline = EMPTY_SNAPSHOT;
          }
          const ids = [...world.players.keys()];
          const inputs = new Map<number, Input[]>();
          if (o.op === 'tick') {
            for (const m of o.moves) {
              if (ids.length === 0) break;
              const id = ids[m.k % ids.length]!;
              inputs.set(id, [...(inputs.get(id) ?? []), { seq: seq++, mx: m.mx, my: m.my, aim: m.aim, fire: m.fire }]);
            }
          }
          step(world, inputs, 1 / 30);
          snap = buildSnapshot(world, snap);
          if (o.op === 'skip') continue;
          deliver(view, baseline, snap);
          baseline = snap;
          viewEquals(view, snap);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('unchanged entities are not sent and changed entities carry only changed fields', () => {
    const world = createWorld({ width: 2000, height: 2000, obstacles: [] }, 1);
    const a = addPlayer(world, 'a');
    addPlayer(world, 'b');
    const s1 = buildSnapshot(world, null);
    step(world, new Map([[a.id, [{ seq: 1, mx: 1, my: 0, aim: 0, fire: false }]]]), 1 / 30);
    const s2 = buildSnapshot(world, s1);
    const d = diff(s1, s2);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toHaveLength(1);
    const [id, mask, ...vals] = d.changed[0]!;
    expect(id).toBe(a.id);
    expect(mask).toBe(1); // only x
    expect(vals).toHaveLength(1);
  });
});

describe('ClientView detects gaps and mismatches', () => {
  const world = createWorld({ width: 2000, height: 2000, obstacles: [] }, 1);
  addPlayer(world, 'a');
  step(world, new Map(), 1 / 30);
  const s1 = buildSnapshot(world, null);
  step(world, new Map(), 1 / 30);
  const s2 = buildSnapshot(world, s1);

  it('rejects a delta against a tick it does not hold', () => {
    const view = new ClientView();
    expect(() => view.apply(s2.tick, s1.tick, [], [], [])).toThrow(DesyncError);
    expect(view.tick).toBe(0);
  });

  it('rejects changes to unknown entities, bad masks and bad values', () => {
    const mk = (): ClientView => {
      const v = new ClientView();
      deliver(v, EMPTY_SNAPSHOT, s1);
      return v;
    };
    expect(() => mk().apply(s2.tick, s1.tick, [], [[999, 1, 5]], [])).toThrow(DesyncError);
    const id = [...s1.entities.keys()][0]!;
    expect(() => mk().apply(s2.tick, s1.tick, [], [[id, 1 << 20, 5]], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [[id, 1, 'x']], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [[id, 1, 5, 6]], [])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [], [], [12345])).toThrow(DesyncError);
    expect(() => mk().apply(s2.tick, s1.tick, [[id, 1, 0]], [], [])).toThrow(DesyncError);
  });
});
