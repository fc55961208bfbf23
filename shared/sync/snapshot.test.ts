import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityKind } from '../game/GameDefinition.ts';
import { Clock, fixtureGame, MAX_WIRE_VEL, Mover, MoverSchema, POS_SCALE, Shot, Target } from '../game/testing/fixtureGame.ts';
import { fillSlots, GameHarness, RecordingWriter } from '../game/testing/testKit.ts';
import type { WireValue } from '../schema.ts';
import { SnapshotBuilder, type SeatAcks, type Snapshot } from './snapshot.ts';

const X = MoverSchema.keys.indexOf('x');
const VX = MoverSchema.keys.indexOf('vx');
const VY = MoverSchema.keys.indexOf('vy');
const ACK = MoverSchema.keys.indexOf('ack');
const ACK_RATE = MoverSchema.keys.indexOf('ackRate');

/** A builder of its own, and a put of one entity with the given simulation values. */
function builder(acks: SeatAcks = { seq: [], tick: [] }) {
  const b = new SnapshotBuilder(fixtureGame.kinds, fixtureGame.seat, acks);
  const one = (tick: number, prev: Snapshot | null, kind: EntityKind, id: number, born: number, values: readonly WireValue[]): Snapshot =>
    b.build(tick, prev, (out) => {
      fillSlots(out, kind, values);
      out.put(kind, id, born);
    });
  return { b, one };
}

const mover = (x: number, y: number): WireValue[] => [x, y, 0, 0, 0, 0, 0, true, 0, 'm'];

describe("SnapshotBuilder (the engine's EntityWriter)", () => {
  it('fills observed velocities with the change of their position since the previous snapshot (wire units per tick)', () => {
    const { one } = builder();
    const s1 = one(1, null, Mover, 5, 1, mover(100, 100));
    const s2 = one(2, s1, Mover, 5, 1, mover(102.5, 99));
    expect(s2.byId[5]!.rec[VX]).toBe(25);
    expect(s2.byId[5]!.rec[VY]).toBe(-10);
    expect(s2.byId[5]!.still).toBe(false);
    const s3 = one(3, s2, Mover, 5, 1, mover(102.5, 99));
    expect([s3.byId[5]!.rec[VX], s3.byId[5]!.rec[VY]]).toEqual([0, 0]);
    expect(s3.byId[5]!.still).toBe(true);
  });

  it('a jump larger than half the velocity range is not a velocity (a respawn, a teleport)', () => {
    const half = Math.floor(MAX_WIRE_VEL / 2);
    const { one } = builder();
    const s1 = one(1, null, Mover, 5, 1, mover(100, 100));
    expect(one(2, s1, Mover, 5, 1, mover(100 + half / POS_SCALE, 100)).byId[5]!.rec[VX]).toBe(half);
    expect(one(2, s1, Mover, 5, 1, mover(100 - half / POS_SCALE, 100)).byId[5]!.rec[VX]).toBe(-half);
    expect(one(2, s1, Mover, 5, 1, mover(100 + (half + 1) / POS_SCALE, 100)).byId[5]!.rec[VX]).toBe(0);
    expect(one(2, s1, Mover, 5, 1, mover(100 - (half + 1) / POS_SCALE, 100)).byId[5]!.rec[VX]).toBe(0);
  });

  it("a new entity keeps the game's own velocity (its first step); a later one on the same id is new too", () => {
    const { one } = builder();
    const s1 = one(1, null, Shot, 9, 1, [100, 100, 30, -20, 2]);
    expect([s1.byId[9]!.rec[2], s1.byId[9]!.rec[3]]).toEqual([30, -20]);
    const s2 = one(2, s1, Shot, 9, 1, [103, 98, 30, -20, 2]);
    expect([s2.byId[9]!.rec[2], s2.byId[9]!.rec[3]]).toEqual([30, -20]); // observed: the same here
    const s3 = one(3, s2, Shot, 9, 1, [103, 98, 30, -20, 2]);
    expect([s3.byId[9]!.rec[2], s3.byId[9]!.rec[3]]).toEqual([0, 0]); // stopped: observed, not the game's
    // Born again (a later shot reusing the id): its own first velocity, not the change from the old one.
    const s4 = one(4, s3, Shot, 9, 4, [500, 500, 7, 8, 3]);
    expect([s4.byId[9]!.rec[2], s4.byId[9]!.rec[3]]).toEqual([7, 8]);
    expect(s4.byId[9]).not.toBe(s3.byId[9]);
  });

  it('an unchanged entity keeps its entry object; a changed one gets a new one', () => {
    const h = new GameHarness(fixtureGame, { size: 1000 }, 1);
    const a = h.join('a');
    const b = h.join('b');
    h.step();
    h.step();
    const s1 = h.snapshot;
    h.step(new Map([[a, [{ seq: 1, mx: 1 }]]]));
    const s2 = h.snapshot;
    expect(s2.byId[b]).toBe(s1.byId[b]);
    expect(s2.byId[h.world.movers.get(b)!.target.id]).toBe(s1.byId[h.world.movers.get(b)!.target.id]);
    expect(s2.byId[1]).not.toBe(s1.byId[1]); // the clock ticked
    expect(s2.byId[a]).not.toBe(s1.byId[a]);
    expect(s2.ids).toEqual(s1.ids);
    expect(s2.maxId).toBe(Math.max(...s2.ids));
    expect([...s2.entities.keys()]).toEqual(s2.ids);
  });

  it("fills the seat kind's ack fields: the last input a tick took, and 1 while inputs flow", () => {
    const acks: SeatAcks = { seq: [], tick: [] };
    const { one } = builder(acks);
    // The game's own values in those slots are not what is sent.
    const junk = [100, 100, 0, 0, 0, 999, 1, true, 0, 'm'];
    const s0 = one(1, null, Mover, 5, 1, junk);
    expect([s0.byId[5]!.rec[ACK], s0.byId[5]!.rec[ACK_RATE]]).toEqual([0, 0]);
    acks.seq[5] = 70_000;
    acks.tick[5] = 2;
    const s2 = one(2, s0, Mover, 5, 1, junk);
    expect([s2.byId[5]!.rec[ACK], s2.byId[5]!.rec[ACK_RATE]]).toEqual([70_000 % 65_536, 1]);
    // One tick without an input: still flowing (one late input does not stop them); two: stopped.
    expect(one(3, s2, Mover, 5, 1, junk).byId[5]!.rec[ACK_RATE]).toBe(1);
    expect(one(4, s2, Mover, 5, 1, junk).byId[5]!.rec[ACK_RATE]).toBe(0);
    // Other kinds' fields are left as the game wrote them.
    const shot = one(2, null, Shot, 6, 1, [1, 2, 3, 4, 5]);
    expect(shot.byId[6]!.rec).toEqual([10, 20, 3, 4, 5]);
  });

  it("quantizes with code generated per kind exactly as the schema's fields do (a RecordingWriter)", () => {
    const num = fc.oneof(fc.double({ noNaN: false }), fc.double({ min: -10, max: 5000 }), fc.integer({ min: -100, max: 70_000 }));
    const value = fc.oneof(num, fc.boolean(), fc.string({ maxLength: 20 }));
    const kinds: readonly EntityKind[] = [Mover, Shot, Clock, Target];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.array(value, { minLength: 10, maxLength: 10 }), (kind, values) => {
        const n = kind.schema.list.length;
        const vals = values.slice(0, n);
        const rec = new RecordingWriter();
        fillSlots(rec, kind, vals);
        rec.put(kind, 3, 0);
        const expected = rec.take()[0]!.rec;
        const built = builder().one(1, null, kind, 3, 0, vals).byId[3]!.rec;
        for (let i = 0; i < n; i++) {
          if (kind === Mover && (i === ACK || i === ACK_RATE)) continue; // the engine's
          expect(Object.is(built[i], expected[i]), `${kind.schema.name}.${kind.schema.keys[i]} of ${String(vals[i])}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("the fixture writes every entity in its schema's field order (its write, through a RecordingWriter)", () => {
    const h = new GameHarness(fixtureGame, { size: 1000 }, 1);
    const a = h.join('ann');
    h.step(new Map([[a, [{ seq: 1, mx: 1, aim: 1 }]]]));
    const rec = new RecordingWriter();
    fixtureGame.write(h.world, rec);
    const m = h.world.movers.get(a)!;
    const written = rec.take();
    expect(written.map((w) => w.kind).sort((p, q) => p - q)).toEqual([Mover.code, Clock.code, Target.code]);
    expect(written.find((w) => w.kind === Mover.code)!.rec[X]).toBe(m.x * POS_SCALE);
    expect(written.find((w) => w.kind === Target.code)!.rec).toEqual([a, m.target.x * POS_SCALE, m.target.y * POS_SCALE, 0]);
    expect(written.find((w) => w.kind === Clock.code)!.rec).toEqual([1, 1, 0, 0]);
  });
});
