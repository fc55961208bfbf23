/**
 * Values a client should never send, for the fuzzer to put where a field goes: wrong types,
 * NaN and the infinities, numbers at and past every integer bound, long and odd strings, deep
 * and wide containers, binary data, dates (an extension). Chosen by a seeded random source, so
 * a run is reproducible. Strings are built around MARKER so a test can tell when a server text
 * quotes what it was sent.
 */

/** Every string the fuzzer invents contains this (see the property test's quoting check). */
export const MARKER = 'fzq';

export type Random = () => number;

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
export const intBelow = (random: Random, n: number): number => Math.floor(random() * n);

const NUMBERS: readonly number[] = [
  NaN, Infinity, -Infinity, -0, 0.5, -1, 1e308, -1e308, 5e-324, 3.4028235e38,
  127, 128, 255, 256, 65535, 65536, 0xffffffff, 0x100000000, -0x80000000, -0x80000001,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 2 ** 64, -(2 ** 63),
];

const ODD_STRINGS: readonly string[] = [
  '', `${MARKER}\u0000\u0001\u001f\u007f`, `${MARKER}<script>`, '__proto__', 'constructor', `${MARKER}\ud83d\ude00`,
  `${MARKER}\u202e\u200b`, `${MARKER}"'\`&`,
];

/** A string of about `n` characters that contains MARKER. */
export function markedString(random: Random, n: number): string {
  let s = MARKER;
  while (s.length < n) s += String.fromCharCode(0x20 + intBelow(random, 0x5f));
  return s.slice(0, Math.max(n, MARKER.length));
}

function nested(depth: number, leaf: unknown, asMap: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asMap ? { k: v } : [v];
  return v;
}

/** One hostile value; depth bounds how much it nests itself. */
export function hostileValue(random: Random, depth = 0): unknown {
  switch (intBelow(random, 12)) {
    case 0: case 1: return pick(random, NUMBERS);
    case 2: return random() * 2 ** (intBelow(random, 80) - 20) * (random() < 0.5 ? -1 : 1);
    case 3: return pick(random, ODD_STRINGS);
    case 4: return markedString(random, pick(random, [4, 17, 33, 65, 129, 141, 300, 1100]));
    case 5: return pick(random, [null, true, false, undefined]);
    case 6: return nested(1 + intBelow(random, 40), 0, random() < 0.3);
    case 7: return Array.from({ length: pick(random, [0, 1, 9, 33, 200]) }, (_, i) => i);
    case 8: {
      const o: Record<string, unknown> = {};
      const n = pick(random, [0, 1, 3, 40]);
      for (let i = 0; i < n; i++) o[i < 3 ? pick(random, ['seat', 'reconnect', 'roomId', '__proto__']) + i : `${MARKER}${i}`] = depth < 2 ? hostileValue(random, depth + 1) : i;
      return o;
    }
    case 9: return Uint8Array.from({ length: intBelow(random, 40) }, () => intBelow(random, 256)); // bin
    case 10: return new Date(intBelow(random, 2 ** 31) * 1000); // msgpack timestamp extension
    default: return depth < 2 ? [hostileValue(random, depth + 1), hostileValue(random, depth + 1)] : -1;
  }
}
