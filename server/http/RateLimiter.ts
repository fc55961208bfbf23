/**
 * Token buckets by key (a client's address): `perSec` refill, `burst` capacity. Buckets idle
 * long enough to be full again are forgotten, so the map stays as small as the set of active
 * callers.
 */
import type { Clock } from '../../shared/clock.ts';

interface Bucket {
  tokens: number;
  atMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs = 0;

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {}

  /** Take one token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const now = this.clock.now();
    this.sweep(now);
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, atMs: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.atMs) / 1000) * this.perSec);
    b.atMs = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    const fullAfterMs = (this.burst / this.perSec) * 1000;
    if (now - this.lastSweepMs < fullAfterMs) return;
    this.lastSweepMs = now;
    for (const [key, b] of this.buckets) if (now - b.atMs >= fullAfterMs) this.buckets.delete(key);
  }
}
