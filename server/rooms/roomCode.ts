/**
 * Join codes of private rooms: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L,
 * no U/V pair), read aloud or typed from a phone without confusion. 29^6 ≈ 595 million codes.
 */
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
export const CODE_LENGTH = 6;

export function randomRoomCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** Upper-case, strip spaces and dashes; null when it cannot be a code. */
export function normalizeRoomCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** A code not in `taken` (a handful of tries at most while rooms are far fewer than codes). */
export function uniqueRoomCode(taken: ReadonlySet<string> | ReadonlyMap<string, unknown>): string {
  for (;;) {
    const code = randomRoomCode();
    if (!taken.has(code)) return code;
  }
}
