/**
 * Room chat: per-player rate limit (token bucket) and the plain-text line that is broadcast.
 * Text is cleaned of control characters and capped; clients render it as text, never HTML.
 */
import { LIMITS, sanitizeChat } from '../../shared/protocol.ts';

export interface ChatLimits {
  /** Lines a player may send in a burst. */
  burst: number;
  /** Refill rate of the burst, lines per second. */
  linesPerSec: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = { burst: 5, linesPerSec: 1 };

export type ChatVerdict = { ok: true; text: string } | { ok: false; reason: 'empty' | 'rate' | 'length' };

export class RoomChat {
  private readonly buckets = new Map<number, { tokens: number; atMs: number }>();

  constructor(private readonly limits: ChatLimits = DEFAULT_CHAT_LIMITS) {}

  /** Judge one line of a player. */
  accept(playerId: number, raw: string, nowMs: number): ChatVerdict {
    if (raw.length > LIMITS.chatMaxLength) return { ok: false, reason: 'length' };
    const text = sanitizeChat(raw);
    if (text.length === 0) return { ok: false, reason: 'empty' };
    const b = this.buckets.get(playerId) ?? { tokens: this.limits.burst, atMs: nowMs };
    b.tokens = Math.min(this.limits.burst, b.tokens + ((nowMs - b.atMs) / 1000) * this.limits.linesPerSec);
    b.atMs = nowMs;
    this.buckets.set(playerId, b);
    if (b.tokens < 1) return { ok: false, reason: 'rate' };
    b.tokens -= 1;
    return { ok: true, text };
  }

  forget(playerId: number): void {
    this.buckets.delete(playerId);
  }
}
