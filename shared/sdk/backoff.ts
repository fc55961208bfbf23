/** Reconnection policy: exponential backoff with jitter, bounded in attempts and in time. */

export interface ReconnectPolicy {
  /** Delay before the first attempt (before jitter). */
  baseDelayMs: number;
  /** Cap of the exponential growth. */
  maxDelayMs: number;
  /** Give up after this many failed attempts. */
  maxAttempts: number;
  /** Give up once this long has passed since the drop (the server's grace period is 20 s by default). */
  giveUpAfterMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseDelayMs: 250, maxDelayMs: 4000, maxAttempts: 10, giveUpAfterMs: 20_000 };

/**
 * Delay before attempt `attempt` (1-based): min(max, base·2^(attempt-1)), then "equal jitter":
 * half of it fixed, half random, so a room's worth of clients dropped together do not all come
 * back in the same millisecond. `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Close codes after which a reconnect is worth trying: the connection was lost, not ended (1001 from the server means it is shutting down: final). */
export const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1005, 1006, 1011, 1012, 1013, 1014, 1015, 4005]);
