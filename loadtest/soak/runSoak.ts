/**
 * A soak: bots (chaos and each of the game's bot policies) play for M minutes through the network simulator
 * (lag, jitter and TCP-style stalls in every bot: shared/netcode/DelayQueue.ts) against a
 * server started here with `--debug-checksum on` (so every State is verified), or one given by
 * URL on this machine. The bots are the load test's (runLoadTest: worker threads, Aggregator,
 * its once-a-second /metrics scrape); the soak adds the verdict: no desync, no handler that
 * threw, the server still there; and the figures that show a slow leak or a slow tick: the RSS
 * slope (least squares over the scrapes) and the tick p99 over the whole run.
 */
import type { NetSimOptions } from '../../shared/netcode/DelayQueue.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { policyNames, type BehaviorShare } from '../behaviors/index.ts';
import { loopbackUrls } from '../fuzz/loopback.ts';
import { startLocalServer, type LocalServer } from '../localServer.ts';
import { DEFAULT_OPTIONS, gameOf, parseBehaviorOption } from '../options.ts';
import type { ErrorReport } from '../report/types.ts';
import { startLoadTest, type Progress } from '../runLoadTest.ts';
import { parsePrometheusText, type PromSample } from '../server/prometheusText.ts';
import { increase, increaseBy, leastSquaresSlope, tickQuantileMs } from './soakFigures.ts';

export interface SoakOptions {
  minutes: number;
  bots: number;
  /** A server already running on this machine; null: start one. */
  url: string | null;
  /** The room type the bots join (it picks the game). */
  mode: string;
  /** The bot mix; null: chaos:2 plus each of the game's bot policies once. */
  behavior: string | null;
  netSim: Required<Pick<NetSimOptions, 'lagMs' | 'jitterMs' | 'stallChance' | 'stallMs'>>;
  seed: number;
  workers: number;
  statusEverySec: number;
}

export const SOAK_DEFAULTS: Omit<SoakOptions, 'minutes' | 'url'> = {
  bots: 60,
  mode: DEFAULT_OPTIONS.mode,
  behavior: null,
  netSim: { lagMs: 100, jitterMs: 40, stallChance: 0.01, stallMs: 200 },
  seed: 1,
  workers: 1,
  statusEverySec: 30,
};

export interface SoakResult {
  url: string;
  /** PID of the server this soak started (null: --url). */
  serverPid: number | null;
  elapsedMin: number;
  bots: { target: number; peakConnected: number; joins: number; reconnects: number; reconnectsFailed: number };
  desyncs: number;
  /** What the bots saw: server Error messages by name, unexpected closes by code, failed joins by reason. */
  errors: Pick<ErrorReport, 'total' | 'serverErrors' | 'unexpectedCloses' | 'joinFailuresByReason'>;
  /** What the server counted: rejected client messages by reason, closes by code name, handlers that threw. */
  server: { rejected: Record<string, number>; closes: Record<string, number>; messagesFailed: number; ticks: number; lateTicks: number };
  rss: { startMB: number; endMB: number; slopeMBPerMin: number; scrapes: number };
  tick: { p99Ms: number; worstSecondP99Ms: number };
  failures: string[];
}

export interface SoakHooks {
  onLine?: (line: string) => void;
  /** Receives the function that ends the run early (Ctrl-C); the report covers what ran. */
  onStart?: (stop: () => void) => void;
}

/** The server's /metrics as samples; null when it does not answer. */
async function scrape(httpUrl: string): Promise<PromSample[] | null> {
  try {
    const res = await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200 ? parsePrometheusText(await res.text()) : null;
  } catch {
    return null;
  }
}

export async function runSoak(opts: SoakOptions, hooks: SoakHooks = {}): Promise<SoakResult> {
  const say = (l: string): void => hooks.onLine?.(l);
  const own: LocalServer | null = opts.url === null ? await startLocalServer(['--debug-checksum', 'on']) : null;
  try {
    return await soak(opts, own, say, hooks.onStart ?? (() => {}));
  } finally {
    await own?.stop();
  }
}

/** The soak's default mix for a game: chaos:2 plus each of its bot policies once (the arena: chaos:2,fighter:1,wander:1). */
export function defaultSoakMix(game: AnyGame): BehaviorShare[] {
  return [{ name: 'chaos', weight: 2 }, ...policyNames(game).filter((n) => n !== 'chaos').map((name) => ({ name, weight: 1 }))];
}

async function soak(opts: SoakOptions, own: LocalServer | null, say: (l: string) => void, onStart: (stop: () => void) => void): Promise<SoakResult> {
  const game = gameOf({ mode: opts.mode, game: null });
  const behaviors = opts.behavior === null ? defaultSoakMix(game) : parseBehaviorOption(opts.behavior, game);
  const httpUrl = own ? own.httpUrl : loopbackUrls(opts.url!).httpUrl;
  const before = await scrape(httpUrl);
  if (!before) throw new Error(`no answer from ${httpUrl}/metrics`);
  const n = opts.netSim;
  say(
    `soak: ${opts.minutes} min against ${httpUrl} (${own ? `started here, pid ${own.pid}, --debug-checksum on` : 'given by --url: run it with --debug-checksum on so every State is verified'}), ` +
      `${opts.bots} bots (${opts.behavior ?? behaviors.map((b) => `${b.name}:${b.weight}`).join(',')}) playing ${game.name} (mode ${opts.mode}), network simulator in every bot: round trip +${n.lagMs} ms ± ${n.jitterMs} ms, ${(n.stallChance * 100).toFixed(1)} % of messages stalled ${n.stallMs} ms`,
  );
  const rampPerSec = Math.max(10, opts.bots / 5);
  let lastStatus = -Infinity;
  const run = startLoadTest(
    { ...DEFAULT_OPTIONS, url: httpUrl, bots: opts.bots, rampPerSec, durationMs: Math.round(opts.minutes * 60_000), mode: opts.mode, behaviors, workers: opts.workers, seed: opts.seed, netSim: n, namePrefix: 'soak-' },
    {
      onNote: (m) => say(`note: ${m}`),
      onProgress: (p: Progress) => {
        if (p.elapsedSec - lastStatus < opts.statusEverySec) return;
        lastStatus = p.elapsedSec;
        const s = p.point.server;
        say(`  ${(p.elapsedSec / 60).toFixed(1)} min: ${p.point.botsConnected}/${p.targetBots} bots connected, desyncs ${p.errors.desyncs}, errors ${p.errors.total}` + (s ? `, RSS ${s.memoryMB.toFixed(0)} MB, tick p99 ${s.tickP99Ms.toFixed(1)} ms` : ''));
      },
    },
  );
  onStart(() => run.stop());
  // A server that dies mid-run ends the run (and fails it).
  void own?.exited.then(() => run.stop());
  const report = await run.done;
  const after = await scrape(httpUrl);
  const rampEndSec = opts.bots / rampPerSec;
  const rssPoints = report.timeline
    .filter((p) => p.server !== null && Number.isFinite(p.server.memoryMB) && p.tSec >= rampEndSec)
    .map((p) => ({ x: p.tSec / 60, y: p.server!.memoryMB }));
  const e = report.errors;
  const t = report.totals;
  const afterOr = after ?? before;
  const result: SoakResult = {
    url: httpUrl,
    serverPid: own?.pid ?? null,
    elapsedMin: report.elapsedSec / 60,
    bots: { target: opts.bots, peakConnected: t.botsPeakConnected, joins: t.joinsOk, reconnects: t.reconnects, reconnectsFailed: t.reconnectsFailed },
    desyncs: e.desyncs,
    errors: { total: e.total, serverErrors: e.serverErrors, unexpectedCloses: e.unexpectedCloses, joinFailuresByReason: e.joinFailuresByReason },
    server: {
      rejected: increaseBy('game_rejected_messages_total', 'reason', before, afterOr),
      closes: increaseBy('game_connections_closed_total', 'code', before, afterOr),
      messagesFailed: increase('game_messages_failed_total', before, afterOr),
      ticks: increase('game_ticks_total', before, afterOr),
      lateTicks: increase('game_ticks_late_total', before, afterOr),
    },
    rss: { startMB: rssPoints[0]?.y ?? NaN, endMB: rssPoints[rssPoints.length - 1]?.y ?? NaN, slopeMBPerMin: leastSquaresSlope(rssPoints), scrapes: rssPoints.length },
    tick: { p99Ms: tickQuantileMs(0.99, before, afterOr), worstSecondP99Ms: report.server.tickP99MsMax },
    failures: [],
  };
  const f = result.failures;
  if (result.desyncs > 0) f.push(`${result.desyncs} desyncs`);
  if (result.server.messagesFailed > 0) f.push(`server bug: ${result.server.messagesFailed} client messages whose handling threw`);
  if (after === null || own?.hasExited()) f.push(`the server was lost during the soak${own ? `: ${own.stderrTail().slice(-300)}` : ''}`);
  if (result.bots.peakConnected === 0) f.push('no bot ever connected');
  return result;
}

const fmt = (r: Record<string, number>): string => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
const signed = (x: number, digits: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)}` : 'n/a');

/** The report: a few lines, the last one the verdict. */
export function soakReport(r: SoakResult): string[] {
  return [
    `bots: ${r.bots.target}, peak ${r.bots.peakConnected} connected, ${r.bots.joins} joins, ${r.bots.reconnects} reconnects (${r.bots.reconnectsFailed} failed)`,
    `errors seen by the bots: ${r.errors.total} (server errors: ${fmt(r.errors.serverErrors)}; unexpected closes: ${fmt(r.errors.unexpectedCloses)}; failed joins: ${fmt(r.errors.joinFailuresByReason)})`,
    `server: rejected messages: ${fmt(r.server.rejected)}; closes: ${fmt(r.server.closes)}; handlers that threw: ${r.server.messagesFailed}; ticks ${r.server.ticks} (${r.server.lateTicks} late)`,
    `RSS: ${r.rss.startMB.toFixed(1)} → ${r.rss.endMB.toFixed(1)} MB, slope ${signed(r.rss.slopeMBPerMin, 2)} MB/min (least squares over ${r.rss.scrapes} scrapes)`,
    `tick: p99 ${r.tick.p99Ms.toFixed(2)} ms over the run, worst second's p99 ${r.tick.worstSecondP99Ms.toFixed(2)} ms`,
    ...r.failures.map((x) => `FAILED ${x}`),
    `soak: ${r.elapsedMin.toFixed(1)} min, ${r.bots.target} bots, desyncs ${r.desyncs}, errors ${r.errors.total}, RSS slope ${signed(r.rss.slopeMBPerMin, 2)} MB/min, tick p99 ${r.tick.p99Ms.toFixed(2)} ms: ${r.failures.length === 0 ? 'ok' : 'FAILED'}`,
  ];
}
