/**
 * The optional input timing report of a Pong (docs/protocol.md, "Input timing"), validated,
 * and what the client makes of it: a shift of its input send timing.
 */
import type { InputTimingReport } from '../protocol.ts';

/** The report, or null when absent or malformed (every field a finite number ≥ 0). */
export function parseInputTiming(v: unknown): InputTimingReport | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const n = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null);
  const ticks = n(r.ticks);
  const meanDepth = n(r.meanDepth);
  const late = n(r.late);
  const extra = n(r.extra);
  if (ticks === null || meanDepth === null || late === null || extra === null) return null;
  const out: InputTimingReport = { ticks, meanDepth, late, extra };
  const waitMs = n(r.waitMs);
  if (waitMs !== null) out.waitMs = waitMs;
  const bufferTicks = n(r.bufferTicks);
  if (bufferTicks !== null) out.bufferTicks = bufferTicks;
  return out;
}

/**
 * How much to shift the client's input send timing after a report (ms; positive: send earlier),
 * to bring the inputs' mean wait at the server to half a tick interval: then the arrival
 * window, jitter included, sits between two ticks instead of across one. A step is at most
 * maxStepMs (the reports are noisy), and errors below deadbandMs are left alone.
 */
export function sendShiftMs(report: InputTimingReport, tickMs: number, maxStepMs = 4, deadbandMs = 2): number {
  if (report.waitMs === undefined || report.ticks < 10 || !(tickMs > 0)) return 0;
  let err = tickMs / 2 - report.waitMs;
  if (err > tickMs / 2) err -= tickMs;
  else if (err <= -tickMs / 2) err += tickMs;
  if (Math.abs(err) < deadbandMs) return 0;
  return Math.max(-maxStepMs, Math.min(maxStepMs, err / 2));
}
