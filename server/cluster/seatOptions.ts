/**
 * The matchmake request's options, kept with a seat reserved through the cluster's directory:
 * the owning node runs the room type's admission (seats.canJoin, onAuth) with them when the seat
 * is claimed, and onCreate gets the creating request's. Stored as JSON (the options came in as
 * JSON), bounded so that a seat costs Redis little.
 */
import { BadReplyError } from './replies.ts';

/** The most a seat's options take as JSON (the HTTP body may be larger; beyond, the request is refused). */
export const MAX_SEAT_OPTIONS_BYTES = 4096;

/** The options as stored: '' for none, null when they are too large to keep. */
export function encodeSeatOptions(options: Readonly<Record<string, unknown>>): string | null {
  if (Object.keys(options).length === 0) return '';
  const json = JSON.stringify(options);
  return Buffer.byteLength(json) <= MAX_SEAT_OPTIONS_BYTES ? json : null;
}

/** Options read back from Redis: a JSON object, or {} for none ('' : stored without options). */
export function decodeSeatOptions(v: unknown, what: string): Readonly<Record<string, unknown>> {
  const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString() : null;
  if (s === null || Buffer.byteLength(s) > MAX_SEAT_OPTIONS_BYTES) throw new BadReplyError(`${what}: expected options of at most ${MAX_SEAT_OPTIONS_BYTES} bytes`);
  if (s === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    throw new BadReplyError(`${what}: not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadReplyError(`${what}: not a JSON object`);
  return parsed as Record<string, unknown>;
}
