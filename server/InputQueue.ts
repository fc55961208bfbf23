/**
 * Inputs of one player, queued on arrival and consumed only inside the tick. Sequence numbers
 * de-duplicate (an old or repeated seq is dropped), the queue is bounded (the oldest input
 * goes when it is full), and a tick takes one input, or a few when the queue has grown.
 */
import type { InputTimingReport } from '../shared/protocol.ts';
import type { Input } from '../shared/sim/world.ts';

/** An input as queued: with the (fractional) server tick the client was showing when it sampled it. */
export type QueuedInput = Input & { viewTick?: number; arrivedAtMs?: number };

/**
 * Lag compensation's bound and rule: a shot rewinds by the ticks between the tick that applies it
 * and the tick the shooter was showing, never more than maxRewindTicks (0: no compensation).
 */
export function rewindTicksFor(viewTick: number | undefined, appliedAtTick: number, maxRewindTicks: number): number {
  if (viewTick === undefined || !(viewTick > 0) || maxRewindTicks <= 0) return 0;
  return Math.min(maxRewindTicks, Math.max(0, appliedAtTick - viewTick));
}

export interface InputQueueStats {
  accepted: number;
  duplicates: number;
  overflowed: number;
}

export class InputQueue {
  private readonly items: QueuedInput[] = [];
  private readonly taken: QueuedInput[] = [];
  /** Lag compensation bound for this player's shots, in ticks (set by the server from --max-rewind-ms). */
  maxRewindTicks = 0;
  /** The room's tick interval (set by the server): arrival phases are measured against it. */
  tickMs = 0;
  private timing = { ticks: 0, depthSum: 0, late: 0, extra: 0, waitCos: 0, waitSin: 0, waits: 0 };
  private flowing = false;
  private lastSeq = 0;
  /** Sequence of the last input taken into a tick (the ack sent to the client). */
  lastAppliedSeq = 0;
  readonly stats: InputQueueStats = { accepted: 0, duplicates: 0, overflowed: 0 };

  constructor(
    private readonly capacity = 32,
    private readonly maxPerTick = 4,
    /** Above this many queued inputs a tick takes more than one, to drain the backlog (1: every queued input, up to maxPerTick: the least latency). */
    private readonly targetDepth = 1,
  ) {}

  get length(): number {
    return this.items.length;
  }

  /** Queue an input; false when it was a duplicate or older than one already queued. */
  push(input: QueuedInput): boolean {
    if (input.seq <= this.lastSeq) {
      this.stats.duplicates++;
      return false;
    }
    this.lastSeq = input.seq;
    if (this.items.length >= this.capacity) {
      this.items.shift();
      this.stats.overflowed++;
    }
    this.items.push(input);
    this.stats.accepted++;
    return true;
  }

  /**
   * The inputs to apply this tick, in order, in an array reused by the next call (this runs for
   * every player every tick). `appliedAtTick` (the tick the step will make) turns each input's
   * view tick into its bounded rewind (lag compensation).
   */
  take(appliedAtTick = 0, nowMs = NaN): readonly Input[] {
    const out = this.taken;
    out.length = 0;
    this.timing.ticks++;
    this.timing.depthSum += this.items.length;
    if (this.items.length === 0) {
      // Inputs were flowing and none is here: the next one arrives late.
      if (this.flowing) this.timing.late++;
      return out;
    }
    this.flowing = true;
    const items = this.items;
    const n = items.length > this.targetDepth ? Math.min(this.maxPerTick, items.length - this.targetDepth + 1) : 1;
    this.timing.extra += n - 1;
    for (let i = 0; i < n; i++) out.push(items[i]!);
    items.copyWithin(0, n);
    items.length -= n;
    this.lastAppliedSeq = out[out.length - 1]!.seq;
    for (const inp of out) {
      if (this.tickMs > 0 && inp.arrivedAtMs !== undefined && Number.isFinite(inp.arrivedAtMs) && Number.isFinite(nowMs)) {
        // Where in the tick interval it arrived, as an angle (a circular mean handles the wrap-around).
        const a = (2 * Math.PI * (nowMs - inp.arrivedAtMs)) / this.tickMs;
        this.timing.waitCos += Math.cos(a);
        this.timing.waitSin += Math.sin(a);
        this.timing.waits++;
      }
      const rewind = rewindTicksFor(inp.viewTick, appliedAtTick, this.maxRewindTicks);
      if (rewind > 0) inp.rewindTicks = rewind;
    }
    return out;
  }

  /** How inputs arrived since the last report (sent back in Pong); starts a new period. */
  timingReport(): InputTimingReport {
    const t = this.timing;
    const report: InputTimingReport = { ticks: t.ticks, meanDepth: t.ticks > 0 ? Math.round((t.depthSum / t.ticks) * 100) / 100 : 0, late: t.late, extra: t.extra };
    if (t.waits > 0 && this.tickMs > 0) {
      let a = Math.atan2(t.waitSin, t.waitCos);
      if (a < 0) a += 2 * Math.PI;
      report.waitMs = Math.round(((a * this.tickMs) / (2 * Math.PI)) * 10) / 10;
    }
    this.timing = { ticks: 0, depthSum: 0, late: 0, extra: 0, waitCos: 0, waitSin: 0, waits: 0 };
    return report;
  }

  clear(): void {
    this.items.length = 0;
  }
}

const TAU = Math.PI * 2;

function unit(v: number): number {
  return v > 1 ? 1 : v < -1 ? -1 : v;
}

/**
 * Clamp a validated input message into the simulation's ranges. Every field a queued input can
 * have is set here, so all inputs share one object shape (the hot path stays monomorphic).
 */
export function clampInput(seq: number, mx: number, my: number, aim: number, fire: boolean, viewTick = 0, arrivedAtMs = NaN): QueuedInput {
  let a = aim % TAU;
  if (a < 0) a += TAU;
  return { seq, mx: unit(mx), my: unit(my), aim: a, fire, rewindTicks: 0, viewTick, arrivedAtMs };
}
