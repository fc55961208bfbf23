import { describe, expect, it } from 'vitest';
import { sortScores, visibleScores } from './ArenaHud.ts';

describe('sortScores', () => {
  it('puts most kills first, then fewest deaths, then name', () => {
    const row = (id: number, name: string, kills: number, deaths: number) => ({ id, name, kills, deaths, alive: true });
    const sorted = sortScores([row(1, 'cat', 1, 0), row(2, 'ant', 3, 5), row(3, 'bee', 3, 1), row(4, 'dog', 1, 0), row(5, 'eel', 0, 0)]);
    expect(sorted.map((r) => r.name)).toEqual(['bee', 'ant', 'cat', 'dog', 'eel']);
  });
});

describe('visibleScores', () => {
  const rows = Array.from({ length: 16 }, (_, i) => ({ id: i + 1, name: `p${i + 1}`, kills: 16 - i, deaths: 0, alive: true }));
  it('shows the top five and the own row with its rank, or everyone while expanded', () => {
    expect(visibleScores(rows, 12, false).map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 12]);
    expect(visibleScores(rows, 3, false).map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(visibleScores(rows, 12, true)).toHaveLength(16);
    expect(visibleScores(rows.slice(0, 6), 6, false)).toHaveLength(6);
  });
});
