/** The soak's figures from /metrics scrapes and the load test's timeline: RSS slope, tick p99, counters by label. */
import { bucketsOf, histogramQuantile, sumOf, type PromSample } from '../server/prometheusText.ts';

/** Least-squares slope of y over x (NaN with fewer than 3 points or no spread in x). */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 3) return NaN;
  let sx = 0, sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / n, my = sy / n;
  let num = 0, den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den > 0 ? num / den : NaN;
}

const TICK = 'game_tick_duration_seconds';

/** p99 of the ticks observed between two scrapes (ms), from the histogram's bucket deltas; NaN without ticks. */
export function tickQuantileMs(q: number, before: readonly PromSample[], after: readonly PromSample[]): number {
  const a = bucketsOf(before, TICK);
  const b = bucketsOf(after, TICK);
  const delta = b.map((x) => ({ le: x.le, count: x.count - (a.find((y) => y.le === x.le)?.count ?? 0) }));
  return histogramQuantile(q, delta) * 1000;
}

/** A counter's increase between two scrapes, by the value of `label` (only the labels that moved). */
export function increaseBy(name: string, label: string, before: readonly PromSample[], after: readonly PromSample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of after) {
    if (s.name !== name) continue;
    const key = s.labels[label] ?? '';
    const was = before.find((x) => x.name === name && x.labels[label] === key)?.value ?? 0;
    if (s.value - was > 0) out[key] = (out[key] ?? 0) + s.value - was;
  }
  return out;
}

/** A counter's increase between two scrapes, over all its labels. */
export function increase(name: string, before: readonly PromSample[], after: readonly PromSample[]): number {
  const was = sumOf(before, name);
  return sumOf(after, name) - (Number.isNaN(was) ? 0 : was);
}
