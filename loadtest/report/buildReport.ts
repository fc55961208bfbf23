/** Assemble report.json from the aggregated figures, with the warnings a reader must see. */
import { cpus, platform } from 'node:os';
import type { Aggregator } from '../metrics/Aggregator.ts';
import { LATENCY_KEYS, type LatencyKey } from '../metrics/WorkerMetrics.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { formatBehaviorMix, type BehaviorShare } from '../behaviors/index.ts';
import { baseUrls, type RunOptions } from '../options.ts';
import type { ServerMetricsScraper } from '../server/ServerMetricsScraper.ts';
import type { LatencyReport, Report, TimelinePoint } from './types.ts';

export interface ReportInput {
  opts: RunOptions;
  /** The game the bots played, and their behaviour mix (the game's default policy unless given). */
  game: AnyGame;
  behaviors: readonly BehaviorShare[];
  agg: Aggregator;
  timeline: TimelinePoint[];
  notes: string[];
  scraper: ServerMetricsScraper;
  startedAt: Date;
  finishedAt: Date;
  elapsedSec: number;
}

/** Event-loop utilisation above which a worker thread counts as saturated. */
export const SATURATED_ELU = 0.9;
export const SATURATED_LOOP_DELAY_MS = 50;

export function buildReport(input: ReportInput): Report {
  const { opts, agg, timeline } = input;
  const totals = agg.totals();
  const latency = {} as Record<LatencyKey, LatencyReport>;
  for (const key of LATENCY_KEYS) latency[key] = { ...agg.cumulative[key].summary(), histogram: agg.cumulative[key].toJSON() };
  const connectedBotSec = timeline.reduce((s, p, i) => s + p.botsConnected * (p.tSec - (timeline[i - 1]?.tSec ?? 0)), 0);
  const per = (v: number): number => (connectedBotSec > 0 ? v / connectedBotSec : NaN);
  // Per-bot rates over the steady seconds (as many bots connected at both ends of the second):
  // while bots join or leave within a second, a per-second sample cannot say for how long each was
  // connected. Whole-run totals are the fallback for runs that never steadied.
  const perSteady = (rate: (p: TimelinePoint) => number, total: number): number => {
    let botSec = 0;
    let sum = 0;
    for (let i = 1; i < timeline.length; i++) {
      const p = timeline[i]!;
      if (p.botsConnected === 0 || p.botsConnected !== timeline[i - 1]!.botsConnected) continue;
      const dt = p.tSec - timeline[i - 1]!.tSec;
      botSec += p.botsConnected * dt;
      sum += rate(p) * dt;
    }
    return botSec > 0 ? sum / botSec : per(total);
  };
  const serverPoints = timeline.map((p) => p.server).filter((s) => s !== null);
  const max = (vals: number[]): number => vals.filter(Number.isFinite).reduce((a, b) => Math.max(a, b), -Infinity);
  const finiteOrNaN = (v: number): number => (Number.isFinite(v) ? v : NaN);
  const gen = timeline.map((p) => p.generator);
  const cpuVals = gen.map((g) => g.cpuPercent).filter(Number.isFinite);
  const saturated = gen.filter((g) => g.eluMax >= SATURATED_ELU || g.loopDelayP99Ms >= SATURATED_LOOP_DELAY_MS).length;
  const bottleneck = gen.length > 0 && saturated / gen.length >= 0.2;
  const errors = agg.errors();
  const warnings = [...input.notes];
  if (bottleneck) {
    warnings.push(
      `the load generator was the bottleneck in ${saturated} of ${gen.length} seconds (a worker thread's event loop ≥ ${SATURATED_ELU * 100} % busy or delayed ≥ ${SATURATED_LOOP_DELAY_MS} ms): latency and jitter figures describe the bots, not the server; use more workers or machines`,
    );
  }
  const host = new URL(baseUrls(opts.url)[0] ?? opts.url).hostname;
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    warnings.push(`the server runs on this machine (${host}): the server and the bots compete for the same ${cpus().length} CPU cores`);
  }
  if (opts.bots / opts.rampPerSec > opts.durationMs / 1000) warnings.push('the ramp is longer than the duration: not every bot was started');
  if (agg.botsPeakConnected < opts.bots) warnings.push(`only ${agg.botsPeakConnected} of ${opts.bots} bots were connected at the peak`);
  return {
    tool: { name: 'arena-engine loadtest', node: process.version, platform: `${platform()}-${process.arch}`, cpus: cpus().length, startedAt: input.startedAt.toISOString(), finishedAt: input.finishedAt.toISOString() },
    options: {
      url: opts.url,
      bots: opts.bots,
      rampPerSec: opts.rampPerSec,
      durationSec: opts.durationMs / 1000,
      mode: opts.mode,
      game: input.game.name,
      gameVersion: input.game.version,
      behavior: formatBehaviorMix(input.behaviors),
      workers: opts.workers,
      rooms: opts.rooms,
      seed: opts.seed,
      socket: opts.socket,
    },
    elapsedSec: input.elapsedSec,
    totals: { ...totals, botsPeakConnected: agg.botsPeakConnected, roomsPeak: agg.roomsPeak },
    perBot: {
      bytesInPerSec: perSteady((p) => p.bytesInPerSec, totals.bytesIn),
      bytesOutPerSec: perSteady((p) => p.bytesOutPerSec, totals.bytesOut),
      snapshotsPerSec: perSteady((p) => p.snapshotsPerSec, totals.states),
    },
    latency,
    errors,
    joins: agg.joinsVia(),
    server: {
      available: input.scraper.state === 'available',
      note: input.scraper.note,
      tickP50MsMax: finiteOrNaN(max(serverPoints.map((s) => s.tickP50Ms))),
      tickP99MsMax: finiteOrNaN(max(serverPoints.map((s) => s.tickP99Ms))),
      cpuPercentMax: finiteOrNaN(max(serverPoints.map((s) => s.cpuPercent))),
      memoryMBMax: finiteOrNaN(max(serverPoints.map((s) => s.memoryMB))),
    },
    generator: {
      workers: opts.workers,
      cpuPercentMean: cpuVals.length ? cpuVals.reduce((a, b) => a + b, 0) / cpuVals.length : NaN,
      cpuPercentMax: finiteOrNaN(max(cpuVals)),
      eluMax: finiteOrNaN(max(gen.map((g) => g.eluMax))),
      loopDelayP99MsMax: finiteOrNaN(max(gen.map((g) => g.loopDelayP99Ms))),
      bottleneck,
      botsPerCore: botsPerCore(timeline, agg.botsPeakConnected),
    },
    warnings,
    assertions: [],
    timeline,
  };
}

/** Bots at full rate that one second drove: capped by the inputs sent and the snapshots taken. */
export function fullRateBots(p: TimelinePoint): number {
  if (p.tickRate <= 0) return 0;
  return Math.min(p.botsConnected, p.messagesOutPerSec / (p.tickRate + 1), p.snapshotsPerSec / p.tickRate);
}

/** Full-rate bots per core of generator CPU, over the steady seconds (every bot connected). */
export function botsPerCore(timeline: readonly TimelinePoint[], peak: number): number {
  const steady = timeline.filter((p) => peak > 0 && p.botsConnected === peak && Number.isFinite(p.generator.cpuPercent) && p.generator.cpuPercent > 0);
  if (steady.length === 0) return NaN;
  const bots = steady.reduce((s, p) => s + fullRateBots(p), 0) / steady.length;
  const cores = steady.reduce((s, p) => s + p.generator.cpuPercent, 0) / steady.length / 100;
  return bots / cores;
}
