import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputQueue } from '../../server/InputQueue.ts';
import { fixtureInput } from './testing/fixtureGame.ts';
import { buttonBits, clampField, normalizeInput } from './inputPlan.ts';
import { axis, button, clampInput, defineInput, heading, TAU } from './inputs.ts';

const plan = fixtureInput.plan;
const MX = plan.numericNames.indexOf('mx');
const AIM = plan.numericNames.indexOf('aim');
const THROTTLE = plan.numericNames.indexOf('throttle');

describe('defineInput and its plan', () => {
  it('lists numbers in wire order and buttons in bit order', () => {
    expect(fixtureInput.numeric).toEqual(['mx', 'my', 'aim', 'throttle']);
    expect(fixtureInput.buttons).toEqual(['fire', 'brake']);
    expect([...plan.heading]).toEqual([0, 0, 1, 0]);
    expect([...plan.min]).toEqual([-1, -1, 0, 0]);
    expect([...plan.max]).toEqual([1, 1, 0, 2]);
    expect([...plan.neutral]).toEqual([0, 0, 0, 1]);
  });

  it('clamps axes, wraps headings, and turns NaN and infinities into the neutral value', () => {
    expect(clampField(plan, MX, 3)).toBe(1);
    expect(clampField(plan, MX, -3)).toBe(-1);
    expect(clampField(plan, MX, 0.25)).toBe(0.25);
    expect(Object.is(clampField(plan, MX, -0), 0)).toBe(true);
    expect(clampField(plan, THROTTLE, -1)).toBe(0);
    expect(clampField(plan, THROTTLE, NaN)).toBe(1);
    expect(clampField(plan, THROTTLE, Infinity)).toBe(1);
    expect(clampField(plan, MX, -Infinity)).toBe(0);
    expect(clampField(plan, AIM, -0.5)).toBeCloseTo(TAU - 0.5, 12);
    expect(clampField(plan, AIM, TAU)).toBe(0);
    expect(clampField(plan, AIM, 7)).toBeCloseTo(7 - TAU, 12);
    expect(clampField(plan, AIM, NaN)).toBe(0);
    // A tiny negative angle plus 2π rounds to 2π itself: wrapped, that is 0 (it was 2π, outside [0, 2π)).
    expect(clampField(plan, AIM, -Number.MIN_VALUE)).toBe(0);
    expect(clampInput(heading(), -1e-17)).toBe(0);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -20, max: 20 })), fc.nat(3), (v, i) => {
        const c = clampField(plan, i, v);
        const f = fixtureInput.fields[plan.numericNames[i]! as 'mx'];
        // The compiled plan and the field's own clamp agree (the client and tools use the latter).
        expect(Object.is(c, clampInput(f, v))).toBe(true);
        if (plan.heading[i] === 1) expect(c >= 0 && c < TAU).toBe(true);
        else expect(c >= plan.min[i]! && c <= plan.max[i]!).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('sends buttons as bits, bit i for button i', () => {
    expect(buttonBits(plan, { fire: false, brake: false })).toBe(0);
    expect(buttonBits(plan, { fire: true, brake: false })).toBe(1);
    expect(buttonBits(plan, { fire: false, brake: true })).toBe(2);
    expect(buttonBits(plan, { fire: true, brake: true })).toBe(3);
    // Only `true` is held (a truthy number is not).
    expect(buttonBits(plan, { fire: 1, brake: 'yes' } as never)).toBe(0);
    const inp = plan.blank();
    plan.fill(inp, Float64Array.from([0.5, -0.5, 1, 2, 2]), 0);
    expect(inp).toMatchObject({ mx: 0.5, my: -0.5, aim: 1, throttle: 2, fire: false, brake: true });
  });

  it('every input object of a game has one shape, every field set', () => {
    const a = plan.blank();
    expect(Object.keys(a)).toEqual(['seq', 'rewindTicks', 'viewTick', 'arrivedAtMs', 'mx', 'my', 'aim', 'throttle', 'fire', 'brake']);
    expect(Object.keys(normalizeInput(plan, { seq: 3 }))).toEqual(Object.keys(a));
  });

  it("applies the game's rule after clamping, in normalizeInput and on the server's take alike", () => {
    const n = normalizeInput(plan, { seq: 7, mx: 5, my: 5, aim: -1, fire: true }) as unknown as Record<string, number | boolean>;
    expect(n['seq']).toBe(7);
    expect(n['mx']).toBeCloseTo(Math.SQRT1_2, 12);
    expect(n['my']).toBeCloseTo(Math.SQRT1_2, 12);
    expect(n['aim']).toBeCloseTo(TAU - 1, 12);
    expect(n['throttle']).toBe(1); // missing: neutral
    expect([n['fire'], n['brake']]).toEqual([true, false]);
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), fc.double(), fc.boolean(), fc.boolean(), (mx, my, aim, throttle, fire, brake) => {
        const input = { seq: 1, mx, my, aim, throttle, fire, brake };
        const q = new InputQueue();
        q.push(plan, input);
        const taken = q.take(plan)[0]!;
        const norm = normalizeInput(plan, input) as unknown as Record<string, number | boolean>;
        for (const k of [...plan.numericNames, ...plan.buttonNames]) expect(Object.is(taken[k], norm[k]), k).toBe(true);
        expect(Math.hypot(norm['mx'] as number, norm['my'] as number)).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses bad inputs with a message naming the problem', () => {
    expect(() => defineInput({})).toThrow(/at least one field/);
    expect(() => defineInput({ seq: axis() })).toThrow(/bad field name "seq"/);
    expect(() => defineInput({ rewindTicks: axis() })).toThrow(/bad field name "rewindTicks"/);
    expect(() => defineInput({ 'a-b': axis() })).toThrow(/bad field name "a-b"/);
    expect(() => defineInput(Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`a${i}`, axis()])))).toThrow(/at most 12 axes/);
    expect(() => defineInput(Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`b${i}`, button()])))).toThrow(/at most 30 buttons/);
    expect(() => axis(1, 1)).toThrow(/bad range/);
    expect(() => axis(0, NaN)).toThrow(/bad range/);
    expect(defineInput({ h: heading(), b: button() }).plan.nButtons).toBe(1);
  });
});
