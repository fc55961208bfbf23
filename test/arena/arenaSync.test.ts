/**
 * The arena's own figures on the engine's sync (its records, its change masks, its bytes): what
 * docs/performance.md's byte counts rest on. The engine's delta and view rules are tested with
 * the fixture game (shared/sync/delta.test.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode, encode } from '../../shared/codec.ts';
import { fixed, fromRecord, isRecord, toRecord } from '../../shared/schema.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { diff } from '../../shared/sync/delta.ts';
import { EMPTY_SNAPSHOT, type Snapshot } from '../../shared/sync/snapshot.ts';
import { arena } from '../../games/arena/index.ts';
import { KIND, PlayerSchema, POS_SCALE, snapPos } from '../../games/arena/shared/kinds.ts';
import { addPlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld, RULES } from '../../games/arena/shared/world.ts';
import { arenaSnapshotter } from '../helpers/arenaSnapshot.ts';

const buildSnapshot = arenaSnapshotter();
const DT = 1 / 30;
const OPEN = { width: 2000, height: 2000, obstacles: [] };

function deliver(view: ClientView, base: Snapshot, next: Snapshot): void {
  const d = diff(base, next);
  const [added, changed, removed] = decode(encode([d.added, d.changed, d.removed])) as unknown[];
  view.apply(next.tick, base.tick, added, changed, removed);
}

function viewEquals(view: ClientView, snap: Snapshot): void {
  expect(view.tick).toBe(snap.tick);
  expect(new Map([...view.entities].map(([id, e]) => [id, [...e.rec]]))).toEqual(new Map([...snap.entities].map(([id, e]) => [id, [...e.rec]])));
}

describe("the arena on the engine's sync", () => {
  it("a snapshot record holds the player in schema order (the arena's write)", () => {
    const world = createWorld(OPEN, 1);
    const a = addPlayer(world, 'ann');
    step(world, new Map([[a.id, [{ seq: 70_000, mx: 0, my: 0, aim: 1, fire: false }]]]), DT);
    a.hp = 55;
    a.kills = 3;
    const rec = buildSnapshot(world, null, DT).entities.get(a.id)!.rec;
    expect(fromRecord(PlayerSchema, [...rec])).toMatchObject({ x: a.x, y: a.y, hp: 55, alive: true, ack: 70_000 - 65_536, ackRate: 1, kills: 3, deaths: 0, name: 'ann' });
  });

  it('a moving player costs its change mask and four one-byte differences, then nothing', () => {
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
    expect(d.changed).toEqual([a.id, 0b110_0101, step10, step10, 1, 1]);
    step(world, new Map([[a.id, [{ seq: 2, mx: 1, my: 0, aim: 0, fire: false }]]]), DT);
    expect(diff(s2, buildSnapshot(world, s2, DT)).changed).toEqual([]);
  });

  it('steady straight movement costs nothing after the first two ticks', () => {
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
      sizes.push(diff(snap, next).changed.length);
      deliver(view, snap, next);
      viewEquals(view, next);
      snap = next;
    }
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
      step(world, new Map([[a.id, [{ seq: t, mx: 0, my: 0, aim: 0.3, fire: t === 2 }]]]), DT);
      const next = buildSnapshot(world, snap, DT);
      if (t > 3) changedValues += diff(snap, next).changed.length;
      deliver(view, snap, next);
      viewEquals(view, next);
      snap = next;
    }
    expect([...view.entities.values()].filter((e) => e.kind === KIND.Projectile)).toHaveLength(0);
    expect(changedValues).toBeLessThan(10);
  });
});

describe("the arena's schemas", () => {
  it('a position quantizes idempotently and dequantizes onto snapPos (what the step snaps to)', () => {
    const pos = fixed(POS_SCALE, 0, 16000);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 16000, noNaN: true }), (v) => {
        const w = pos.quantize(v);
        expect(pos.quantize(pos.dequantize(w))).toBe(w);
        expect(pos.dequantize(w)).toBe(snapPos(v));
      }),
    );
  });

  it('player records round-trip and are validated', () => {
    const obj = { x: 12.3, y: 45.6, vx: 3, vy: -4, aim: 1, hp: 80, alive: true, ack: 65535, ackRate: 1, kills: 2, deaths: 1, name: 'bob' };
    const rec = toRecord(PlayerSchema, obj);
    expect(isRecord(PlayerSchema, rec)).toBe(true);
    const back = fromRecord(PlayerSchema, rec);
    expect(back.x).toBe(12.3);
    expect(back.name).toBe('bob');
    expect(isRecord(PlayerSchema, [...rec.slice(0, 5), 1.5, ...rec.slice(6)])).toBe(false);
    expect(isRecord(PlayerSchema, rec.slice(1))).toBe(false);
    expect(isRecord(PlayerSchema, [NaN, ...rec.slice(1)])).toBe(false);
  });
});
