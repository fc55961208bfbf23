import { describe, expect, it } from 'vitest';
import { RowStore } from './rowStore.ts';

describe('RowStore', () => {
  it('hands out zeroed rows, keeps their data when it grows, and reuses released rows zeroed', () => {
    const s = new RowStore(5, 1);
    const rows = Array.from({ length: 9 }, () => s.alloc());
    expect(new Set(rows).size).toBe(9);
    rows.forEach((b, i) => s.f64.fill(i + 1, b, b + 5));
    const more = s.alloc(); // grows again
    expect(s.f64.length).toBeGreaterThanOrEqual(50);
    rows.forEach((b, i) => expect([...s.f64.subarray(b, b + 5)]).toEqual([i + 1, i + 1, i + 1, i + 1, i + 1]));
    expect([...s.f64.subarray(more, more + 5)]).toEqual([0, 0, 0, 0, 0]);
    s.release(rows[3]!);
    expect(s.rowsInUse).toBe(9);
    const again = s.alloc();
    expect(again).toBe(rows[3]);
    expect([...s.f64.subarray(again, again + 5)]).toEqual([0, 0, 0, 0, 0]);
    expect(s.rowsInUse).toBe(10);
  });
});
