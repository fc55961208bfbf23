import { describe, expect, it } from 'vitest';
import { Interpolator, lerpAngle, type Positioned } from './Interpolator.ts';

const TICK_RATE = 20; // 50 ms per tick keeps the arithmetic readable
const TICK_MS = 1000 / TICK_RATE;
const LATENCY_MS = 40;

type E = Positioned & { hp: number };

/** Entity 1 moves +10 x per tick; tick t arrives at t*50 + 40 ms. */
function snapshotAt(tick: number, extra: [number, E][] = []): Map<number, E> {
  return new Map<number, E>([[1, { x: tick * 10, y: 5, aim: 0, hp: 100 - tick }], ...extra]);
}

function filled(ticks: number, opts: { delayMs?: number; maxExtrapolationMs?: number } = {}): Interpolator<E> {
  const it = new Interpolator<E>({ tickRate: TICK_RATE, delayMs: opts.delayMs ?? 100, maxExtrapolationMs: opts.maxExtrapolationMs ?? 100 });
  for (let t = 1; t <= ticks; t++) it.push(t, t * TICK_MS + LATENCY_MS, snapshotAt(t));
  return it;
}

describe('Interpolator', () => {
  it('draws the pair of snapshots around now - delay', () => {
    const it = filled(10);
    // now = arrival of tick 8 (440 ms); render time 340 ms = arrival time of tick 6 plus 0 ms.
    expect(it.sample(8 * TICK_MS + LATENCY_MS).get(1)).toMatchObject({ x: 60, y: 5 });
    // A quarter of the way from tick 6 to tick 7.
    const e = it.sample(8 * TICK_MS + LATENCY_MS + 12.5).get(1)!;
    expect(e.x).toBeCloseTo(62.5, 9);
    // Non-positional fields come from the older snapshot of the pair.
    expect(e.hp).toBe(94);
    expect(it.stats.extrapolated).toBe(0);
  });

  it('a faster packet moves the timeline gradually: the drawn speed stays within the stretch bound, no jump', () => {
    // Snapshots come 40 ms after their tick (the offset creeps up to it), then one 15 ms early (the offset drops at once).
    const it = new Interpolator<E>({ tickRate: TICK_RATE, delayMs: 100 });
    const frameMs = 1000 / 60;
    let lastX = NaN;
    let maxSpeedRatio = 0;
    let minSpeedRatio = Infinity;
    let next = 1;
    for (let now = TICK_MS + LATENCY_MS; now < 3000; now += frameMs) {
      while (next * TICK_MS + LATENCY_MS - (next === 30 ? 15 : 0) <= now) {
        it.push(next, next * TICK_MS + LATENCY_MS - (next === 30 ? 15 : 0), snapshotAt(next));
        next++;
      }
      const x = it.sample(now).get(1)!.x;
      if (now > 400 && Number.isFinite(lastX)) {
        // The entity moves 10 units a tick: 10 / TICK_MS per ms at 1× speed.
        const ratio = (x - lastX) / frameMs / (10 / TICK_MS);
        maxSpeedRatio = Math.max(maxSpeedRatio, ratio);
        minSpeedRatio = Math.min(minSpeedRatio, ratio);
      }
      lastX = x;
    }
    expect(maxSpeedRatio).toBeLessThanOrEqual(1.1 + 1e-9);
    expect(minSpeedRatio).toBeGreaterThanOrEqual(0.9 - 1e-9);
    expect(maxSpeedRatio).toBeGreaterThan(1.05); // the early packet did move the timeline (gradually)
  });

  it('shows the oldest snapshot when the render time is before the buffer', () => {
    const it = filled(3);
    expect(it.sample(0).get(1)?.x).toBe(10);
  });

  it('extrapolates a bounded distance when starved, then holds', () => {
    const it = filled(10, { maxExtrapolationMs: 100 });
    const tenAt = 10 * TICK_MS + LATENCY_MS;
    // 30 ms past the newest snapshot: velocity 10 per 50 ms → +6.
    expect(it.sample(tenAt + 100 + 30).get(1)!.x).toBeCloseTo(106, 9);
    expect(it.stats.starved).toBe(0);
    // Far past: capped at +100 ms of movement (+20).
    expect(it.sample(tenAt + 100 + 5000).get(1)!.x).toBeCloseTo(120, 9);
    expect(it.stats.starved).toBe(1);
    expect(it.stats.extrapolated).toBe(2);
  });

  it('lets entities enter and leave with the delay', () => {
    const it = new Interpolator<E>({ tickRate: TICK_RATE, delayMs: 100 });
    const late: E = { x: 500, y: 500, hp: 50 };
    for (let t = 1; t <= 8; t++) {
      const extra: [number, E][] = t >= 5 ? [[2, late]] : [];
      const snap = snapshotAt(t, extra);
      if (t >= 6) snap.delete(1); // entity 1 left after tick 5
      it.push(t, t * TICK_MS + LATENCY_MS, snap);
    }
    const at = (tick: number, frac = 0): number => tick * TICK_MS + LATENCY_MS + 100 + frac * TICK_MS;
    // Between ticks 4 and 5: entity 2 not yet there, entity 1 sliding.
    let s = it.sample(at(4, 0.5));
    expect([...s.keys()]).toEqual([1]);
    expect(s.get(1)!.x).toBeCloseTo(45, 9);
    // Between 5 and 6: both; entity 1 is not in tick 6 and is held where it was.
    s = it.sample(at(5, 0.5));
    expect(s.get(1)!.x).toBe(50);
    expect(s.get(2)).toMatchObject({ x: 500, y: 500 });
    // Past tick 6: entity 1 is gone.
    s = it.sample(at(6, 0.2));
    expect(s.has(1)).toBe(false);
    expect(s.has(2)).toBe(true);
  });

  it('keeps a steady timeline under arrival jitter (follows the earliest arrivals)', () => {
    const it = new Interpolator<E>({ tickRate: TICK_RATE, delayMs: 100 });
    const jitter = [0, 30, 5, 45, 10, 0, 25, 40, 15, 0];
    const arrivals = Array.from({ length: 200 }, (_, i) => (i + 1) * TICK_MS + LATENCY_MS + jitter[(i + 1) % jitter.length]!);
    let next = 0;
    let last = -Infinity;
    let moved = 0;
    // Frames every 16 ms; each frame first takes the snapshots that have arrived.
    for (let now = 0; now < 200 * TICK_MS; now += 16) {
      while (next < arrivals.length && arrivals[next]! <= now) {
        it.push(next + 1, arrivals[next]!, snapshotAt(next + 1));
        next++;
      }
      const x = it.sample(now).get(1)?.x;
      if (x === undefined) continue;
      expect(x).toBeGreaterThanOrEqual(last - 1e-9);
      if (x > last) moved++;
      last = x;
    }
    expect(moved).toBeGreaterThan(500);
    expect(it.stats.starved).toBe(0);
  });

  it('jumps instead of sliding across a teleport', () => {
    const it = new Interpolator<E>({ tickRate: TICK_RATE, delayMs: 0, teleportDistance: 150 });
    it.push(1, 100, new Map([[1, { x: 0, y: 0, hp: 1 }]]));
    it.push(2, 150, new Map([[1, { x: 1000, y: 0, hp: 1 }]]));
    expect(it.sample(125).get(1)!.x).toBe(0);
    expect(it.sample(150).get(1)!.x).toBe(1000);
  });

  it('ignores stale and duplicate snapshots and stays bounded', () => {
    const it = new Interpolator<E>({ tickRate: TICK_RATE, capacity: 8 });
    for (let t = 1; t <= 20; t++) it.push(t, t * TICK_MS, snapshotAt(t));
    it.push(20, 2000, snapshotAt(20));
    it.push(3, 2000, snapshotAt(3));
    expect(it.stats.outOfOrder).toBe(2);
    expect(it.size).toBe(8);
    expect(it.newestTick).toBe(20);
    it.clear();
    expect(it.sample(5000).size).toBe(0);
  });

  it('interpolates aim along the shorter arc', () => {
    expect(lerpAngle(6.2, 0.1, 0.5)).toBeCloseTo(6.2 + (0.1 + 2 * Math.PI - 6.2) / 2, 9);
    expect(lerpAngle(0.1, 6.2, 1) % (2 * Math.PI)).toBeCloseTo(6.2 - 2 * Math.PI, 9);
    const it = new Interpolator<E>({ tickRate: TICK_RATE, delayMs: 0 });
    it.push(1, 50, new Map([[1, { x: 0, y: 0, aim: 6.0, hp: 1 }]]));
    it.push(2, 100, new Map([[1, { x: 0, y: 0, aim: 0.2, hp: 1 }]]));
    const aim = it.sample(75).get(1)!.aim!;
    expect(Math.abs(aim - (6.0 + (0.2 + 2 * Math.PI - 6.0) / 2))).toBeLessThan(1e-9);
  });
});
