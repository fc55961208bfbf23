import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_FIELD, MoverSchema, POS_SCALE, snap } from './game/testing/fixtureGame.ts';
import { angle, counter, fixed, fromRecord, isRecord, toRecord, uint, unwrapCounter, wireAdd, wireSub } from './schema.ts';

describe('schema fields', () => {
  it('quantize is idempotent on the grid and dequantize lands on the grid point a step snaps to', () => {
    const pos = fixed(POS_SCALE, 0, MAX_FIELD);
    fc.assert(
      fc.property(fc.double({ min: 0, max: MAX_FIELD, noNaN: true }), (v) => {
        const w = pos.quantize(v);
        expect(pos.quantize(pos.dequantize(w))).toBe(w);
        expect(pos.dequantize(w)).toBe(snap(v));
      }),
    );
  });

  it('clamps out-of-range and non-finite values', () => {
    const u8 = uint(8);
    expect(u8.quantize(300)).toBe(255);
    expect(u8.quantize(-5)).toBe(0);
    expect(u8.quantize(NaN)).toBe(0);
    const a = angle(12);
    expect(a.quantize(-Math.PI / 2)).toBe(3072);
    expect(a.quantize(2 * Math.PI)).toBe(0);
    expect(a.quantize(Infinity)).toBe(0);
  });

  it('a counter wraps, sends the shortest difference, and is restored from a nearby full value', () => {
    const c = counter(16);
    expect(c.quantize(65536 + 5)).toBe(5);
    expect(c.sub(65534, 2)).toBe(4); // across the wrap
    expect(c.add(65534, 4)).toBe(2);
    expect(c.isWire(65536)).toBe(false);
    fc.assert(
      fc.property(fc.nat(2 ** 31), fc.nat(65535), (value, ahead) => {
        // The reader knows a value at or after the real one (its last input sent) and within 2^16.
        expect(unwrapCounter(c.quantize(value), value + ahead, 16)).toBe(value);
        expect(c.add(c.quantize(value), c.sub(c.quantize(value), c.quantize(value + ahead)))).toBe(c.quantize(value + ahead));
      }),
    );
  });

  it('records round-trip and are validated', () => {
    const obj = { x: 12.3, y: 45.6, vx: 3, vy: -4, aim: 1, ack: 65535, ackRate: 1, alive: true, score: 80, name: 'bob' };
    const rec = toRecord(MoverSchema, obj);
    expect(isRecord(MoverSchema, rec)).toBe(true);
    const back = fromRecord(MoverSchema, rec);
    expect(back.x).toBe(12.3);
    expect(back.name).toBe('bob');
    expect(back.ack).toBe(65535);
    expect(back.aim).toBeCloseTo(1, 2);
    expect(isRecord(MoverSchema, [...rec.slice(0, 5), 1.5, ...rec.slice(6)])).toBe(false);
    expect(isRecord(MoverSchema, [...rec.slice(0, 5), 65536, ...rec.slice(6)])).toBe(false);
    expect(isRecord(MoverSchema, [...rec.slice(0, 7), 1, ...rec.slice(8)])).toBe(false);
    expect(isRecord(MoverSchema, rec.slice(1))).toBe(false);
    expect(isRecord(MoverSchema, [NaN, ...rec.slice(1)])).toBe(false);
  });
});

describe('wire arithmetic of wrapping fields', () => {
  it('adds modulo the range and subtracts the shortest way round, wrapped or not', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 8, 4096, 65536), fc.nat(), fc.nat(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), (m, ra, rb, d) => {
        const r = { min: 0, max: m - 1, wrap: true };
        const a = ra % m;
        const b = rb % m;
        const sum = wireAdd(r, a, d);
        expect(Object.is(sum, ((((a + d) % m) + m) % m) + 0)).toBe(true);
        const diff = wireSub(r, a, b);
        expect(Number.isInteger(diff) && diff >= -m / 2 && diff < m / 2).toBe(true);
        expect(wireAdd(r, a, diff)).toBe(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('angles and counters quantize exactly as the plain remainder formulas do (their fast paths skip it)', () => {
    const a = angle(12);
    const c = counter(16);
    const k = 4096 / (2 * Math.PI);
    const value = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: -20, max: 20, noNaN: true }),
      fc.double({ min: -1, max: 70000, noNaN: true }),
      fc.constantFrom(-0, 0, 2 * Math.PI, -2 * Math.PI, 65535.5, 65536, -0.4),
    );
    fc.assert(
      fc.property(value, (v) => {
        if (!Number.isFinite(v)) return;
        const q = Math.round(v * k) % 4096;
        expect(Object.is(a.quantize(v), q < 0 ? q + 4096 : q + 0)).toBe(true);
        expect(Object.is(c.quantize(v), ((Math.round(v) % 65536) + 65536) % 65536)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
