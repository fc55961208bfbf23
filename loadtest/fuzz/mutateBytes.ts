/**
 * Byte-level mutations of an encoded message: flips, insertions, deletions, truncations,
 * splices of two messages, interesting bytes (msgpack type bytes and length headers) written
 * over it. Each returns a new array; the inputs are never changed.
 */
import { intBelow, pick, type Random } from './hostileValues.ts';

/** Type bytes whose neighbours make decoders count, extend or refuse. */
const INTERESTING = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc4, 0xc7, 0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd6, 0xd9, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff];

export function mutateBytes(random: Random, src: Uint8Array, other: Uint8Array): Uint8Array {
  const n = src.length;
  switch (intBelow(random, 7)) {
    case 0: { // flip 1–4 bits
      const out = src.slice();
      for (let k = 1 + intBelow(random, 4); k > 0 && n > 0; k--) out[intBelow(random, n)]! ^= 1 << intBelow(random, 8);
      return out;
    }
    case 1: { // an interesting byte over one
      const out = src.slice();
      if (n > 0) out[intBelow(random, n)] = pick(random, INTERESTING);
      return out;
    }
    case 2: { // insert 1–8 bytes
      const at = intBelow(random, n + 1);
      const k = 1 + intBelow(random, 8);
      const out = new Uint8Array(n + k);
      out.set(src.subarray(0, at));
      for (let i = 0; i < k; i++) out[at + i] = random() < 0.5 ? pick(random, INTERESTING) : intBelow(random, 256);
      out.set(src.subarray(at), at + k);
      return out;
    }
    case 3: { // delete a run
      const at = intBelow(random, n + 1);
      const k = 1 + intBelow(random, 4);
      const out = new Uint8Array(Math.max(0, n - k));
      out.set(src.subarray(0, at).subarray(0, out.length));
      if (at + k < n) out.set(src.subarray(at + k), at);
      return out;
    }
    case 4: // truncate
      return src.slice(0, intBelow(random, n + 1));
    case 5: { // splice: a head of one, the tail of the other
      const a = intBelow(random, n + 1);
      const b = intBelow(random, other.length + 1);
      const out = new Uint8Array(a + other.length - b);
      out.set(src.subarray(0, a));
      out.set(other.subarray(b), a);
      return out;
    }
    default: { // a container header that claims more than follows
      const out = src.slice();
      if (n > 0) out[0] = pick(random, [0x9f, 0x8f, 0xdc, 0xdd, 0xde, 0xdf, 0xdb]);
      return out;
    }
  }
}

/** `n` random bytes. */
export function randomBytes(random: Random, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = intBelow(random, 256);
  return out;
}
