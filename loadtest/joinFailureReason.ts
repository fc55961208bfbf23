/** A short, countable reason for a failed join, for the report's errors by reason. */
import { JoinError } from '../shared/sdk/GameClient.ts';
import { ApiError } from '../shared/sdk/rooms.ts';

/** `timeout`, `api:RoomFull` (matchmaking refused), `close:4004` (closed before Welcome), `http:ECONNREFUSED`... */
export function joinFailureReason(e: unknown, timedOut: boolean): string {
  if (timedOut) return 'timeout';
  if (e instanceof ApiError) return `api:${e.errorName}`;
  if (e instanceof JoinError) return `close:${e.code}`;
  const err = e as { name?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (err?.name === 'TimeoutError') return 'timeout';
  // fetch() failures (matchmaking) carry the cause: ECONNREFUSED, ECONNRESET, "bad port"...
  if (typeof err?.cause?.code === 'string') return `http:${err.cause.code}`;
  if (typeof err?.cause?.message === 'string') return `http:${err.cause.message.slice(0, 40)}`;
  return `error:${typeof err?.name === 'string' ? err.name : 'unknown'}`;
}
