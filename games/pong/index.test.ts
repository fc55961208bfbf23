import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineGame } from '../../shared/game/defineGame.ts';
import pongDefault, { pong } from './index.ts';
import { Ball, Match, Paddle } from './shared/kinds.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('pong definition', () => {
  it('is accepted by defineGame, default-exported and named', () => {
    expect(pongDefault).toBe(pong);
    expect(defineGame({ ...pong })).toBeTruthy();
    expect(pong.name).toBe('pong');
    expect([Paddle.code, Ball.code, Match.code]).toEqual([1, 2, 3]);
    expect(pong.seat).toBe(Paddle);
    expect(Match.position).toBeNull();
    expect(Match.relevance).toBe('always');
    expect(pong.rooms['pong']!.capacity).toBe(4);
    expect(pong.rooms['pong-duel']!.capacity).toBe(2);
    expect(Object.keys(pong.bots)[0]).toBe('tracker');
  });

  it('every room variant creates a world; bad parameters are refused by name', () => {
    for (const shape of Object.values(pong.rooms)) expect(pong.create(shape.params, 1).tick).toBe(0);
    expect(() => pong.create({ courtSize: 50, pointsToWin: 5 }, 1)).toThrow(/courtSize/);
    expect(() => pong.create({ courtSize: 600, pointsToWin: 0 }, 1)).toThrow(/pointsToWin/);
  });

  it('the shared part reads no clock, no Math.random, no I/O, and imports only the engine API and itself', () => {
    const files = [
      join(here, 'index.ts'),
      ...readdirSync(join(here, 'shared'))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => join(here, 'shared', f)),
    ];
    for (const f of files) {
      const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(src, f).not.toMatch(/\bDate\b|Math\.random|\bperformance\b|setTimeout|setInterval|process\.|require\(/);
      for (const [, spec] of src.matchAll(/from '([^']+)'/g)) {
        expect(spec, `${f} imports ${spec}`).toMatch(/^\.\.?\/(?!\.\.\/)|^\.\.\/\.\.\/(\.\.\/)?shared\/(schema|game\/|util\/)/);
      }
    }
  });
});
