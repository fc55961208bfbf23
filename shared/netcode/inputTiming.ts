/** The optional input timing report of a Pong (docs/protocol.md, "Input timing"), validated. */
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
  return ticks === null || meanDepth === null || late === null || extra === null ? null : { ticks, meanDepth, late, extra };
}
