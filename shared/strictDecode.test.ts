import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceBomb, deepArrays } from '../loadtest/fuzz/hostileFrames.ts';
import { decode, encode } from './codec.ts';
import { decodeClientMsg, ERR, LIMITS, MSG, PROTOCOL_VERSION } from './protocol.ts';
import { decodeStrict } from './strictDecode.ts';

const limits = { maxDepth: 4, maxElements: 64 };
const refused = (bytes: Uint8Array, l = limits): string => {
  const r = decodeStrict(bytes, l);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
};

describe('decodeStrict', () => {
  it('reads every protocol message as msgpackr encodes it', () => {
    const msgs: unknown[] = [
      [MSG.Join, PROTOCOL_VERSION, 'alice', 'arena'],
      [MSG.Join, PROTOCOL_VERSION, 'ünï©ødé 🎮', 'arena', { seat: 'a'.repeat(64), roomId: 'r1' }],
      [MSG.Input, 4294967295, -1, 0.5, -3.14159, 255, 70000, 123456789],
      [MSG.Ping, 1733222400123.5],
      [MSG.Resync],
      [MSG.Leave],
      [MSG.Chat, 'x'.repeat(140)],
      [null, true, false, -1, -33, -129, -32769, -2147483649, 2 ** 53 - 1, 1e300, 'y'.repeat(300)],
    ];
    for (const m of msgs) {
      const r = decodeStrict(encode(m), limits);
      expect(r.ok).toBe(true);
      expect(r.ok && r.value).toEqual(decode(encode(m)));
    }
  });

  it('agrees with msgpackr on every value within the limits (property)', () => {
    const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 40 }), fc.maxSafeInteger());
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encode(v);
        const r = decodeStrict(bytes, { maxDepth: 100, maxElements: 10_000 });
        expect(r.ok).toBe(true);
        expect(JSON.stringify(r.ok && r.value)).toBe(JSON.stringify(decode(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses structured-clone references, records and every other extension', () => {
    expect(refused(referenceBomb(20))).toMatch(/extensions/);
    for (const t of [0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]) expect(refused(Uint8Array.from([0x91, t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatch(/extensions/);
    expect(refused(Uint8Array.from([0xd6, 0xff, 0, 0, 0, 0]))).toMatch(/extensions/); // timestamp
    expect(refused(Uint8Array.from([0xd4, 0x73, 0x90]))).toMatch(/extensions/); // msgpackr's Set
    expect(refused(Uint8Array.from([0xd4, 0x72, 0x00]))).toMatch(/extensions/); // record definitions
  });

  it('refuses bin, 0xc1, bad UTF-8, non-string and repeated keys, trailing and truncated bytes', () => {
    expect(refused(Uint8Array.from([0xc4, 1, 0]))).toMatch(/binary/);
    expect(refused(Uint8Array.from([0xc1]))).toMatch(/0xc1/);
    expect(refused(Uint8Array.from([0xa2, 0xc3, 0x28]))).toMatch(/UTF-8/);
    expect(refused(Uint8Array.from([0x81, 0x01, 0x02]))).toMatch(/key is not a string/);
    expect(refused(Uint8Array.from([0x82, 0xa1, 0x61, 1, 0xa1, 0x61, 2]))).toMatch(/repeats a key/);
    expect(refused(Uint8Array.from([0x90, 0x00]))).toMatch(/trailing/);
    expect(refused(Uint8Array.from([0x93, 1, 2]))).toMatch(/truncated/);
    expect(refused(Uint8Array.from([0xcb, 0, 0]))).toMatch(/truncated/);
    expect(refused(Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff]), { maxDepth: 4, maxElements: 2 ** 33 })).toMatch(/truncated/);
    expect(refused(new Uint8Array(0))).toMatch(/empty/);
  });

  it('bounds depth and element count, and a refusal never quotes the input', () => {
    expect(decodeStrict(deepArrays(4), limits).ok).toBe(true);
    expect(refused(deepArrays(5))).toBe('nested deeper than 4');
    expect(refused(encode(Array.from({ length: 65 }, () => 0)))).toBe('more than 64 elements');
    expect(refused(encode([[1, 2, 3], Array.from({ length: 62 }, () => 0)]))).toBe('more than 64 elements');
    expect(refused(Uint8Array.from([0xa3, 0x41, 0x42, 0xff]))).not.toMatch(/AB/);
  });

  it('keeps "__proto__" an own key of a prototype-less map', () => {
    const bytes = Uint8Array.from([0x81, 0xa9, ...new TextEncoder().encode('__proto__'), 0x81, 0xa1, 0x78, 1]);
    const r = decodeStrict(bytes, limits);
    expect(r.ok).toBe(true);
    const v = (r.ok ? r.value : null) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(null);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('decodeClientMsg', () => {
  it('accepts the protocol at its deepest (Join with a ticket) and refuses one level more', () => {
    const join = decodeClientMsg(encode([MSG.Join, PROTOCOL_VERSION, 'a', 'arena', { seat: 's' }]));
    expect(join.ok && join.msg).toEqual([MSG.Join, PROTOCOL_VERSION, 'a', 'arena', { seat: 's' }]);
    const deeper = decodeClientMsg(encode([MSG.Join, PROTOCOL_VERSION, 'a', 'arena', { seat: ['s'] }]));
    expect(deeper).toEqual({ ok: false, code: ERR.Malformed, reason: `not a protocol message: nested deeper than ${LIMITS.maxDepth}` });
  });

  it('answers the reference bomb at once with Malformed, whatever its size', () => {
    for (const levels of [18, 24, 30]) {
      const t0 = performance.now();
      const r = decodeClientMsg(referenceBomb(levels, true));
      expect(performance.now() - t0).toBeLessThan(50);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe(ERR.Malformed);
    }
  });

  it('names an unknown type without quoting it', () => {
    const r = decodeClientMsg(encode([['x'.repeat(100)], 1]));
    expect(r).toEqual({ ok: false, code: ERR.UnknownType, reason: 'unknown message type (an array)' });
    expect(decodeClientMsg(encode([999]))).toEqual({ ok: false, code: ERR.UnknownType, reason: 'unknown message type 999' });
    expect(decodeClientMsg(encode(['z'.repeat(200)]))).toEqual({ ok: false, code: ERR.UnknownType, reason: 'unknown message type (a string)' });
  });

  it('refuses an oversize message before decoding it', () => {
    const r = decodeClientMsg(encode([MSG.Chat, 'x'.repeat(LIMITS.maxMessageBytes)]));
    expect(!r.ok && r.code).toBe(ERR.Oversize);
  });
});
