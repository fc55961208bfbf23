/** A bounded window of samples with percentiles (tick durations, latencies). */
export class Histogram {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;
  total = 0;
  sum = 0;
  max = 0;

  constructor(capacity = 1024) {
    this.samples = new Float64Array(capacity);
  }

  record(v: number): void {
    this.samples[this.next] = v;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
    this.total++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  /** Percentile (0–100) over the window; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const sorted = Array.from(this.samples.subarray(0, this.count)).sort((a, b) => a - b);
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[i]!;
  }
}
