/**
 * Deferred calls run by the worker's one timer (the SDK's reconnection backoff asks for a
 * `schedule`): no extra timers per bot. Precision is one worker tick, which is plenty for
 * backoffs of hundreds of milliseconds.
 */
import type { Clock } from '../../shared/clock.ts';

interface Entry {
  dueMs: number;
  fn: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private entries: Entry[] = [];

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.entries.length;
  }

  /** Call fn after about delayMs; returns a cancel function. */
  schedule = (fn: () => void, delayMs: number): (() => void) => {
    const e: Entry = { dueMs: this.clock.now() + delayMs, fn, cancelled: false };
    this.entries.push(e);
    return () => {
      e.cancelled = true;
    };
  };

  /** Run every call that is due (in due order); calls scheduled meanwhile wait for the next run. */
  runDue(nowMs: number): void {
    if (this.entries.length === 0) return;
    const due = this.entries.filter((e) => e.dueMs <= nowMs && !e.cancelled).sort((a, b) => a.dueMs - b.dueMs);
    if (due.length === 0 && !this.entries.some((e) => e.cancelled)) return;
    this.entries = this.entries.filter((e) => e.dueMs > nowMs && !e.cancelled);
    for (const e of due) e.fn();
  }
}
