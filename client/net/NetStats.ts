/**
 * The numbers of the F3 net-stats overlay, from the session's counters: RTT, jitter and clock
 * offset (ClockSync), the server's tick rate and the snapshot rate (as received), the
 * interpolation delay and buffer starvation, prediction corrections per second and their mean
 * size, bytes in/out per second, and the server's report on this client's input timing (the
 * last report, and totals since the session began).
 * Rates are over the last second or so (counters are sampled at most every 250 ms).
 * No DOM: the overlay renders what `read` returns.
 */
import type { NetSession } from './NetSession.ts';

export interface NetStatsView {
  rttMs: number;
  jitterMs: number;
  clockOffsetMs: number;
  serverTickRate: number;
  snapshotRate: number;
  interpDelayMs: number;
  /** Frames drawn past the newest snapshot (extrapolated), since the start. */
  starvedFrames: number;
  starvedPercent: number;
  correctionsPerSec: number;
  /** Mean size of the corrections of the last second (world units; 0 when none). */
  correctionUnits: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  /** Mean inputs queued on the server when its tick took them; late: ticks that found none (last report). */
  inputBufferTicks: number;
  inputsLate: number;
  /** Inputs the server holds back for this client (its adaptive buffer: ticks of added input delay); NaN before a report. */
  inputHeldTicks: number;
  /** Since the session began: frames sampled (the starvation's denominator), prediction corrections, server ticks reported and those that found no input of ours. */
  frames: number;
  corrections: number;
  inputTicksTotal: number;
  inputsLateTotal: number;
  /** inputsLateTotal of inputTicksTotal, % (NaN before a report). */
  inputsLatePercent: number;
}

interface Counters {
  atMs: number;
  tick: number;
  states: number;
  bytesIn: number;
  bytesOut: number;
  corrections: number;
  errorSum: number;
}

const WINDOW_MS = 1000;

export class NetStats {
  private readonly history: Counters[] = [];

  constructor(private readonly session: NetSession) {}

  /** Take a sample of the counters (call every frame; it keeps at most one per 250 ms). */
  sample(nowMs: number): void {
    const last = this.history.at(-1);
    if (last && nowMs - last.atMs < 250) return;
    const c = this.session.client;
    const p = this.session.predictor?.stats ?? { corrections: 0, errorSumUnits: 0 };
    this.history.push({ atMs: nowMs, tick: c.view.tick, states: c.stats.states, bytesIn: c.stats.bytesIn, bytesOut: c.stats.bytesOut, corrections: p.corrections, errorSum: p.errorSumUnits });
    while (this.history.length > 2 && nowMs - this.history[1]!.atMs >= WINDOW_MS) this.history.shift();
  }

  read(): NetStatsView {
    const s = this.session;
    const clock = s.client.clockSync.stats;
    const interp = s.interpolator.stats;
    const first = this.history[0];
    const last = this.history.at(-1);
    const sec = first && last && last.atMs > first.atMs ? (last.atMs - first.atMs) / 1000 : 0;
    const rate = (f: (c: Counters) => number): number => (sec > 0 ? (f(last!) - f(first!)) / sec : NaN);
    const corrections = first && last ? last.corrections - first.corrections : 0;
    const timing = s.client.inputTiming;
    return {
      rttMs: clock.rttMs,
      jitterMs: clock.jitterMs,
      clockOffsetMs: clock.offsetMs,
      serverTickRate: rate((c) => c.tick),
      snapshotRate: rate((c) => c.states),
      interpDelayMs: s.interpolator.delayMs,
      starvedFrames: interp.extrapolated,
      starvedPercent: interp.frames > 0 ? (100 * interp.extrapolated) / interp.frames : 0,
      correctionsPerSec: rate((c) => c.corrections),
      correctionUnits: corrections > 0 ? (last!.errorSum - first!.errorSum) / corrections : 0,
      bytesInPerSec: rate((c) => c.bytesIn),
      bytesOutPerSec: rate((c) => c.bytesOut),
      inputBufferTicks: timing?.meanDepth ?? NaN,
      inputsLate: timing?.late ?? NaN,
      inputHeldTicks: timing?.bufferTicks ?? NaN,
      frames: interp.frames,
      corrections: s.predictor?.stats.corrections ?? 0,
      inputTicksTotal: s.inputTimingTotals.ticks,
      inputsLateTotal: s.inputTimingTotals.late,
      inputsLatePercent: s.inputTimingTotals.ticks > 0 ? (100 * s.inputTimingTotals.late) / s.inputTimingTotals.ticks : NaN,
    };
  }
}
