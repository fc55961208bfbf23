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
 * a retransmission timeout and everything behind it waits (head-of-line blocking). Two models:
 * - `stallChance` (per message, the soak test's): each message is, with that probability, held
 *   `stallMs` longer, and since order is kept, the messages behind it come in a burst after it.
 * - `stallSecondChance` (per second, the netcode benchmark's "1 % of seconds"): each whole second
 *   of the queue's life (counted from its creation) holds, with that probability, a stall that
 *   starts at a uniform point in that second and lasts `stallMs`: everything pushed during it
 *   is delivered together at its end plus its own one-way delay (the retransmission unblocks
 *   the segments queued behind it), as a lost segment at the stall's start would make it.
 * Nothing is ever reordered or lost.
 *
 * Reproducible runs: with `seed`, the draws come from two seeded streams (mulberry32) per
 * queue, one for the per-message delays and one for the stall seconds, picked by the queue's
 * `stream` number (the server numbers its connections in open order, two streams each), so the
 * stall schedule depends on the seed and the time only, never on how many messages went by.
 */
import type { Clock } from '../clock.ts';
import { createRng, nextFloat } from '../util/rng.ts';

export interface NetSimOptions {
  /** Round trip added (each direction: half). */
  lagMs: number;
  /** Spread of the round trip (each direction: uniform in ± half). */
  jitterMs: number;
  /** Probability that a message is held back as by a lost TCP segment (0 or absent: never). */
  stallChance?: number;
  /** How long a stall lasts (a retransmission timeout; default 200). */
  stallMs?: number;
  /** Probability that a second of the queue's life holds a stall (0.01: 1 % of seconds; 0 or absent: never). */
  stallSecondChance?: number;
  /** Seed of the draws (jitter and stalls); absent: Math.random, unless the deps give a source. */
  seed?: number;
}

/** A uniform [0, 1) source from a seed and a stream number (mulberry32): the same numbers on every run. */
export function seededSource(seed: number, stream: number): () => number {
  const rng = createRng((seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b1));
  return () => nextFloat(rng);
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
  /** Uniform in [0, 1) (default: seeded from opts.seed and `stream`, else Math.random); used for the stall seconds too when given. */
  random?: () => number;
  /** Which of the seed's streams this queue uses (see the file comment; default 0). */
  stream?: number;
}

export class DelayQueue<T> {
  private readonly items: { at: number; item: T }[] = [];
  private lastAt = -Infinity;
  private cancelTimer: (() => void) | null = null;
  private timerAt = Infinity;
  private closed = false;
  private readonly schedule: ScheduleFn;
  private readonly random: () => number;
  private readonly stallRandom: () => number;
  /** Stall seconds: the queue's time origin, seconds drawn so far, a drawn stall not started yet, the end of the current one. */
  private readonly originMs: number;
  private secondsDrawn = 0;
  private nextStallAtMs = Infinity;
  private stallUntilMs = -Infinity;

  constructor(
    private readonly opts: NetSimOptions,
    private readonly deps: DelayQueueDeps,
    private readonly deliver: (item: T) => void,
  ) {
    this.schedule = deps.schedule ?? timerSchedule;
    const stream = deps.stream ?? 0;
    const seeded = opts.seed !== undefined && deps.random === undefined;
    this.random = deps.random ?? (seeded ? seededSource(opts.seed!, 2 * stream) : Math.random);
    this.stallRandom = deps.random ?? (seeded ? seededSource(opts.seed!, 2 * stream + 1) : Math.random);
    this.originMs = deps.clock.now();
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

  /** The end of the stall `now` is in (-Infinity when none): draws the stall seconds up to now. */
  private stallEndAt(now: number): number {
    const chance = this.opts.stallSecondChance ?? 0;
    if (!(chance > 0)) return -Infinity;
    const second = Math.floor((now - this.originMs) / 1000);
    const stallMs = this.opts.stallMs ?? 200;
    this.startDueStall(now, stallMs);
    while (this.secondsDrawn <= second) {
      // Two draws per second whatever the outcome: the schedule does not depend on when pushes come.
      const hit = this.stallRandom() < chance;
      const startAt = this.originMs + (this.secondsDrawn + this.stallRandom()) * 1000;
      this.secondsDrawn++;
      if (!hit) continue;
      if (startAt <= now) this.stallUntilMs = Math.max(this.stallUntilMs, startAt + stallMs);
      else this.nextStallAtMs = startAt; // in the current second, still ahead
    }
    this.startDueStall(now, stallMs);
    return now < this.stallUntilMs ? this.stallUntilMs : -Infinity;
  }

  private startDueStall(now: number, stallMs: number): void {
    if (this.nextStallAtMs > now) return;
    this.stallUntilMs = Math.max(this.stallUntilMs, this.nextStallAtMs + stallMs);
    this.nextStallAtMs = Infinity;
  }

  push(item: T): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    // In a stall, it waits for the stall's end (then its own delay); in order: never before the message ahead of it.
    const stallEnd = this.stallEndAt(now);
    const at = Math.max((stallEnd > now ? stallEnd : now) + this.delayMs(), this.lastAt);
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
