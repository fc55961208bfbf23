/** Command line, thresholds, behaviour mixes and the live status. */
import { describe, expect, it } from 'vitest';
import { AssertionSyntaxError, evaluateAssertions, parseAssertions } from '../../loadtest/assertions.ts';
import { behaviorFor, behaviorsOf, parseBehaviorMix } from '../../loadtest/behaviors/index.ts';
import { neutralInput } from '../../loadtest/behaviors/idle.ts';
import type { BrainContext } from '../../loadtest/behaviors/types.ts';
import { gameOfMode } from '../../loadtest/games.ts';
import { arena } from '../../games/arena/index.ts';
import { pong } from '../../games/pong/index.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { LiveStatus } from '../../loadtest/cli/liveStatus.ts';
import { parseCli, parseDurationMs, usage } from '../../loadtest/cli/parseArgs.ts';
import { behaviorsOfRun, gameOf, OptionError } from '../../loadtest/options.ts';
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
    expect(() => parseCli(['--mode', 'chess'])).toThrow(/--mode "chess": no installed game.*arena, arena-large, pong, pong-duel/);
    expect(() => parseCli(['--game', 'chess'])).toThrow(/--game "chess" is not installed/);
  });

  it('finds the game that owns the mode, and its behaviours', () => {
    const large = parseCli(['--mode', 'arena-large', '--behavior', 'fighter:3,chaos']).run;
    expect(gameOf(large)).toBe(arena);
    expect(large.behaviors).toEqual([{ name: 'fighter', weight: 3 }, { name: 'chaos', weight: 1 }]);
    const duel = parseCli(['--mode', 'pong-duel']).run;
    expect(gameOf(duel)).toBe(pong);
    expect(behaviorsOfRun(duel, pong)).toEqual([{ name: 'tracker', weight: 1 }]); // the game's first policy
    expect(behaviorsOfRun(parseCli([]).run, arena)).toEqual([{ name: 'fighter', weight: 1 }]);
    expect(parseCli(['--mode', 'pong', '--behavior', 'tracker:2,chaos,idle']).run.behaviors).toHaveLength(3);
    expect(() => parseCli(['--mode', 'pong', '--behavior', 'fighter'])).toThrow(/unknown behavior "fighter".*tracker, jitter, idle, chaos.*for the game "pong"/);
    // A custom room type (a server's own registration) names its game.
    expect(gameOf(parseCli(['--mode', 'pong-practice', '--game', 'pong']).run)).toBe(pong);
  });

  it('--help lists every game with its modes and behaviours', () => {
    const cli = parseCli(['--help', '--mode', 'chess']);
    expect(cli.help).toBe(true);
    const text = usage();
    for (const m of ['arena', 'arena-large', 'pong', 'pong-duel']) expect(text).toContain(`--mode ${m} `);
    for (const b of ['fighter', 'wander', 'tracker', 'jitter', 'idle', 'chaos']) expect(text).toContain(`--behavior ${b} `);
    expect(text).toMatch(/--behavior tracker +follows the ball.*\(default\)/);
  });
});

describe('behaviours', () => {
  it('parses weighted mixes and keeps the mix over any prefix of bots (a ramp)', () => {
    const arenaBehaviors = behaviorsOf(arena);
    expect(Object.keys(arenaBehaviors)).toEqual(['fighter', 'wander', 'idle', 'chaos']);
    expect(parseBehaviorMix('mix', arenaBehaviors).map((s) => s.name)).toEqual(Object.keys(arenaBehaviors));
    const shares = parseBehaviorMix('fighter:3,wander:1', arenaBehaviors);
    for (const n of [20, 100, 1000]) {
      const fighters = Array.from({ length: n }, (_, i) => behaviorFor(shares, i, arenaBehaviors).name).filter((b) => b === 'fighter').length;
      expect(Math.abs(fighters / n - 0.75)).toBeLessThan(0.06);
    }
    expect(() => parseBehaviorMix('fighter:0', arenaBehaviors)).toThrow(/positive/);
  });

  it("are the game's policies plus the engine's idle and chaos (a game's own idle takes the name)", () => {
    const b = behaviorsOf(pong);
    expect(Object.keys(b)).toEqual(['tracker', 'jitter', 'idle', 'chaos']);
    expect(b['idle']!.source).toBe('policy');
    expect(b['chaos']).toMatchObject({ source: 'engine', reconnects: true });
    expect(b['chaos']!.description).toMatch(/plays tracker/);
    expect(behaviorsOf(arena)['idle']!.source).toBe('engine');
    expect(neutralInput(arena)).toEqual({ mx: 0, my: 0, aim: 0, fire: false });
    expect(neutralInput(pong)).toEqual({ move: 0 });
    expect(gameOfMode('pong-duel')).toBe(pong);
    expect(gameOfMode('nope')).toBeNull();
  });

  it("drive the game's policy from the bot's reused context (a BotView), returning the game's input", () => {
    const view = new ClientView(pong.kinds);
    const ctx: BrainContext = { view, entities: view.entities, info: null, selfId: 1, nowMs: 0, joinedForMs: 0 };
    for (const name of ['tracker', 'chaos']) {
      const brain = behaviorsOf(pong)[name]!.create(() => 0.5);
      const input = brain.input(ctx);
      expect(Object.keys(input)).toEqual(['move']);
      expect(brain.lifecycle(ctx)).toBe('stay');
    }
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
