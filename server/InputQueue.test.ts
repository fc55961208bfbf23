import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowStore } from '../shared/util/rowStore.ts';
import { axis, button, defineInput, heading } from '../shared/game/inputs.ts';
import { InputQueue, MAX_BUFFER_TICKS, SHRINK_TICKS } from './InputQueue.ts';

/** A game's input for these tests: a stick, an aim and a button. */
const P = defineInput({ mx: axis(), my: axis(), aim: heading(), fire: button() }).plan;
const inp = (seq: number) => ({ seq, mx: 0, my: 0, aim: 0, fire: false });
const pushClamped = (q: InputQueue, seq: number, mx: number, my: number, aim: number, fire: boolean, viewTick = 0): boolean => q.push(P, { seq, mx, my, aim, fire, viewTick });

describe('InputQueue', () => {
  it('drops duplicates and old sequence numbers', () => {
    const q = new InputQueue();
    expect(q.push(P, inp(1))).toBe(true);
    expect(q.push(P, inp(1))).toBe(false);
    expect(q.push(P, inp(3))).toBe(true);
    expect(q.push(P, inp(2))).toBe(false);
    expect(q.stats.duplicates).toBe(2);
    expect(q.length).toBe(2);
  });

  it('takes one input per tick, more when a backlog builds, never more than the bound', () => {
    const q = new InputQueue(32, 4, 2);
    q.push(P, inp(1));
    expect(q.take(P).map((i) => i.seq)).toEqual([1]);
    expect(q.lastAppliedSeq).toBe(1);
    expect(q.take(P)).toEqual([]);
    expect(q.lastAppliedSeq).toBe(1);
    for (let s = 2; s <= 12; s++) q.push(P, inp(s));
    expect(q.take(P)).toHaveLength(4);
    expect(q.lastAppliedSeq).toBe(5);
  });

  it('behaves as a bounded FIFO of its inputs for any sequence of pushes and takes (the ring wraps around)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(0)), { maxLength: 80 }), (capacity, ops) => {
        const q = new InputQueue(capacity, 2, 3, undefined, 0); // at most 2 a tick; more than 1 only past a depth of 3; no adaptive buffer
        const model: number[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op > 0) {
            // A burst of op inputs: past the capacity, the oldest go.
            for (let i = 0; i < op; i++) {
              pushClamped(q, ++seq, 0.5, -0.5, seq % 7, false);
              model.push(seq);
              if (model.length > capacity) model.shift();
            }
          } else {
            const taken = q.take(P).map((x) => x.seq);
            const n = model.length === 0 ? 0 : model.length > 3 ? Math.min(2, model.length - 3 + 1) : 1;
            expect(taken).toEqual(model.splice(0, n));
          }
          expect(q.length).toBe(model.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with the adaptive buffer, still a FIFO: every take is the oldest inputs, at least one when any is queued, at most the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(0), fc.constant(0)), { maxLength: 200 }), (ops) => {
        const q = new InputQueue(32, 4, 1);
        const model: number[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op > 0) {
            for (let i = 0; i < op; i++) {
              pushClamped(q, ++seq, 0, 0, 0, false);
              model.push(seq);
              if (model.length > 32) model.shift();
            }
          } else {
            const taken = q.take(P).map((x) => x.seq);
            expect(taken.length).toBeLessThanOrEqual(4);
            if (model.length > 0) expect(taken.length).toBeGreaterThan(0);
            expect(taken).toEqual(model.splice(0, taken.length));
            expect(q.bufferTicks).toBeGreaterThanOrEqual(0);
            expect(q.bufferTicks).toBeLessThanOrEqual(MAX_BUFFER_TICKS);
          }
          expect(q.length).toBe(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe('adaptive buffer', () => {
    /** One tick: the inputs that arrived before it, then the take; returns how many it took. */
    const tick = (q: InputQueue, arrivals: number, next: { seq: number }): number => {
      for (let i = 0; i < arrivals; i++) pushClamped(q, ++next.seq, 0, 0, 0, false);
      return q.take(P).length;
    };

    it('adds nothing on a clean network: one input a tick, taken at once', () => {
      const q = new InputQueue();
      const next = { seq: 0 };
      for (let t = 0; t < 1000; t++) expect(tick(q, 1, next)).toBe(1);
      expect(q.bufferTicks).toBe(0);
      expect(q.length).toBe(0);
    });

    it('grows by one on an input just late, so the next one is found: no more stand-still ticks', () => {
      const q = new InputQueue();
      const next = { seq: 0 };
      for (let t = 0; t < 10; t++) tick(q, 1, next);
      // Jitter: one input misses its tick and comes with the next one.
      expect(tick(q, 0, next)).toBe(0);
      expect(tick(q, 2, next)).toBe(1); // the late one; its successor is held back (the buffer)
      expect(q.bufferTicks).toBe(1);
      expect(q.length).toBe(1);
      // From now on the same jitter finds an input every tick.
      const taken: number[] = [];
      for (let t = 0; t < 60; t++) taken.push(tick(q, t % 7 === 3 ? 0 : t % 7 === 4 ? 2 : 1, next));
      expect(taken.every((n) => n === 1)).toBe(true);
      expect(q.bufferTicks).toBe(1);
    });

    it('is not raised by a stall (a long run of empty ticks), and the burst after it is drained fast', () => {
      const q = new InputQueue();
      const next = { seq: 0 };
      for (let t = 0; t < 10; t++) tick(q, 1, next);
      for (let t = 0; t < 6; t++) expect(tick(q, 0, next)).toBe(0);
      expect(tick(q, 7, next)).toBe(4);
      expect(q.bufferTicks).toBe(0);
      expect(tick(q, 1, next)).toBe(4);
      expect(q.length).toBe(0);
    });

    it('shrinks after a clean stretch whose surplus was not needed, draining it with one double tick', () => {
      const q = new InputQueue();
      const next = { seq: 0 };
      tick(q, 1, next);
      tick(q, 0, next);
      tick(q, 2, next);
      expect(q.bufferTicks).toBe(1);
      let doubles = 0;
      for (let t = 0; t < SHRINK_TICKS + 5; t++) if (tick(q, 1, next) === 2) doubles++;
      expect(q.bufferTicks).toBe(0);
      expect(doubles).toBe(1);
      expect(q.length).toBe(0);
    });

    it('reports its buffer, and adds it to the lag-compensation bound', () => {
      const q = new InputQueue();
      q.maxRewindTicks = 7.5;
      const next = { seq: 0 };
      tick(q, 1, next);
      tick(q, 0, next);
      tick(q, 2, next);
      expect(q.timingReport().bufferTicks).toBe(1);
      pushClamped(q, ++next.seq, 0, 0, 0, true, 100);
      q.take(P, 119); // the input held back
      const [shot] = q.take(P, 120);
      expect(shot!.rewindTicks).toBe(8.5); // 20 ticks behind: bounded by 7.5 + the buffer's 1
    });
  });

  it('is bounded: the oldest input goes when full', () => {
    const q = new InputQueue(4);
    for (let s = 1; s <= 6; s++) q.push(P, inp(s));
    expect(q.length).toBe(4);
    expect(q.stats.overflowed).toBe(2);
  });

  it('queues in a shared store, and once released never touches the row the store hands to another queue', () => {
    const store = new RowStore(InputQueue.rowLength(), 2);
    const a = new InputQueue(32, 4, 1, store);
    const b = new InputQueue(32, 4, 1, store);
    a.push(P, inp(1));
    b.push(P, inp(7));
    b.push(P, inp(8));
    expect([a.length, b.length]).toEqual([1, 2]);
    a.release();
    const c = new InputQueue(32, 4, 1, store); // gets a's old row, zeroed
    expect(c.length).toBe(0);
    a.push(P, inp(2));
    a.push(P, inp(3));
    expect(c.length).toBe(0);
    expect(a.take(P).map((i) => i.seq)).toEqual([2, 3]);
    expect(b.take(P).map((i) => i.seq)).toEqual([7, 8]);
    expect(store.rowsInUse).toBe(2);
  });

  it('clamps axes, wraps headings, makes NaN neutral and keeps buttons', () => {
    const taken: { mx: number; my: number; aim: number; fire: boolean }[] = [];
    const q2 = new InputQueue(32, 1, 8); // one input a tick
    q2.push(P, { seq: 1, mx: 5, my: -7, aim: -Math.PI / 2, fire: true });
    q2.push(P, { seq: 2, mx: Number.NaN, my: Infinity, aim: 7 * Math.PI, fire: false });
    for (const i of q2.take(P)) taken.push({ mx: i.mx as number, my: i.my as number, aim: i.aim as number, fire: i.fire as boolean });
    for (const i of q2.take(P)) taken.push({ mx: i.mx as number, my: i.my as number, aim: i.aim as number, fire: i.fire as boolean });
    expect(taken[0]).toMatchObject({ mx: 1, my: -1, fire: true });
    expect(taken[0]!.aim).toBeCloseTo((3 * Math.PI) / 2);
    expect(taken[1]).toMatchObject({ mx: 0, my: 0, fire: false });
    expect(taken[1]!.aim).toBeCloseTo(Math.PI);
  });
});
