import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode, encode, MsgWriter, readNumberArray } from './codec.ts';
import { MSG } from './protocol.ts';

describe('codec', () => {
  it('round-trips protocol messages', () => {
    const msgs = [
      [MSG.Join, 1, 'alice', 'arena'],
      [MSG.Input, 42, 0.5, -1, 3.14, 1],
      [MSG.Welcome, { protocol: 1, roomId: 'r', playerId: 3, tickRate: 30, map: { width: 1, height: 2, obstacles: [] } }],
      [MSG.State, 10, 9, [[1, 1, 5, 6, 7, 100, true, 0, 0, 0, 0, 'x']], [[2, 3, 4, 5]], [9]],
    ];
    for (const m of msgs) expect(decode(encode(m))).toEqual(m);
  });

  it('MsgWriter writes msgpack that decodes to the same integers, booleans, strings and arrays', () => {
    const w = new MsgWriter(8); // small, so it has to grow
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.boolean(), fc.string({ maxLength: 300 })), { maxLength: 40 }), (values) => {
        w.reset();
        w.arrayHeader(values.length);
        for (const v of values) w.value(v);
        expect(decode(w.toBytes())).toEqual(values);
      }),
    );
  });

  it('readNumberArray reads what msgpack decodes for arrays of numbers, and refuses anything else', () => {
    const number = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
      fc.maxSafeInteger(),
      fc.double(), // NaN and ±Infinity included: validation is the caller's
      fc.float().map((f) => Math.fround(f)),
    );
    const out = new Float64Array(8);
    fc.assert(
      fc.property(fc.array(number, { maxLength: 8 }), (values) => {
        const bytes = encode(values);
        const n = readNumberArray(bytes, out);
        expect(n).toBe(values.length);
        expect([...out.subarray(0, n)]).toEqual(decode(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.nat())), { minLength: 1, maxLength: 8 }), fc.nat(7), (others, at) => {
        const values: unknown[] = [1, 2, 3, 4, 5, 6, 7].slice(0, others.length);
        values[at % others.length] = others[0];
        expect(readNumberArray(encode(values), out)).toBe(-1);
      }),
    );
    const input = encode([MSG.Input, 42, 0.5, -1, 3.14, 1]);
    expect(readNumberArray(input.subarray(0, input.length - 1), out)).toBe(-1); // truncated
    expect(readNumberArray(new Uint8Array([...input, 0]), out)).toBe(-1); // trailing bytes
    expect(readNumberArray(encode([1, 2, 3, 4, 5, 6, 7, 8, 9]), out)).toBe(-1); // too long for out
    expect(readNumberArray(encode({ a: 1 }), out)).toBe(-1);
    expect(readNumberArray(new Uint8Array(0), out)).toBe(-1);
  });

  it('readNumberArray reads a message inside a larger buffer by its range, and no byte outside it', () => {
    const out = new Float64Array(8);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.double()), { maxLength: 8 }), fc.uint8Array({ maxLength: 9 }), fc.uint8Array({ maxLength: 9 }), (values, before, after) => {
        const msg = encode(values);
        const buf = new Uint8Array([...before, ...msg, ...after]);
        const start = before.length;
        const end = start + msg.length;
        expect(readNumberArray(buf, out, start, end)).toBe(values.length);
        expect([...out.subarray(0, values.length)]).toEqual(decode(msg));
        // A range one byte short or one byte long is not a whole message.
        expect(readNumberArray(buf, out, start, end - 1)).toBe(-1);
        if (after.length > 0) expect(readNumberArray(buf, out, start, end + 1)).toBe(-1);
      }),
    );
    expect(readNumberArray(new Uint8Array([0x91, 0x01]), out, 1, 1)).toBe(-1); // empty range
  });

  it('throws on malformed bytes (the server turns that into an error code)', () => {
    expect(() => decode(new Uint8Array([0x01, 0x02]))).toThrow(); // trailing bytes
    expect(() => decode(new Uint8Array([0x93, 0x01]))).toThrow();
  });
});
