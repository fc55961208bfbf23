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

function histograms(): Record<LatencyKey, LogHistogram> {
  return { rtt: new LogHistogram(), ack: new LogHistogram(), snapshotInterval: new LogHistogram(), jitter: new LogHistogram(), join: new LogHistogram() };
}

export class Aggregator {
  private readonly latest = new Map<number, WorkerSample>();
  private readonly interval = histograms();
  readonly cumulative = histograms();
  private prevTotals: Counters = emptyCounters();
  private prevAtMs: number;
  private eluMax = 0;
  private loopDelayP99Ms = 0;
  botsPeakConnected = 0;
  roomsPeak = 0;

  constructor(startMs: number) {
    this.prevAtMs = startMs;
  }

  /** The run's clock starts now (after the workers loaded). */
  restart(startMs: number): void {
    this.prevAtMs = startMs;
  }

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
    let total = t.joinsFailed + t.desyncs;
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
    return { total, joinFailures: t.joinsFailed, joinFailuresByReason: joinFailures, desyncs: t.desyncs, unexpectedCloses, serverErrors, serverErrorExamples };
  }

  /** The timeline point for the interval ending now; resets the interval figures. */
  point(tSec: number, nowMs: number, server: ServerPoint | null, generatorCpuPercent: number): TimelinePoint {
    const t = this.totals();
    const dtSec = Math.max(1e-3, (nowMs - this.prevAtMs) / 1000);
    const rate = (k: keyof Counters): number => (t[k] - this.prevTotals[k]) / dtSec;
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
    this.prevTotals = t;
    this.prevAtMs = nowMs;
    this.eluMax = 0;
    this.loopDelayP99Ms = 0;
    return p;
  }
}
