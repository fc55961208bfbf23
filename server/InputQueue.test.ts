import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowStore } from '../shared/sim/rowStore.ts';
import { clampInput, InputQueue } from './InputQueue.ts';

const inp = (seq: number) => clampInput(seq, 0, 0, 0, false);

describe('InputQueue', () => {
  it('drops duplicates and old sequence numbers', () => {
    const q = new InputQueue();
    expect(q.push(inp(1))).toBe(true);
    expect(q.push(inp(1))).toBe(false);
    expect(q.push(inp(3))).toBe(true);
    expect(q.push(inp(2))).toBe(false);
    expect(q.stats.duplicates).toBe(2);
    expect(q.length).toBe(2);
  });

  it('takes one input per tick, more when a backlog builds, never more than the bound', () => {
    const q = new InputQueue(32, 4, 2);
    q.push(inp(1));
    expect(q.take().map((i) => i.seq)).toEqual([1]);
    expect(q.lastAppliedSeq).toBe(1);
    expect(q.take()).toEqual([]);
    expect(q.lastAppliedSeq).toBe(1);
    for (let s = 2; s <= 12; s++) q.push(inp(s));
    expect(q.take()).toHaveLength(4);
    expect(q.lastAppliedSeq).toBe(5);
  });

  it('behaves as a bounded FIFO of its inputs for any sequence of pushes and takes (the ring wraps around)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(0)), { maxLength: 80 }), (capacity, ops) => {
        const q = new InputQueue(capacity, 2, 3); // at most 2 a tick; more than 1 only past a depth of 3
        const model: number[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op > 0) {
            // A burst of op inputs: past the capacity, the oldest go.
            for (let i = 0; i < op; i++) {
              q.pushClamped(++seq, 0.5, -0.5, seq % 7, false);
              model.push(seq);
              if (model.length > capacity) model.shift();
            }
          } else {
            const taken = q.take().map((x) => x.seq);
            const n = model.length === 0 ? 0 : model.length > 3 ? Math.min(2, model.length - 3 + 1) : 1;
            expect(taken).toEqual(model.splice(0, n));
          }
          expect(q.length).toBe(model.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is bounded: the oldest input goes when full', () => {
    const q = new InputQueue(4);
    for (let s = 1; s <= 6; s++) q.push(inp(s));
    expect(q.length).toBe(4);
    expect(q.stats.overflowed).toBe(2);
  });

  it('queues in a shared store, and once released never touches the row the store hands to another queue', () => {
    const store = new RowStore(InputQueue.rowLength(), 2);
    const a = new InputQueue(32, 4, 1, store);
    const b = new InputQueue(32, 4, 1, store);
    a.push(inp(1));
    b.push(inp(7));
    b.push(inp(8));
    expect([a.length, b.length]).toEqual([1, 2]);
    a.release();
    const c = new InputQueue(32, 4, 1, store); // gets a's old row, zeroed
    expect(c.length).toBe(0);
    a.push(inp(2));
    a.push(inp(3));
    expect(c.length).toBe(0);
    expect(a.take().map((i) => i.seq)).toEqual([2, 3]);
    expect(b.take().map((i) => i.seq)).toEqual([7, 8]);
    expect(store.rowsInUse).toBe(2);
  });

  it('clamps move vectors and wraps aim', () => {
    const i = clampInput(1, 5, -7, -Math.PI / 2, true);
    expect(i.mx).toBe(1);
    expect(i.my).toBe(-1);
    expect(i.aim).toBeCloseTo((3 * Math.PI) / 2);
  });
});
