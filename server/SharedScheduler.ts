/**
 * One timer for many tick loops. Loops that align their ticks to a common grid (TickLoop's
 * `align`) come due at the same instants; this scheduler wakes once for all of them instead of
 * once per room, which saves a timer wake-up (and its event-loop overhead) per room per tick.
 */
import type { Clock } from '../shared/clock.ts';
import type { Scheduler } from './TickLoop.ts';

interface Pending {
  atMs: number;
  fn: () => void;
  cancelled: boolean;
}

export class SharedScheduler implements Scheduler {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAtMs = Infinity;

  /** Calls due within this much of the armed wake-up share it. */
  private readonly slackMs = 1;

  constructor(private readonly clock: Clock) {}

  schedule(fn: () => void, delayMs: number): () => void {
    const p: Pending = { atMs: this.clock.now() + Math.max(0, delayMs), fn, cancelled: false };
    this.pending.push(p);
    if (p.atMs < this.timerAtMs - this.slackMs) this.arm(p.atMs);
    return () => {
      p.cancelled = true;
    };
  }

  private arm(atMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAtMs = atMs;
    // Rounded up: timers take whole milliseconds, and waking early would only mean waking twice.
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(atMs - this.clock.now())));
  }

  private fire(): void {
    this.timer = null;
    this.timerAtMs = Infinity;
    const now = this.clock.now();
    const due: Pending[] = [];
    const later: Pending[] = [];
    for (const p of this.pending) {
      if (p.cancelled) continue;
      (p.atMs <= now ? due : later).push(p);
    }
    this.pending = later;
    for (const p of due) if (!p.cancelled) p.fn();
    let next = Infinity;
    for (const p of this.pending) if (!p.cancelled && p.atMs < next) next = p.atMs;
    if (next < Infinity && next < this.timerAtMs) this.arm(next);
  }
}
