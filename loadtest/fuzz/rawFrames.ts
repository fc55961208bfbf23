/**
 * Hand-built msgpack no encoder writes: lying length headers, non-string and repeated map keys,
 * invalid UTF-8, the never-used 0xc1, extensions, every number encoding in an Input (the
 * server's allocation-free path), oversize messages, and the reference bombs and deep arrays of
 * hostileFrames.ts (the frames that froze the server before the strict decoder).
 */
import { deepArrays, nestedReferenceBomb, referenceBomb } from './hostileFrames.ts';
import { LIMITS, MSG } from '../../shared/protocol.ts';
import { intBelow, MARKER, pick, type Random } from './hostileValues.ts';

const str = (s: string): number[] => [0xa0 | s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

/** One msgpack number of a random encoding (the value may be out of every field's range). */
function number(random: Random): number[] {
  const b = (n: number): number[] => Array.from({ length: n }, () => intBelow(random, 256));
  switch (intBelow(random, 10)) {
    case 0: return [intBelow(random, 0x80)];
    case 1: return [0xe0 + intBelow(random, 32)];
    case 2: return [0xca, ...pick(random, [[0x7f, 0xc0, 0, 0], [0x7f, 0x80, 0, 0], [0xff, 0x80, 0, 0], b(4)])]; // float32 NaN, ±Infinity
    case 3: return [0xcb, ...pick(random, [[0x7f, 0xf8, 0, 0, 0, 0, 0, 0], [0x7f, 0xf0, 0, 0, 0, 0, 0, 0], b(8)])];
    case 4: return [0xcc, ...b(1)];
    case 5: return [0xcd, ...b(2)];
    case 6: return [0xce, ...b(4)];
    case 7: return [0xcf, ...pick(random, [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], b(8)])];
    case 8: return [pick(random, [0xd0, 0xd1, 0xd2]), ...b(4)].slice(0, 1 + pick(random, [1, 2, 4]));
    default: return [0xd3, ...b(8)];
  }
}

/** An Input of 0–9 numbers in random encodings (its own length header, or a lying one). */
function rawInput(random: Random): number[] {
  const n = intBelow(random, 10);
  const out = [0x90 | Math.min(n, 15), MSG.Input];
  for (let i = 1; i < n; i++) out.push(...number(random));
  if (random() < 0.1) out[0] = 0x90 | intBelow(random, 16);
  return out;
}

const BUILDERS: readonly ((random: Random) => number[] | Uint8Array)[] = [
  rawInput, rawInput, rawInput,
  () => [0xdd, 0xff, 0xff, 0xff, 0xff, MSG.Ping], // array32 of 4 billion
  () => [0x92, MSG.Chat, 0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61], // str32 of 2 GB
  () => [0x92, MSG.Chat, 0xa3, 0xff, 0xfe, 0xc0], // invalid UTF-8
  () => [0x95, MSG.Join, 2, 0xa1, 0x61, 0xa5, ...Array.from('arena', (c) => c.charCodeAt(0)), 0x81, 0x01, 0xa1, 0x78], // a map key that is a number
  () => [0x95, MSG.Join, 2, 0xa1, 0x61, ...str('arena'), 0x82, ...str('seat'), 0xa1, 0x78, ...str('seat'), 0xa1, 0x79], // a repeated key
  () => [0x95, MSG.Join, 2, 0xa1, 0x61, ...str('arena'), 0x81, ...str('__proto__'), 0x81, ...str('seat'), 0xa1, 0x78],
  () => [0x92, MSG.Ping, 0xc1],
  (r) => [0x92, MSG.Ping, pick(r, [0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xc7]), pick(r, [0x69, 0x70, 0x72, 0xff, 0x00]), 0, 0, 0, 0, 0, 0, 0, 0],
  () => [0x92, MSG.Ping, 0xc4, 0x02, 0x00, 0x00], // bin
  () => [0x93, MSG.Ping, 1, 2], // trailing element
  () => [0x92, MSG.Ping, 1, 0xc0], // trailing byte
  () => [],
  (r) => referenceBomb(8 + intBelow(r, 24), r() < 0.5),
  (r) => nestedReferenceBomb(8 + intBelow(r, 24)),
  (r) => deepArrays(pick(r, [3, 30, 600, 1000])),
  (r) => { // just over the message limit: Oversize
    const text = MARKER.padEnd(LIMITS.maxMessageBytes + intBelow(r, 16), 'x');
    return [0x92, MSG.Chat, 0xda, text.length >>> 8, text.length & 0xff, ...Array.from(text, (c) => c.charCodeAt(0))];
  },
];

/** One hand-built frame. */
export function rawFrame(random: Random): Uint8Array {
  const out = pick(random, BUILDERS)(random);
  return out instanceof Uint8Array ? out : Uint8Array.from(out);
}

/** A frame above the transport's hard limit (16 KiB): the server drops the connection (1006). */
export function hugeFrame(random: Random): Uint8Array {
  const out = new Uint8Array(LIMITS.maxFrameBytes + 1 + intBelow(random, 1024));
  out[0] = 0x92;
  out[1] = MSG.Chat;
  return out;
}
