/**
 * Fixed-rate tick scheduling, drift-free against a monotonic clock. Ticks are due at
 * start + n·interval; a late wake-up runs the due ticks back to back, at most maxCatchUpTicks
 * at once, and skips (and counts) the rest so a stall never turns into a burst.
 */
import type { Clock } from '../shared/clock.ts';
import { Histogram } from './Histogram.ts';

export interface Scheduler {
  /** Call fn after about delayMs; returns a cancel function. */
  schedule(fn: () => void, delayMs: number): () => void;
}

export const timerScheduler: Scheduler = {
  schedule(fn, delayMs) {
    const t = setTimeout(fn, Math.max(0, Math.ceil(delayMs)));
    return () => clearTimeout(t);
  },
};

export interface TickLoopOptions {
  tickRate: number;
  clock: Clock;
  scheduler?: Scheduler;
  maxCatchUpTicks?: number;
  /** Tick at multiples of the interval on the clock (see SharedScheduler). */
  align?: boolean;
  onTick: (tick: number) => void;
}

export interface TickStats {
  ticks: number;
  /** Ticks that ran more than one interval after they were due. */
  lateTicks: number;
  /** Ticks run as catch-up after a stall (more than one in one wake-up). */
  catchUpTicks: number;
  /** Ticks skipped because a stall exceeded the catch-up bound. */
  skippedTicks: number;
  durationMs: Histogram;
}

export class TickLoop {
  readonly intervalMs: number;
  readonly stats: TickStats = { ticks: 0, lateTicks: 0, catchUpTicks: 0, skippedTicks: 0, durationMs: new Histogram(2048) };
  private nextDueMs = 0;
  private cancel: (() => void) | null = null;
  private running = false;
  private readonly scheduler: Scheduler;
  private readonly maxCatchUp: number;

  constructor(private readonly opts: TickLoopOptions) {
    if (!(opts.tickRate > 0 && opts.tickRate <= 240)) throw new Error(`tickRate must be in (0, 240], got ${opts.tickRate}`);
    this.intervalMs = 1000 / opts.tickRate;
    this.scheduler = opts.scheduler ?? timerScheduler;
    this.maxCatchUp = opts.maxCatchUpTicks ?? 5;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.opts.clock.now();
    // Aligned loops tick on a common grid (multiples of the interval), so loops of the same rate
    // come due together and a shared scheduler wakes once for all of them.
    this.nextDueMs = this.opts.align ? (Math.floor(now / this.intervalMs) + 1) * this.intervalMs : now + this.intervalMs;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Run the ticks that are due now. The scheduler calls this; tests may call it directly. */
  runDue(): void {
    const { clock } = this.opts;
    let ran = 0;
    while (this.running && clock.now() >= this.nextDueMs && ran < this.maxCatchUp) {
      if (clock.now() - this.nextDueMs >= this.intervalMs) this.stats.lateTicks++;
      if (ran > 0) this.stats.catchUpTicks++;
      const t0 = clock.now();
      this.stats.ticks++;
      this.opts.onTick(this.stats.ticks);
      this.stats.durationMs.record(clock.now() - t0);
      this.nextDueMs += this.intervalMs;
      ran++;
    }
    const behind = clock.now() - this.nextDueMs;
    if (this.running && behind >= 0) {
      const skip = Math.floor(behind / this.intervalMs) + 1;
      this.stats.skippedTicks += skip;
      this.nextDueMs += skip * this.intervalMs;
    }
  }

  private arm(): void {
    if (!this.running) return;
    this.cancel = this.scheduler.schedule(() => {
      this.runDue();
      this.arm();
    }, this.nextDueMs - this.opts.clock.now());
  }
}
