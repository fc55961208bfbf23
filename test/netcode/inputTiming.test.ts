/**
 * Input timing: the server measures where in the tick interval each player's inputs arrive (a
 * circular mean of their wait), reports it, and the client shifts its send timing toward half
 * an interval, so that the arrival window, jitter included, sits between two ticks.
 */
import { describe, expect, it } from 'vitest';
import { InputQueue } from '../../server/InputQueue.ts';
import { arena } from '../../games/arena/index.ts';
import { parseInputTiming, sendShiftMs } from '../../shared/netcode/inputTiming.ts';
import { seededRandom } from './manualTimers.ts';

const TICK_MS = 1000 / 30;

/** Inputs sent every tick at `phaseMs` after the server's ticks, each delayed by 75 ± jitter ms; returns the report after `ticks`. */
function simulate(phaseMs: number, jitterMs: number, ticks: number, seed = 1, maxBufferTicks = 0) {
  // (No adaptive buffer by default: these tests are of the send-timing shift on its own.)
  const q = new InputQueue(32, 4, 1, undefined, maxBufferTicks);
  q.tickMs = TICK_MS;
  const rnd = seededRandom(seed);
  const arrivals: { seq: number; mx: number; my: number; aim: number; fire: boolean; arrivedAtMs: number }[] = [];
  let last = -Infinity;
  for (let k = 0; k < ticks; k++) {
    const at = Math.max(last, k * TICK_MS + phaseMs + 75 + (rnd() * 2 - 1) * jitterMs); // in order
    last = at;
    arrivals.push({ seq: k + 1, mx: 0, my: 0, aim: 0, fire: false, arrivedAtMs: at });
  }
  let late = 0;
  for (let t = 0; t < ticks + 5; t++) {
    const now = t * TICK_MS;
    while (arrivals.length && arrivals[0]!.arrivedAtMs! <= now) q.push(arena.input.plan, arrivals.shift()!);
    const before = q.length;
    q.take(arena.input.plan, t, now);
    if (before === 0 && t > 5 && t < ticks) late++;
  }
  return { report: q.timingReport(), late, bufferTicks: q.bufferTicks };
}

describe('input timing', () => {
  it('reports the mean wait in the tick interval, and wraps around the tick', () => {
    // Arrivals 75 + 5 ms after a tick: they wait 33.3 − 80 mod 33.3 ≈ 21.7 ms.
    const { report } = simulate(5, 0, 60);
    expect(report.waitMs).toBeCloseTo((3 * TICK_MS - 80) % TICK_MS, 0);
    expect(parseInputTiming(report)).toEqual(report);
    // Arrivals spread across a tick (jitter ± 3 around it): the circular mean says "just around the tick", not mid-interval.
    const around = simulate(3 * TICK_MS - 75, 3, 90).report.waitMs!;
    expect(Math.min(around, TICK_MS - around)).toBeLessThan(3);
  });

  it('the client shift brings the arrivals mid-interval and removes late ticks (jitter below the interval)', () => {
    let phase = 3 * TICK_MS - 75 + 0.5; // arriving right at the ticks: many late
    const first = simulate(phase, 8, 60, 2);
    expect(first.late).toBeGreaterThan(5);
    for (let i = 0; i < 20; i++) {
      const { report } = simulate(phase, 8, 30, 3 + i);
      phase -= sendShiftMs(report, TICK_MS); // sending sooner = an earlier phase
    }
    const settled = simulate(phase, 8, 300, 99);
    expect(settled.late).toBe(0);
    expect(Math.abs(settled.report.waitMs! - TICK_MS / 2)).toBeLessThan(4);
  });

  it('shifts by bounded steps, not within the dead band, not on thin reports', () => {
    expect(sendShiftMs({ ticks: 30, meanDepth: 1, late: 0, extra: 0, waitMs: 2 }, TICK_MS)).toBe(4);
    expect(sendShiftMs({ ticks: 30, meanDepth: 1, late: 0, extra: 0, waitMs: 31 }, TICK_MS)).toBe(-4);
    expect(sendShiftMs({ ticks: 30, meanDepth: 1, late: 0, extra: 0, waitMs: 17 }, TICK_MS)).toBe(0);
    expect(sendShiftMs({ ticks: 3, meanDepth: 1, late: 0, extra: 0, waitMs: 2 }, TICK_MS)).toBe(0);
    expect(sendShiftMs({ ticks: 30, meanDepth: 1, late: 0, extra: 0 }, TICK_MS)).toBe(0);
  });

  it('with the adaptive buffer, arrivals across the tick stop being late without any shift, at one tick of added delay', () => {
    const phase = 3 * TICK_MS - 75 + 0.5; // arriving right at the ticks
    const without = simulate(phase, 8, 600, 2);
    const withBuffer = simulate(phase, 8, 600, 2, 3);
    expect(without.late).toBeGreaterThan(60);
    expect(withBuffer.late).toBeLessThan(6); // the first few, until the buffer has grown
    expect(withBuffer.bufferTicks).toBe(1);
    expect(withBuffer.report.bufferTicks).toBe(1);
  });
});
