/** Timers on a ManualClock: `advance` moves time forward and runs what falls due, in time order (no sleeps). */
import { ManualClock } from '../../shared/clock.ts';
import type { ScheduleFn } from '../../shared/netcode/DelayQueue.ts';

export class ManualTimers {
  readonly clock = new ManualClock(1000);
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  readonly schedule: ScheduleFn = (fn, delayMs) => {
    const t = { at: this.clock.now() + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  };

  /** Advance by ms, running each timer at its time. */
  advance(ms: number): void {
    const end = this.clock.now() + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.clock.set(Math.max(this.clock.now(), next.at));
      next.fn();
    }
    this.clock.set(end);
  }

  get pending(): number {
    return this.timers.length;
  }
}

/** A seeded uniform [0, 1) source (LCG), so jitter is the same on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
