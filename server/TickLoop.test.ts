import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.ts';
import { TickLoop, type Scheduler } from './TickLoop.ts';

/** A scheduler that records the wake-up the loop asked for; the test fires it. */
class ManualScheduler implements Scheduler {
  pending: { fn: () => void; atMs: number } | null = null;
  constructor(private readonly clock: ManualClock) {}
  schedule(fn: () => void, delayMs: number): () => void {
    this.pending = { fn, atMs: this.clock.now() + Math.max(0, delayMs) };
    return () => (this.pending = null);
  }
  /** Wake the loop at its requested time plus `lateMs`. */
  fire(lateMs = 0): void {
    const p = this.pending!;
    this.pending = null;
    this.clock.set(Math.max(this.clock.now(), p.atMs + lateMs));
    p.fn();
  }
}

function setup(tickRate = 30, maxCatchUpTicks = 5) {
  const clock = new ManualClock(1000);
  const scheduler = new ManualScheduler(clock);
  const ticks: number[] = [];
  const loop = new TickLoop({ tickRate, clock, scheduler, maxCatchUpTicks, onTick: () => ticks.push(clock.now()) });
  loop.start();
  return { clock, scheduler, ticks, loop };
}

describe('TickLoop', () => {
  it('does not drift when every wake-up is a little late', () => {
    const { scheduler, ticks, loop } = setup(30);
    for (let i = 0; i < 300; i++) scheduler.fire(3); // each timer fires 3 ms late
    expect(loop.stats.ticks).toBe(300);
    // Tick n is due at 1000 + n·33.33 ms: after 300 ticks the schedule has not slipped by 300·3 ms.
    expect(ticks[299]! - (1000 + 300 * (1000 / 30))).toBeLessThan(4);
    expect(loop.stats.skippedTicks).toBe(0);
  });

  it('catches up after a short stall with back-to-back ticks, counted', () => {
    const { scheduler, loop } = setup(30);
    scheduler.fire(0);
    scheduler.fire(100); // ~3 intervals late
    expect(loop.stats.ticks).toBe(5);
    expect(loop.stats.catchUpTicks).toBe(3);
    expect(loop.stats.lateTicks).toBeGreaterThanOrEqual(1);
    expect(loop.stats.skippedTicks).toBe(0);
  });

  it('bounds catch-up after a long stall and counts the skipped ticks', () => {
    const { scheduler, loop } = setup(30, 5);
    scheduler.fire(0);
    scheduler.fire(2000); // 60 intervals late
    expect(loop.stats.ticks).toBe(1 + 5);
    expect(loop.stats.skippedTicks).toBeGreaterThanOrEqual(55);
    const before = loop.stats.ticks;
    scheduler.fire(0);
    expect(loop.stats.ticks).toBe(before + 1); // back to one tick per wake-up
  });

  it('measures tick duration and stops', () => {
    const clock = new ManualClock(0);
    const scheduler = new ManualScheduler(clock);
    const loop = new TickLoop({ tickRate: 10, clock, scheduler, onTick: () => clock.advance(7) });
    loop.start();
    scheduler.fire();
    scheduler.fire();
    expect(loop.stats.durationMs.percentile(50)).toBe(7);
    loop.stop();
    expect(scheduler.pending).toBeNull();
    expect(() => new TickLoop({ tickRate: 0, clock, scheduler, onTick: () => {} })).toThrow(/tickRate/);
  });
});
