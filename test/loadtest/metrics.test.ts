/** The tool's figures: histogram percentiles, Prometheus scraping (and its absence), aggregation. */
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../loadtest/metrics/LogHistogram.ts';
import { Aggregator } from '../../loadtest/metrics/Aggregator.ts';
import { botsPerCore } from '../../loadtest/report/buildReport.ts';
import type { TimelinePoint } from '../../loadtest/report/types.ts';
import { emptyCounters, type WorkerSample } from '../../loadtest/metrics/WorkerMetrics.ts';
import { bucketsOf, histogramQuantile, parsePrometheusText } from '../../loadtest/server/prometheusText.ts';
import { ServerMetricsScraper } from '../../loadtest/server/ServerMetricsScraper.ts';
import { seededRandom } from '../../loadtest/worker/random.ts';
import { TimerQueue } from '../../loadtest/worker/TimerQueue.ts';
import { PendingInputs } from '../../loadtest/metrics/PendingInputs.ts';
import { ManualClock } from '../../shared/clock.ts';
import { ERR } from '../../shared/protocol.ts';

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

describe('LogHistogram', () => {
  it('gives percentiles within its 2 % bucket precision, and exact min and max', () => {
    const rnd = seededRandom(7);
    const h = new LogHistogram();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = 0.05 + -Math.log(1 - rnd()) * 30; // exponential, like latencies
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = exactPercentile(values, p);
      expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThan(0.021);
    }
    expect(h.percentile(0)).toBe(values[0]);
    expect(h.percentile(100)).toBe(values[values.length - 1]);
    expect(h.summary().mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it('merges serialized histograms into the same figures as one histogram of all samples', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    const all = new LogHistogram();
    for (let i = 1; i <= 500; i++) {
      (i % 3 === 0 ? a : b).record(i * 0.7);
      all.record(i * 0.7);
    }
    const merged = LogHistogram.from(JSON.parse(JSON.stringify(a.toJSON())));
    merged.merge(b.toJSON());
    expect(merged.summary()).toEqual(all.summary());
  });

  it('is empty (NaN) before any sample and ignores non-finite values', () => {
    const h = new LogHistogram();
    h.record(NaN);
    h.record(Infinity);
    expect(h.count).toBe(0);
    expect(h.percentile(50)).toBeNaN();
  });
});

const METRICS_TEXT = (cpuSec: number, fast: number, slow: number): string => `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total ${cpuSec}
process_resident_memory_bytes 104857600
# TYPE game_rooms gauge
game_rooms{type="arena"} 3
game_rooms_created_total 9
game_connections 40
# TYPE game_tick_duration_seconds histogram
game_tick_duration_seconds_bucket{le="0.001",room_type="arena"} ${fast}
game_tick_duration_seconds_bucket{le="0.01",room_type="arena"} ${fast + slow}
game_tick_duration_seconds_bucket{le="+Inf",room_type="arena"} ${fast + slow}
game_tick_duration_seconds_sum{room_type="arena"} 0.5
game_tick_duration_seconds_count{room_type="arena"} ${fast + slow}
`;

describe('server metrics', () => {
  it('parses the Prometheus text format and interpolates histogram quantiles', () => {
    const samples = parsePrometheusText('a_total{x="1",y="q\\"uote"} 5\nb 2.5 1700000000\n# comment\nbad line here\n');
    expect(samples).toEqual([
      { name: 'a_total', labels: { x: '1', y: 'q"uote' }, value: 5 },
      { name: 'b', labels: {}, value: 2.5 },
    ]);
    const buckets = bucketsOf(parsePrometheusText(METRICS_TEXT(1, 90, 10)), 'game_tick_duration_seconds');
    expect(buckets.map((b) => b.le)).toEqual([0.001, 0.01, Infinity]);
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.001 * (50 / 90), 9);
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.001 + 0.009 * (9 / 10), 9);
  });

  it('computes CPU and the tick p99 over each interval from the counters', async () => {
    const clock = new ManualClock(0);
    const texts = [METRICS_TEXT(10, 1000, 0), METRICS_TEXT(10.5, 1000, 100)];
    const scraper = new ServerMetricsScraper('http://game:8080', async (url) => {
      expect(url).toBe('http://game:8080/metrics');
      return { status: 200, text: texts.shift()! };
    }, clock);
    const first = await scraper.scrape();
    expect(first?.rooms).toBe(3);
    expect(first?.connections).toBe(40);
    expect(first?.memoryMB).toBe(100);
    expect(first?.cpuPercent).toBeNaN(); // needs two scrapes
    clock.advance(1000);
    const second = await scraper.scrape();
    expect(second?.cpuPercent).toBeCloseTo(50, 6);
    // This interval's 100 ticks were all in the 1–10 ms bucket, whatever came before.
    expect(second?.tickP99Ms).toBeGreaterThan(1);
    expect(second?.tickP99Ms).toBeLessThanOrEqual(10);
    expect(scraper.state).toBe('available');
  });

  it('degrades gracefully when the server has no /metrics (404): noted once, not asked again', async () => {
    let calls = 0;
    const scraper = new ServerMetricsScraper('ws://game:8080', async () => {
      calls++;
      return { status: 404, text: 'not found' };
    }, new ManualClock());
    expect(await scraper.scrape()).toBeNull();
    expect(await scraper.scrape()).toBeNull();
    expect(calls).toBe(1);
    expect(scraper.state).toBe('absent');
    expect(scraper.note).toMatch(/no \/metrics endpoint/);
  });
});

function sample(workerId: number, atMs: number, bytesIn: number, extra: Partial<WorkerSample> = {}): WorkerSample {
  const empty = new LogHistogram().toJSON();
  return {
    workerId,
    atMs,
    startedAtMs: 0,
    botsStarted: 10,
    botsConnected: 10,
    counters: { ...emptyCounters(), bytesIn, states: bytesIn / 100 },
    closeCodes: {},
    serverErrors: {},
    serverErrorExamples: {},
    rooms: { [`r${workerId}`]: 6, shared: 4 },
    joinFailures: {},
    latency: { rtt: empty, ack: empty, snapshotInterval: empty, jitter: empty, join: empty, reconnect: empty },
    elu: 0.5,
    loopDelayP99Ms: 3,
    loopDelayMaxMs: 4,
    joinsVia: { matchmaking: 10, direct: 0 },
    tickRate: 30,
    final: false,
    ...extra,
  };
}

describe('Aggregator', () => {
  it('measures each worker’s rates between its own samples and merges rooms and errors', () => {
    const agg = new Aggregator();
    agg.add(sample(0, 1000, 1000));
    agg.add(sample(1, 500, 3000, { closeCodes: { '1006': 2 }, serverErrors: { [ERR.RateLimited]: 1 }, serverErrorExamples: { [ERR.RateLimited]: 'slow down' }, joinFailures: { timeout: 1 }, counters: { ...emptyCounters(), bytesIn: 3000, joinsFailed: 1 } }));
    const p1 = agg.point(1, null, 50);
    expect(p1.bytesInPerSec).toBe(1000 + 6000); // 1000 B in 1 s, 3000 B in 0.5 s
    expect(p1.botsConnected).toBe(20);
    expect(p1.rooms).toBe(3);
    expect(p1.botsPerRoom).toEqual({ min: 6, max: 8 });
    agg.add(sample(0, 3000, 2000));
    const p2 = agg.point(2, null, 50);
    // worker 0: 1000 more bytes over 2 s; worker 1 sent nothing new: its last rate carries on.
    expect(p2.bytesInPerSec).toBe(500 + 6000);
    const errors = agg.errors();
    expect(errors).toEqual({ total: 4, joinFailures: 1, joinFailuresByReason: { timeout: 1 }, desyncs: 0, reconnectsFailed: 0, unexpectedCloses: { '1006': 2 }, serverErrors: { RateLimited: 1 }, serverErrorExamples: { RateLimited: 'slow down' } });
    expect(agg.totals().bytesIn).toBe(5000);
    expect(agg.allFinal(2)).toBe(false);
    agg.add(sample(0, 4000, 2000, { final: true }));
    agg.add(sample(1, 4000, 3000, { final: true }));
    expect(agg.allFinal(2)).toBe(true);
  });
});

describe('bots per core', () => {
  const point = (botsConnected: number, messagesOutPerSec: number, snapshotsPerSec: number, cpuPercent: number): TimelinePoint =>
    ({ botsConnected, messagesOutPerSec, snapshotsPerSec, tickRate: 30, generator: { cpuPercent, eluMax: 1, loopDelayP99Ms: 0 } }) as TimelinePoint;

  it('credits only the bots driven at full rate, over the seconds when every bot was connected', () => {
    // 1000 bots at full rate (31 messages out, 30 snapshots in, per bot per second) on half a core.
    expect(botsPerCore([point(500, 15_500, 15_000, 25), point(1000, 31_000, 30_000, 50), point(1000, 31_000, 30_000, 50)], 1000)).toBeCloseTo(2000, 6);
    // A starved generator that sent a fifth of its inputs drove a fifth of its bots.
    expect(botsPerCore([point(1000, 6200, 30_000, 50)], 1000)).toBeCloseTo(400, 6);
    expect(botsPerCore([], 0)).toBeNaN();
  });
});

describe('TimerQueue (the worker timer’s deferred calls)', () => {
  it('runs due calls in order, skips cancelled ones, and leaves later ones for later', () => {
    const clock = new ManualClock(0);
    const q = new TimerQueue(clock);
    const ran: string[] = [];
    q.schedule(() => ran.push('b'), 200);
    q.schedule(() => ran.push('a'), 100);
    const cancel = q.schedule(() => ran.push('never'), 150);
    q.schedule(() => ran.push('c'), 1000);
    cancel();
    q.runDue(50);
    expect(ran).toEqual([]);
    q.runDue(300);
    expect(ran).toEqual(['a', 'b']);
    expect(q.size).toBe(1);
    q.runDue(1000);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });
});

describe('PendingInputs (input → acknowledgement)', () => {
  it('acknowledges every input up to ackSeq with its own wait, once', () => {
    const p = new PendingInputs();
    p.sent(1, 0);
    p.sent(2, 33);
    p.sent(3, 66);
    const waits: number[] = [];
    p.acknowledge(2, 80, (ms) => waits.push(ms));
    expect(waits).toEqual([80, 47]);
    p.acknowledge(2, 120, (ms) => waits.push(ms)); // a repeated ack acknowledges nothing new
    expect(waits).toEqual([80, 47]);
    p.acknowledge(3, 100, (ms) => waits.push(ms));
    expect(waits).toEqual([80, 47, 34]);
    expect(p.size).toBe(0);
  });

  it('stays bounded when acknowledgements stop coming', () => {
    const p = new PendingInputs();
    for (let seq = 1; seq <= 1000; seq++) p.sent(seq, seq);
    expect(p.size).toBe(256);
    const waits: number[] = [];
    p.acknowledge(1000, 1000, (ms) => waits.push(ms));
    expect(waits).toHaveLength(256);
    expect(waits[0]).toBe(1000 - 745);
  });
});
