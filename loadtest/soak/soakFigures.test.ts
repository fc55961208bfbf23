import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../server/prometheusText.ts';
import { increase, increaseBy, leastSquaresSlope, tickQuantileMs } from './soakFigures.ts';

const metrics = (le1: number, le2: number, inf: number, rejected: number): ReturnType<typeof parsePrometheusText> =>
  parsePrometheusText(
    [
      `game_tick_duration_seconds_bucket{le="0.001",room_type="arena"} ${le1}`,
      `game_tick_duration_seconds_bucket{le="0.01",room_type="arena"} ${le2}`,
      `game_tick_duration_seconds_bucket{le="+Inf",room_type="arena"} ${inf}`,
      `game_rejected_messages_total{reason="Malformed"} ${rejected}`,
      'game_rejected_messages_total{reason="BadField"} 4',
    ].join('\n'),
  );

describe('soak figures', () => {
  it('least-squares slope: exact on a line, robust to noise around it, NaN without enough points', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((x) => ({ x, y: 10 + 2 * x })))).toBeCloseTo(2, 10);
    const noisy = Array.from({ length: 200 }, (_, x) => ({ x, y: 100 + 0.5 * x + (x % 2 === 0 ? 3 : -3) }));
    expect(leastSquaresSlope(noisy)).toBeCloseTo(0.5, 2);
    expect(leastSquaresSlope([{ x: 1, y: 1 }, { x: 2, y: 5 }])).toBeNaN();
    expect(leastSquaresSlope([1, 1, 1].map((x) => ({ x, y: x })))).toBeNaN();
  });

  it('tick p99 over the run comes from the bucket increases between two scrapes, not the totals', () => {
    // Before: 1000 slow ticks (1–10 ms). During the run: 100 more ticks, all under 1 ms.
    const before = metrics(0, 1000, 1000, 5);
    const after = metrics(100, 1100, 1100, 12);
    expect(tickQuantileMs(0.99, before, after)).toBeLessThanOrEqual(1);
    expect(tickQuantileMs(0.99, metrics(0, 0, 0, 0), before)).toBeGreaterThan(1);
    expect(tickQuantileMs(0.99, before, before)).toBeNaN();
  });

  it('counter increases, by label (only the ones that moved) and in all', () => {
    expect(increaseBy('game_rejected_messages_total', 'reason', metrics(0, 0, 0, 5), metrics(0, 0, 0, 12))).toEqual({ Malformed: 7 });
    expect(increase('game_rejected_messages_total', metrics(0, 0, 0, 5), metrics(0, 0, 0, 12))).toBe(7);
  });
});
