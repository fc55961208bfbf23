import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.ts';
import { RateLimiter } from './RateLimiter.ts';

describe('RateLimiter', () => {
  it('allows a burst, then the refill rate, per key', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(2, 3, clock);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true); // another address has its own bucket
    clock.advance(500); // one token back at 2 a second
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('forgets buckets that have been idle long enough to be full again', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(10, 10, clock);
    for (let i = 0; i < 100; i++) limiter.take(`10.0.0.${i}`);
    expect(limiter.size).toBe(100);
    clock.advance(2000);
    limiter.take('x');
    expect(limiter.size).toBe(1);
  });
});
