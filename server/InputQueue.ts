/**
 * Inputs of one player, queued on arrival and consumed only inside the tick. Sequence numbers
 * de-duplicate (an old or repeated seq is dropped), the queue is bounded (the oldest input
 * goes when it is full), and a tick takes one input, or a few when the queue has grown.
 */
import type { Input } from '../shared/sim/world.ts';

export interface InputQueueStats {
  accepted: number;
  duplicates: number;
  overflowed: number;
}

export class InputQueue {
  private readonly items: Input[] = [];
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
  push(input: Input): boolean {
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

  /** The inputs to apply this tick, in order. */
  take(): Input[] {
    if (this.items.length === 0) return [];
    const n = this.items.length > this.targetDepth ? Math.min(this.maxPerTick, this.items.length - this.targetDepth + 1) : 1;
    const out = this.items.splice(0, n);
    this.lastAppliedSeq = out[out.length - 1]!.seq;
    return out;
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** Clamp a validated input message into the simulation's ranges. */
export function clampInput(seq: number, mx: number, my: number, aim: number, fire: boolean): Input {
  const c = (v: number): number => (v > 1 ? 1 : v < -1 ? -1 : v);
  const TAU = Math.PI * 2;
  let a = aim % TAU;
  if (a < 0) a += TAU;
  return { seq, mx: c(mx), my: c(my), aim: a, fire };
}
