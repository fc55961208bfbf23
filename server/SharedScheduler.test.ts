import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../shared/clock.ts';
import { SharedScheduler } from './SharedScheduler.ts';
import { TickLoop } from './TickLoop.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('SharedScheduler', () => {
  it('wakes once per tick for many aligned loops, and each loop keeps its rate', () => {
    vi.useFakeTimers();
    const clock = new ManualClock(1000);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const scheduler = new SharedScheduler(clock);
    const counts = [0, 0, 0];
    const loops = counts.map((_, i) => new TickLoop({ tickRate: 30, clock, scheduler, align: true, onTick: () => counts[i]!++ }));
    for (const [i, loop] of loops.entries()) {
      clock.advance(7 * i); // rooms created at different moments
      loop.start();
    }
    setTimeoutSpy.mockClear();
    for (let ms = 0; ms < 1000; ms++) {
      clock.advance(1);
      vi.advanceTimersByTime(1);
    }
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(29);
    for (const c of counts) expect(c).toBeLessThanOrEqual(31);
    // One timer per tick for all three loops, not one per loop.
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(32);
    for (const loop of loops) loop.stop();
  });

  it('runs a cancelled call never and an unaligned one on time', () => {
    vi.useFakeTimers();
    const clock = new ManualClock(0);
    const scheduler = new SharedScheduler(clock);
    const ran: string[] = [];
    const cancel = scheduler.schedule(() => ran.push('a'), 10);
    scheduler.schedule(() => ran.push('b'), 25);
    cancel();
    for (let ms = 0; ms < 30; ms++) {
      clock.advance(1);
      vi.advanceTimersByTime(1);
    }
    expect(ran).toEqual(['b']);
  });
});
