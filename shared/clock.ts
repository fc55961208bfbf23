/** Time is injected: the loop, the SDK, the predictor and the interpolator read a Clock. */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => performance.now() };

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
