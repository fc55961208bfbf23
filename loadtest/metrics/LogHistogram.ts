/**
 * A mergeable latency histogram with logarithmic buckets (about 2 % relative precision from
 * 0.01 ms to over an hour). Workers record into their own and ship the non-empty buckets to
 * the coordinator, which merges them: percentiles over thousands of bots without keeping a
 * single sample.
 */

const MIN_VALUE = 0.01;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Bucket 0 holds everything below MIN_VALUE; the last one everything above the range. */
export const BUCKET_COUNT = 1100;

/** Sparse form for postMessage and report.json: [bucketIndex, count] pairs. */
export type SparseBuckets = [number, number][];

export interface HistogramSummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function bucketOf(value: number): number {
  if (!(value >= MIN_VALUE)) return 0;
  const i = 1 + Math.floor(Math.log(value / MIN_VALUE) / LOG_GROWTH);
  return i >= BUCKET_COUNT ? BUCKET_COUNT - 1 : i;
}

/** Upper bound of a bucket (what a percentile in that bucket reports). */
export function bucketUpperBound(index: number): number {
  return index === 0 ? MIN_VALUE : MIN_VALUE * GROWTH ** index;
}

export class LogHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(value: number): void {
    if (!Number.isFinite(value)) return;
    const v = value < 0 ? 0 : value;
    this.counts[bucketOf(v)]!++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Percentile (0–100); NaN when empty. Exact min and max at the ends. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    if (p <= 0) return this.min;
    if (p >= 100) return this.max;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketUpperBound(i)));
    }
    return this.max;
  }

  summary(): HistogramSummary {
    return {
      count: this.count,
      min: this.count ? this.min : NaN,
      mean: this.count ? this.sum / this.count : NaN,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.count ? this.max : NaN,
    };
  }

  toJSON(): SerializedHistogram {
    const buckets: SparseBuckets = [];
    for (let i = 0; i < BUCKET_COUNT; i++) if (this.counts[i]! > 0) buckets.push([i, this.counts[i]!]);
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, buckets };
  }

  merge(other: SerializedHistogram): void {
    if (other.count === 0) return;
    for (const [i, n] of other.buckets) if (i >= 0 && i < BUCKET_COUNT) this.counts[i]! += n;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  static from(s: SerializedHistogram): LogHistogram {
    const h = new LogHistogram();
    h.merge(s);
    return h;
  }
}

export interface SerializedHistogram {
  count: number;
  sum: number;
  min: number;
  max: number;
  buckets: SparseBuckets;
}
