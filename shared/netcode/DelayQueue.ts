/**
 * The network simulator's core: messages in one direction of one connection, each delivered
 * at its own time (lag ± jitter), always in order (like TCP: a late message holds back the
 * ones behind it). Time and timers are injected, so tests drive it with a manual clock.
 *
 * Conventions shared by the server option (--net-sim-lag-ms) and the client URL parameter
 * (?lag=&jitter=): `lagMs` is the round trip added, so each direction adds lagMs / 2; `jitterMs`
 * is the spread of the round trip, so each direction adds a uniform random value in
 * ±jitterMs / 2. lag 150, jitter 30 gives an RTT between 120 and 180 ms (plus the real one).
 *
 * Loss, over TCP, is not a missing message but a late one: the lost segment is sent again after
 * a retransmission timeout and everything behind it waits (head-of-line blocking). `stallChance`
 * models that: each message is, with that probability, held `stallMs` longer, and since order
 * is kept, the messages behind it come in a burst after it. Nothing is ever reordered or lost.
 */
import type { Clock } from '../clock.ts';

export interface NetSimOptions {
  /** Round trip added (each direction: half). */
  lagMs: number;
  /** Spread of the round trip (each direction: uniform in ± half). */
  jitterMs: number;
  /** Probability that a message is held back as by a lost TCP segment (0 or absent: never). */
  stallChance?: number;
  /** How long such a message is held beyond its delay (a retransmission timeout; default 200). */
  stallMs?: number;
}

/** Call fn after about delayMs; returns a cancel function (setTimeout, or a test's manual scheduler). */
export type ScheduleFn = (fn: () => void, delayMs: number) => () => void;

export const timerSchedule: ScheduleFn = (fn, delayMs) => {
  const t = setTimeout(fn, Math.max(0, delayMs));
  return () => clearTimeout(t);
};

/** Parse `?lag=150&jitter=30` (null when lag and jitter are absent or zero; bad values are ignored). */
export function netSimFromParams(params: URLSearchParams): NetSimOptions | null {
  const num = (key: string): number => {
    const v = Number(params.get(key) ?? '0');
    return Number.isFinite(v) && v > 0 ? Math.min(v, 10_000) : 0;
  };
  const lagMs = num('lag');
  const jitterMs = Math.min(num('jitter'), lagMs);
  return lagMs > 0 || jitterMs > 0 ? { lagMs, jitterMs } : null;
}

export interface DelayQueueDeps {
  clock: Clock;
  schedule?: ScheduleFn;
  /** Uniform in [0, 1) (Math.random by default). */
  random?: () => number;
}

export class DelayQueue<T> {
  private readonly items: { at: number; item: T }[] = [];
  private lastAt = -Infinity;
  private cancelTimer: (() => void) | null = null;
  private timerAt = Infinity;
  private closed = false;
  private readonly schedule: ScheduleFn;
  private readonly random: () => number;

  constructor(
    private readonly opts: NetSimOptions,
    private readonly deps: DelayQueueDeps,
    private readonly deliver: (item: T) => void,
  ) {
    this.schedule = deps.schedule ?? timerSchedule;
    this.random = deps.random ?? Math.random;
  }

  /** Messages waiting for their delivery time. */
  get length(): number {
    return this.items.length;
  }

  /** One-way delay of the next message: lag/2 ± jitter/2, never negative, plus a stall now and then. */
  private delayMs(): number {
    const half = this.opts.jitterMs / 2;
    const delay = Math.max(0, this.opts.lagMs / 2 + (this.random() * 2 - 1) * half);
    const chance = this.opts.stallChance ?? 0;
    return chance > 0 && this.random() < chance ? delay + (this.opts.stallMs ?? 200) : delay;
  }

  push(item: T): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    // In order: never before the message ahead of it.
    const at = Math.max(now + this.delayMs(), this.lastAt);
    this.lastAt = at;
    this.items.push({ at, item });
    this.arm();
  }

  /** Deliver everything due by now (the timer calls it; tests may too). */
  flush(): void {
    const now = this.deps.clock.now();
    while (this.items.length > 0 && this.items[0]!.at <= now && !this.closed) this.deliver(this.items.shift()!.item);
    this.arm();
  }

  /** Drop everything and stop (the connection is gone). */
  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private arm(): void {
    const head = this.items[0];
    if (!head || this.closed) {
      this.cancelTimer?.();
      this.cancelTimer = null;
      this.timerAt = Infinity;
      return;
    }
    if (this.cancelTimer && this.timerAt <= head.at) return;
    this.cancelTimer?.();
    this.timerAt = head.at;
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = null;
      this.timerAt = Infinity;
      this.flush();
    }, head.at - this.deps.clock.now());
  }
}
