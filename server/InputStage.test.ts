import { describe, expect, it } from 'vitest';
import { InputStage } from './InputStage.ts';

const bytesOf = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('InputStage', () => {
  it('hands back copies of the staged messages in arrival order, with their senders and times, then is empty', () => {
    const stage = new InputStage<string>(8, 4);
    const m = bytesOf(1, 2, 3);
    expect(stage.push('a', m, 10)).toBe(true);
    m[0] = 99; // the caller's buffer is reused: the stage kept a copy
    expect(stage.push('b', bytesOf(4), 11)).toBe(true);
    expect(stage.push('a', bytesOf(5, 6, 7, 8), 12)).toBe(true);
    expect(stage.size).toBe(3);
    const got: [string, number[], number][] = [];
    stage.drain(
      (from) => from.toUpperCase(),
      (sender, bytes, start, end, at) => got.push([sender, [...bytes.subarray(start, end)], at]),
    );
    expect(got).toEqual([
      ['A', [1, 2, 3], 10],
      ['B', [4], 11],
      ['A', [5, 6, 7, 8], 12],
    ]);
    expect(stage.size).toBe(0);
    stage.drain((f) => f, () => expect.unreachable());
  });

  it('refuses a message larger than its limit, and any message when full, until drained', () => {
    const stage = new InputStage<number>(2, 3);
    expect(stage.push(1, bytesOf(1, 2, 3, 4), 0)).toBe(false);
    expect(stage.push(1, bytesOf(1), 0)).toBe(true);
    expect(stage.push(2, bytesOf(2, 2, 2), 0)).toBe(true);
    expect(stage.push(3, bytesOf(3), 0)).toBe(false);
    let handled = 0;
    stage.drain((f) => f, () => handled++);
    expect(handled).toBe(2);
    expect(stage.push(3, bytesOf(3, 3, 3), 0)).toBe(true);
  });

  it('a drain asked for from a handler does nothing; what a handler stages is handled in the same drain, in order', () => {
    const stage = new InputStage<string>(4, 2);
    stage.push('x', bytesOf(1), 0);
    stage.push('y', bytesOf(2), 0);
    const order: string[] = [];
    const resolve = (f: string): string => f;
    const handle = (s: string): void => {
      order.push(s);
      stage.drain(resolve, handle); // re-entrant: no effect
      if (s === 'x') stage.push('z', bytesOf(3), 1);
    };
    stage.drain(resolve, handle);
    expect(order).toEqual(['x', 'y', 'z']);
    expect(stage.size).toBe(0);
  });

  it('keeps no reference to a sender once drained', () => {
    const stage = new InputStage<object, object>(2, 1);
    stage.push({}, bytesOf(1), 0);
    stage.drain((f) => f, () => {});
    const held = (stage as unknown as { from: unknown[]; senders: unknown[] });
    expect(held.from.every((f) => f === undefined)).toBe(true);
    expect(held.senders.every((f) => f === undefined)).toBe(true);
  });
});
