/**
 * Server clock offset, round-trip time and jitter from timestamped pings (Ping carries the
 * client's time, Pong echoes it with the server's time).
 *
 * Each sample gives rtt = receivedAt − sentAt and offset = serverTime + rtt/2 − receivedAt (the
 * server time is assumed to be read half-way). Queueing delay only ever adds to a sample's RTT
 * and skews its offset, so the estimate comes from the best-RTT quarter of a window of recent
 * samples: outliers (a late packet, a GC pause) never move it. The published offset slews toward
 * that estimate by a bounded amount per sample, so drift is followed slowly, and `serverNow` never
 * goes backwards. Only a first sample or an error beyond `jumpMs` makes it jump.
 *
 * Pure: times are arguments.
 */

export interface ClockSyncOptions {
  /** Samples kept. */
  window?: number;
  /** Largest change of the published offset per sample, in ms. */
  maxSlewMs?: number;
  /** An estimate this far from the published offset is taken at once (a new connection, a clock step). */
  jumpMs?: number;
}

export interface ClockSyncStats {
  samples: number;
  /** Median RTT of the window, ms (NaN before the first sample). */
  rttMs: number;
  /** Lowest RTT of the window, ms. */
  minRttMs: number;
  /** Spread of the middle half of the window's RTTs (interquartile range), ms: outliers do not count. */
  jitterMs: number;
  /** Server time minus local time, ms. */
  offsetMs: number;
}

interface Sample {
  rttMs: number;
  offsetMs: number;
}

export class ClockSync {
  private readonly samples: Sample[] = [];
  private readonly window: number;
  private readonly maxSlewMs: number;
  private readonly jumpMs: number;
  private offset = NaN;
  private lastServerNow = -Infinity;
  private count = 0;

  constructor(opts: ClockSyncOptions = {}) {
    this.window = opts.window ?? 16;
    this.maxSlewMs = opts.maxSlewMs ?? 2;
    this.jumpMs = opts.jumpMs ?? 250;
  }

  get ready(): boolean {
    return !Number.isNaN(this.offset);
  }

  /** Add one Ping/Pong exchange. Samples with a negative RTT (a clock mix-up) are ignored. */
  addSample(sentAtMs: number, serverTimeMs: number, receivedAtMs: number): void {
    const rttMs = receivedAtMs - sentAtMs;
    if (!(rttMs >= 0) || !Number.isFinite(serverTimeMs)) return;
    this.count++;
    this.samples.push({ rttMs, offsetMs: serverTimeMs + rttMs / 2 - receivedAtMs });
    if (this.samples.length > this.window) this.samples.shift();
    const target = this.bestOffset();
    if (Number.isNaN(this.offset) || Math.abs(target - this.offset) > this.jumpMs) this.offset = target;
    else this.offset += Math.max(-this.maxSlewMs, Math.min(this.maxSlewMs, target - this.offset));
  }

  /** The server's clock now, by the local clock; never decreases. */
  serverNow(localNowMs: number): number {
    const t = Math.max(localNowMs + (Number.isNaN(this.offset) ? 0 : this.offset), this.lastServerNow);
    this.lastServerNow = t;
    return t;
  }

  /** Samples taken so far (cheap: no sorting, unlike stats). */
  get sampleCount(): number {
    return this.count;
  }

  get stats(): ClockSyncStats {
    const rtts = this.samples.map((s) => s.rttMs).sort((a, b) => a - b);
    const median = rtts.length ? rtts[Math.floor(rtts.length / 2)]! : NaN;
    const q = (f: number): number => rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * f))]!;
    const jitter = rtts.length ? q(0.75) - q(0.25) : NaN;
    return { samples: this.count, rttMs: median, minRttMs: rtts[0] ?? NaN, jitterMs: jitter, offsetMs: this.offset };
  }

  /** Mean offset of the best-RTT quarter of the window (at least one sample). */
  private bestOffset(): number {
    const sorted = [...this.samples].sort((a, b) => a.rttMs - b.rttMs);
    const n = Math.max(1, Math.floor(sorted.length / 4));
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!.offsetMs;
    return sum / n;
  }
}
