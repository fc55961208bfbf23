/** Time is injected: the loop, the SDK, the predictor and the interpolator read a Clock. */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
}

// Read once: in Node the global `performance` is a lazy accessor, slow to look up on every call.
const perf = globalThis.performance;
export const systemClock: Clock = { now: () => perf.now() };

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}
