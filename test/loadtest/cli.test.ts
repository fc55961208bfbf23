/** Command line, thresholds, behaviour mixes and the live status. */
import { describe, expect, it } from 'vitest';
import { AssertionSyntaxError, evaluateAssertions, parseAssertions } from '../../loadtest/assertions.ts';
import { BEHAVIORS, behaviorFor, parseBehaviorMix } from '../../loadtest/behaviors/index.ts';
import { LiveStatus } from '../../loadtest/cli/liveStatus.ts';
import { parseCli, parseDurationMs } from '../../loadtest/cli/parseArgs.ts';
import { OptionError } from '../../loadtest/options.ts';
import type { Progress } from '../../loadtest/runLoadTest.ts';
import type { Report, TimelinePoint } from '../../loadtest/report/types.ts';
import { lineChart, niceTicks } from '../../loadtest/report/svgChart.ts';

describe('parseCli', () => {
  it('reads the issue’s example command', () => {
    const cli = parseCli(['--url', 'http://127.0.0.1:8080', '--bots', '2000', '--ramp', '200/s', '--duration', '60s', '--mode', 'arena', '--behavior', 'fighter', '--report', 'out/', '--assert', 'rtt.p99<100ms,errors=0']);
    expect(cli.run).toMatchObject({ url: 'http://127.0.0.1:8080', bots: 2000, rampPerSec: 200, durationMs: 60_000, mode: 'arena', behaviors: [{ name: 'fighter', weight: 1 }], rooms: null });
    expect(cli.run.workers).toBeGreaterThanOrEqual(1);
    expect(cli.reportDir).toBe('out/');
    expect(cli.assert).toBe('rtt.p99<100ms,errors=0');
  });

  it('bounds everything: duration at most 1 h, sane bots, workers and ramp', () => {
    expect(parseDurationMs('90')).toBe(90_000);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('1h')).toBe(3_600_000);
    expect(() => parseCli(['--duration', '61m'])).toThrow(/between 1s and 1h/);
    expect(() => parseCli(['--duration', 'soon'])).toThrow(OptionError);
    expect(() => parseCli(['--bots', '0'])).toThrow(/--bots/);
    expect(() => parseCli(['--workers', '1000'])).toThrow(/--workers/);
    expect(() => parseCli(['--ramp', '-5/s'])).toThrow(/--ramp/);
    expect(() => parseCli(['--rooms', '50', '--bots', '10'])).toThrow(/--rooms/);
    expect(() => parseCli(['--url', 'ftp://x'])).toThrow(/--url/);
    expect(() => parseCli(['--behaviour', 'idle'])).toThrow(OptionError); // unknown flag
    expect(() => parseCli(['--behavior', 'sniper'])).toThrow(/unknown behavior "sniper"/);
  });
});

describe('behaviours', () => {
  it('parses weighted mixes and keeps the mix over any prefix of bots (a ramp)', () => {
    expect(parseBehaviorMix('mix').map((s) => s.name)).toEqual(Object.keys(BEHAVIORS));
    const shares = parseBehaviorMix('fighter:3,wander:1');
    for (const n of [20, 100, 1000]) {
      const fighters = Array.from({ length: n }, (_, i) => behaviorFor(shares, i).name).filter((b) => b === 'fighter').length;
      expect(Math.abs(fighters / n - 0.75)).toBeLessThan(0.06);
    }
    expect(() => parseBehaviorMix('fighter:0')).toThrow(/positive/);
  });
});

function fakeReport(over: Partial<Report['latency']['rtt']> = {}): Report {
  const lat = { count: 10, min: 1, mean: 5, p50: 4, p90: 8, p99: 40, max: 50, histogram: { count: 0, sum: 0, min: 0, max: 0, buckets: [] }, ...over };
  return {
    latency: { rtt: lat, ack: lat, snapshotInterval: lat, jitter: lat, join: lat, reconnect: lat },
    errors: { total: 0, joinFailures: 0, joinFailuresByReason: {}, desyncs: 0, reconnectsFailed: 0, unexpectedCloses: { '1006': 2 }, serverErrors: {} },
    totals: { botsPeakConnected: 40 },
    server: { available: false, note: '', tickP50MsMax: NaN, tickP99MsMax: NaN, cpuPercentMax: NaN, memoryMBMax: NaN },
  } as unknown as Report;
}

describe('--assert', () => {
  it('parses thresholds with units and checks them', () => {
    const a = parseAssertions('rtt.p99<100ms, errors=0, join.max<=0.05s, disconnects<2, bots.connected>=40');
    expect(a.map((x) => [x.metric, x.op, x.value])).toEqual([
      ['rtt.p99', '<', 100],
      ['errors', '=', 0],
      ['join.max', '<=', 50],
      ['disconnects', '<', 2],
      ['bots.connected', '>=', 40],
    ]);
    expect(evaluateAssertions(a, fakeReport()).map((r) => r.passed)).toEqual([true, true, true, false, true]);
    expect(evaluateAssertions(parseAssertions('rtt.p99<30ms'), fakeReport())[0]!.passed).toBe(false);
  });

  it('fails a threshold on a figure with no data, and rejects unknown metrics and units', () => {
    const [r] = evaluateAssertions(parseAssertions('server.tick.p99<50ms'), fakeReport());
    expect(r!.passed).toBe(false);
    expect(r!.message).toContain('no data');
    expect(() => parseAssertions('latency<5')).toThrow(AssertionSyntaxError);
    expect(() => parseAssertions('rtt.p99<5 parsecs')).toThrow(AssertionSyntaxError);
    expect(() => parseAssertions('rtt.p99 about 5')).toThrow(AssertionSyntaxError);
  });
});

function progress(phase: Progress['phase'], started: number): Progress {
  const pct = { p50: 3, p99: 9 };
  const point: TimelinePoint = {
    tSec: 1, botsStarted: started, botsConnected: started, rooms: 2, botsPerRoom: { min: 4, max: 16 }, snapshotsPerSec: 600, bytesInPerSec: 2048, bytesOutPerSec: 1024,
    messagesInPerSec: 0, messagesOutPerSec: 0, rtt: pct, ack: pct, jitter: pct, snapshotInterval: pct, errors: 0, tickRate: 30, server: null, generator: { cpuPercent: 40, eluMax: 0.4, loopDelayP99Ms: 2 },
  };
  return { phase, elapsedSec: 1, durationSec: 10, targetBots: 20, point, errors: { total: 1, joinFailures: 1, joinFailuresByReason: { timeout: 1 }, desyncs: 0, reconnectsFailed: 0, unexpectedCloses: {}, serverErrors: {}, serverErrorExamples: {} } };
}

describe('live status', () => {
  it('rewrites one block in place on a TTY, with a progress bar while ramping', () => {
    let out = '';
    const s = new LiveStatus({ write: (t) => (out += t) }, true);
    s.update(progress('ramping', 10));
    expect(out).toContain('ramp [###############---------------] 50%');
    expect(out).toContain('bots 10/20 connected');
    expect(out).toContain('join failures timeout×1');
    const lines = out.split('\n').length - 1;
    out = '';
    s.update(progress('steady', 20));
    expect(out.startsWith(`\x1b[${lines}F`)).toBe(true); // back to the top of the block
    expect(out).not.toContain('ramp [');
  });

  it('prints one plain line per second when not a TTY', () => {
    let out = '';
    const s = new LiveStatus({ write: (t) => (out += t) }, false);
    s.update(progress('steady', 20));
    s.update(progress('steady', 20));
    expect(out.split('\n').filter(Boolean)).toHaveLength(2);
    expect(out).not.toContain('\x1b');
  });
});

describe('SVG charts', () => {
  it('picks round ticks and breaks lines where data is missing', () => {
    expect(niceTicks(87)).toEqual([0, 20, 40, 60, 80, 100]);
    const svg = lineChart({ title: 'RTT <p99>', xLabel: 's', formatY: String, series: [{ name: 'p99', color: '#000', points: [[0, 1], [1, 2], [2, NaN], [3, 4], [4, 5]] }] });
    expect(svg).toContain('RTT &lt;p99&gt;');
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
  });
});
