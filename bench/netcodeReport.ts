/**
 * The netcode benchmark's figures: one run's bots summed up (summarize), and the table of a
 * profile's runs side by side (print). Definitions in docs/performance.md, "Netcode".
 */
import type { ObstacleIndex } from '../games/arena/shared/obstacleIndex.ts';
import { describeProfile, type NetProfile } from './netcodeArgs.ts';
import type { BotResults, NetcodeBot } from './netcodeBot.ts';
import { HITCH_FRACTION, judgeHitches, type HitchSummary, type PlayerTrack } from './netcodeObserver.ts';

export interface RunSummary {
  label: string;
  ownErrorSamples: number;
  ownErrorNonZero: number;
  ownErrorMean: number;
  ownErrorMax: number;
  frames: number;
  starvedFrames: number;
  meanInterpDelayMs: number;
  screenHits: number;
  /** Screen hits whose target was still alive on the server when the shot reached it (a dead target takes no damage). */
  screenHitsAlive: number;
  registeredAlive: number;
  registered: number;
  sameTarget: number;
  shotsJudged: number;
  meanRttMs: number;
  corrections: number;
  timing: { ticks: number; late: number; extra: number };
  buffer: { reports: number; sum: number; max: number };
  hitches: HitchSummary;
}

/** The world the observers' frames are judged in (walls and edges stop the watched player). */
export interface ArenaShape {
  obstacles: ObstacleIndex;
  map: { width: number; height: number };
}

export function summarize(label: string, bots: readonly NetcodeBot[], serverHits: Map<string, number>, rtts: number[], arena: ArenaShape): RunSummary {
  const results: BotResults[] = bots.map((b) => b.results);
  const tracks = new Map<number, PlayerTrack>();
  for (const b of bots) if (b.session) tracks.set(b.session.playerId, b.track);
  const hitches = judgeHitches(bots.map((b) => b.observer), tracks, arena.obstacles, arena.map);
  const errors = results.flatMap((r) => r.ownErrors);
  const judged = results.flatMap((r) => r.judged).filter((j) => !j.shot.serverIgnored);
  const onScreen = judged.filter((j) => j.screenTarget !== null);
  let registered = 0;
  let sameTarget = 0;
  let screenHitsAlive = 0;
  let registeredAlive = 0;
  for (const j of onScreen) {
    const t = serverHits.get(`${j.shot.shooter}:${j.shot.firedAtTick}`);
    if (j.targetAliveAtServerTick) screenHitsAlive++;
    if (t !== undefined && j.targetAliveAtServerTick) registeredAlive++;
    if (t !== undefined) registered++;
    if (t === j.screenTarget) sameTarget++;
  }
  if (process.env.NETCODE_DEBUG) {
    const d = (j: (typeof onScreen)[number]): string => (((j.shot.firedAtTick ?? 0) - j.shot.viewTick) * 1000 / 30).toFixed(0);
    console.log(label, 'view delays (ms) of registered:', onScreen.filter((j) => serverHits.has(`${j.shot.shooter}:${j.shot.firedAtTick}`)).map(d).join(' '));
    console.log(label, 'missed (view delay ms, step, target alive at the server tick):', onScreen.filter((j) => !serverHits.has(`${j.shot.shooter}:${j.shot.firedAtTick}`)).map((j) => `${d(j)}/${j.step}/${j.targetAliveAtServerTick}`).join(' '));
  }
  const frames = results.reduce((s, r) => s + r.frames, 0);
  return {
    label,
    ownErrorSamples: errors.length,
    ownErrorNonZero: errors.filter((e) => e > 1e-6).length,
    ownErrorMean: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : 0,
    ownErrorMax: errors.reduce((a, b) => Math.max(a, b), 0),
    frames,
    starvedFrames: results.reduce((s, r) => s + r.starvedFrames, 0),
    meanInterpDelayMs: frames ? results.reduce((s, r) => s + r.interpDelaySumMs, 0) / frames : 0,
    screenHits: onScreen.length,
    screenHitsAlive,
    registeredAlive,
    registered,
    sameTarget,
    shotsJudged: judged.length,
    meanRttMs: rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : NaN,
    corrections: results.reduce((s, r) => s + r.corrections, 0),
    timing: results.reduce((t, r) => ({ ticks: t.ticks + r.timing.ticks, late: t.late + r.timing.late, extra: t.extra + r.timing.extra }), { ticks: 0, late: 0, extra: 0 }),
    buffer: results.reduce((t, r) => ({ reports: t.reports + r.buffer.reports, sum: t.sum + r.buffer.sum, max: Math.max(t.max, r.buffer.max) }), { reports: 0, sum: 0, max: 0 }),
    hitches,
  };
}

const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(2)} %` : 'n/a');

export function print(profile: NetProfile, bots: number, seconds: number, runs: RunSummary[]): void {
  const rows: [string, (r: RunSummary) => string][] = [
    ['measured RTT (median of pings, mean over bots)', (r) => `${r.meanRttMs.toFixed(0)} ms`],
    ['own-player error in steady movement: mean / max', (r) => `${r.ownErrorMean.toFixed(2)} / ${r.ownErrorMax.toFixed(1)} units`],
    ['  States with a non-zero own-player error', (r) => `${r.ownErrorNonZero} of ${r.ownErrorSamples} (${pct(r.ownErrorNonZero, r.ownErrorSamples)})`],
    ['interpolation buffer starvation (frames past the newest snapshot)', (r) => `${r.starvedFrames} of ${r.frames} (${pct(r.starvedFrames, r.frames)})`],
    ['  mean interpolation delay', (r) => `${r.meanInterpDelayMs.toFixed(1)} ms`],
    ['shots fired (judged)', (r) => String(r.shotsJudged)],
    ['shots that hit on the shooter\'s screen', (r) => String(r.screenHits)],
    ['  ... that hit on the server (hit registration)', (r) => `${r.registered} (${pct(r.registered, r.screenHits)})`],
    ['  ... that hit the same target on the server', (r) => `${r.sameTarget} (${pct(r.sameTarget, r.screenHits)})`],
    ['server ticks that found no input of a player (input late)', (r) => `${r.timing.late} of ${r.timing.ticks} (${pct(r.timing.late, r.timing.ticks)})`],
    ['  inputs taken beyond one a tick (the player moved two ticks in one)', (r) => `${r.timing.extra} (${pct(r.timing.extra, r.timing.ticks)} of ticks)`],
    ['  input buffer (ticks of added input delay): mean / max', (r) => (r.buffer.reports > 0 ? `${(r.buffer.sum / r.buffer.reports).toFixed(2)} / ${r.buffer.max}` : 'n/a')],
    [`observer hitches (|Δv| > ${HITCH_FRACTION * 100} % of top speed, steady input)`, (r) => `${r.hitches.hitches} (${r.hitches.hitchFrames} of ${r.hitches.steadyFrames} frames)`],
    ['  ... frames of them while the server moved the player evenly', (r) => String(r.hitches.hitchFramesEvenServer)],
    ['  ... per second per watched player', (r) => (r.hitches.steadySec > 0 ? `${(r.hitches.hitches / r.hitches.steadySec).toFixed(3)} /s` : 'n/a')],
    ['  ... largest velocity jump in steady movement', (r) => `${r.hitches.maxJump.toFixed(0)} units/s`],
    ['screen hits whose target was still alive on the server then', (r) => String(r.screenHitsAlive)],
    ['  ... that hit on the server (hit registration)', (r) => `${r.registeredAlive} (${pct(r.registeredAlive, r.screenHitsAlive)})`],
  ];
  console.log(`\nNetcode benchmark, profile ${profile.name}: ${bots} bots, 30 Hz, network simulator ${describeProfile(profile)}, ${seconds} s measured per run, 60 Hz render loop per bot\n`);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cols = runs.map((r) => rows.map(([, f]) => f(r)));
  const widths = runs.map((r, i) => Math.max(r.label.length, ...cols[i]!.map((c) => c.length)));
  console.log(`${''.padEnd(w0)}  ${runs.map((r, i) => r.label.padEnd(widths[i]!)).join('  ')}`);
  rows.forEach(([name], k) => console.log(`${name.padEnd(w0)}  ${runs.map((_, i) => cols[i]![k]!.padEnd(widths[i]!)).join('  ')}`));
  console.log('\nnetcode on: prediction + replay, adaptive interpolation delay, lag compensation (rewind bounded by --max-rewind-ms), adaptive input buffer (≤ 3 ticks).');
  console.log('no input buffer: netcode on with --max-input-buffer-ticks 0.');
  console.log('netcode off: own player drawn from the server state, fixed 100 ms interpolation delay, no rewind, no input buffer.');
}

