import { describe, expect, it } from 'vitest';
import { sortScores } from './Hud.ts';

describe('sortScores', () => {
  it('puts most kills first, then fewest deaths, then name', () => {
    const row = (id: number, name: string, kills: number, deaths: number) => ({ id, name, kills, deaths, alive: true });
    const sorted = sortScores([row(1, 'cat', 1, 0), row(2, 'ant', 3, 5), row(3, 'bee', 3, 1), row(4, 'dog', 1, 0), row(5, 'eel', 0, 0)]);
    expect(sorted.map((r) => r.name)).toEqual(['bee', 'ant', 'cat', 'dog', 'eel']);
  });
});
