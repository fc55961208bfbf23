/**
 * Folds the workers' samples into the run's figures: one timeline point a second (rates from
 * the cumulative counters, percentiles from the interval histograms) and the whole-run
 * histograms and totals.
 */
import { ERR } from '../../shared/protocol.ts';
import type { ServerPoint } from '../server/ServerMetricsScraper.ts';
import type { ErrorReport, TimelinePoint } from '../report/types.ts';
import { LogHistogram } from './LogHistogram.ts';
import { emptyCounters, LATENCY_KEYS, type Counters, type LatencyKey, type WorkerSample } from './WorkerMetrics.ts';

const ERR_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(ERR).map(([name, code]) => [code, name]));

const RATE_KEYS = ['states', 'bytesIn', 'bytesOut', 'messagesIn', 'messagesOut'] as const;
type RateKey = (typeof RATE_KEYS)[number];
type Rates = Record<RateKey, number>;

function histograms(): Record<LatencyKey, LogHistogram> {
  const h = {} as Record<LatencyKey, LogHistogram>;
  for (const key of LATENCY_KEYS) h[key] = new LogHistogram();
  return h;
}

export class Aggregator {
  private readonly latest = new Map<number, WorkerSample>();
  private readonly interval = histograms();
  readonly cumulative = histograms();
  /** Per worker: the sample the last rates were computed from, and those rates. */
  private readonly rateBase = new Map<number, { atMs: number; counters: Counters }>();
  private readonly lastRates = new Map<number, Rates>();
  private eluMax = 0;
  private loopDelayP99Ms = 0;
  botsPeakConnected = 0;
  roomsPeak = 0;

  add(sample: WorkerSample): void {
    this.latest.set(sample.workerId, sample);
    for (const key of LATENCY_KEYS) {
      this.interval[key].merge(sample.latency[key]);
      this.cumulative[key].merge(sample.latency[key]);
    }
    this.eluMax = Math.max(this.eluMax, sample.elu);
    this.loopDelayP99Ms = Math.max(this.loopDelayP99Ms, sample.loopDelayP99Ms);
  }

  /** Whether every one of `workers` has sent its final sample. */
  allFinal(workers: number): boolean {
    if (this.latest.size < workers) return false;
    for (const s of this.latest.values()) if (!s.final) return false;
    return true;
  }

  totals(): Counters {
    const t = emptyCounters();
    for (const s of this.latest.values()) for (const k of Object.keys(t) as (keyof Counters)[]) t[k] += s.counters[k];
    return t;
  }

  joinsVia(): { matchmaking: number; direct: number } {
    const j = { matchmaking: 0, direct: 0 };
    for (const s of this.latest.values()) {
      j.matchmaking += s.joinsVia.matchmaking;
      j.direct += s.joinsVia.direct;
    }
    return j;
  }

  errors(): ErrorReport {
    const t = this.totals();
    const unexpectedCloses: Record<string, number> = {};
    const serverErrors: Record<string, number> = {};
    const serverErrorExamples: Record<string, string> = {};
    const joinFailures: Record<string, number> = {};
    let total = t.joinsFailed + t.desyncs + t.reconnectsFailed;
    for (const s of this.latest.values()) {
      for (const [reason, n] of Object.entries(s.joinFailures)) joinFailures[reason] = (joinFailures[reason] ?? 0) + n;
      for (const [code, n] of Object.entries(s.closeCodes)) {
        unexpectedCloses[code] = (unexpectedCloses[code] ?? 0) + n;
        total += n;
      }
      for (const [code, n] of Object.entries(s.serverErrors)) {
        const name = ERR_NAMES.get(Number(code)) ?? `code${code}`;
        serverErrors[name] = (serverErrors[name] ?? 0) + n;
        const example = s.serverErrorExamples[code];
        if (example !== undefined) serverErrorExamples[name] ??= example;
        total += n;
      }
    }
    return { total, joinFailures: t.joinsFailed, joinFailuresByReason: joinFailures, desyncs: t.desyncs, reconnectsFailed: t.reconnectsFailed, unexpectedCloses, serverErrors, serverErrorExamples };
  }

  /**
   * Per-second rates, summed over workers. Each worker's rate is measured between its own
   * samples (their timestamps, not this thread's), so a worker that reports late shows its
   * last rate instead of a zero followed by a double.
   */
  private rates(): Rates {
    const sum: Rates = { states: 0, bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
    for (const [id, s] of this.latest) {
      const base = this.rateBase.get(id) ?? { atMs: s.startedAtMs, counters: emptyCounters() };
      if (s.atMs > base.atMs) {
        const dtSec = (s.atMs - base.atMs) / 1000;
        const r = {} as Rates;
        for (const k of RATE_KEYS) r[k] = (s.counters[k] - base.counters[k]) / dtSec;
        this.lastRates.set(id, r);
        this.rateBase.set(id, { atMs: s.atMs, counters: s.counters });
      }
      const r = this.lastRates.get(id);
      if (r) for (const k of RATE_KEYS) sum[k] += r[k];
    }
    return sum;
  }

  /** The timeline point for the interval ending now; resets the interval figures. */
  point(tSec: number, server: ServerPoint | null, generatorCpuPercent: number): TimelinePoint {
    const r = this.rates();
    const rate = (k: RateKey): number => r[k];
    let started = 0;
    let connected = 0;
    const rooms = new Map<string, number>();
    for (const s of this.latest.values()) {
      started += s.botsStarted;
      connected += s.botsConnected;
      for (const [r, n] of Object.entries(s.rooms)) rooms.set(r, (rooms.get(r) ?? 0) + n);
    }
    this.botsPeakConnected = Math.max(this.botsPeakConnected, connected);
    this.roomsPeak = Math.max(this.roomsPeak, rooms.size);
    const occupancy = [...rooms.values()];
    const tickRate = Math.max(0, ...[...this.latest.values()].map((s) => s.tickRate));
    const pct = (key: LatencyKey): { p50: number; p99: number } => ({ p50: this.interval[key].percentile(50), p99: this.interval[key].percentile(99) });
    const p: TimelinePoint = {
      tSec,
      botsStarted: started,
      botsConnected: connected,
      rooms: rooms.size,
      botsPerRoom: { min: occupancy.length ? Math.min(...occupancy) : 0, max: occupancy.length ? Math.max(...occupancy) : 0 },
      snapshotsPerSec: rate('states'),
      bytesInPerSec: rate('bytesIn'),
      bytesOutPerSec: rate('bytesOut'),
      messagesInPerSec: rate('messagesIn'),
      messagesOutPerSec: rate('messagesOut'),
      rtt: pct('rtt'),
      ack: pct('ack'),
      jitter: pct('jitter'),
      snapshotInterval: pct('snapshotInterval'),
      errors: this.errors().total,
      tickRate,
      server,
      generator: { cpuPercent: generatorCpuPercent, eluMax: this.eluMax, loopDelayP99Ms: this.loopDelayP99Ms },
    };
    for (const key of LATENCY_KEYS) this.interval[key].reset();
    this.eluMax = 0;
    this.loopDelayP99Ms = 0;
    return p;
  }
}
