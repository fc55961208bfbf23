import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { circleOverlapsRect, pushOutOfRect } from './collide.ts';
import { generateMap } from './map.ts';
import { ObstacleIndex } from './obstacleIndex.ts';
import { RULES } from './world.ts';

describe('ObstacleIndex clearance grids', () => {
  it('a point marked clear is one where no obstacle touches the circle (skipping the tests changes nothing)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.constantFrom(RULES.playerRadius, RULES.projectileRadius, 7),
        // Points near the obstacles, where a wrong grid would show: [which obstacle, where around it].
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 300, maxLength: 300 }),
        (seed, r, picks) => {
          const map = generateMap(seed, { width: 2400, height: 2400, obstacleDensity: 12 });
          const clear = new ObstacleIndex(map).clearFor(r);
          const pad = r + 40;
          let checked = 0;
          for (const [k, fx, fy] of picks) {
            const near = map.obstacles[k % map.obstacles.length]!;
            const x = near.x - pad + fx * (near.w + 2 * pad);
            const y = near.y - pad + fy * (near.h + 2 * pad);
            if (!clear.at(x, y)) continue;
            checked++;
            const touched = map.obstacles.find((o) => circleOverlapsRect(x, y, r, o) || pushOutOfRect(x, y, r, o) !== null);
            expect(touched, `(${x}, ${y}) r ${r} is marked clear`).toBeUndefined();
          }
          expect(checked).toBeGreaterThan(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('marks exactly the cells that no obstacle comes within reach of (one bit per cell, every cell checked)', () => {
    const CELL = 32;
    for (const seed of [1, 2, 3]) {
      const map = generateMap(seed, { width: 2400, height: 1800, obstacleDensity: 12 });
      for (const r of [RULES.playerRadius, RULES.projectileRadius]) {
        const clear = new ObstacleIndex(map).clearFor(r);
        const reach = r + 1;
        let clearCells = 0;
        for (let row = 0; row < 1800 / CELL; row++) {
          for (let col = 0; col < 2400 / CELL; col++) {
            const x = col * CELL;
            const y = row * CELL;
            const near = map.obstacles.some((o) => {
              const dx = Math.max(0, o.x - (x + CELL), x - (o.x + o.w));
              const dy = Math.max(0, o.y - (y + CELL), y - (o.y + o.h));
              return dx * dx + dy * dy < reach * reach;
            });
            expect(clear.at(x + CELL / 2, y + CELL / 2), `cell ${col},${row} r ${r}`).toBe(!near);
            if (!near) clearCells++;
          }
        }
        expect(clearCells).toBeGreaterThan(0);
      }
    }
  });

  it('marks points right beside an obstacle as not clear, open ground as clear, and outside the map as not known', () => {
    const map = { width: 640, height: 640, obstacles: [{ x: 300, y: 300, w: 40, h: 40 }] };
    const clear = new ObstacleIndex(map).clearFor(RULES.playerRadius);
    expect(clear.at(320, 320)).toBe(false); // inside
    expect(clear.at(300 - RULES.playerRadius + 1, 320)).toBe(false); // overlapping from the left
    expect(clear.at(100, 100)).toBe(true);
    expect(clear.at(600, 50)).toBe(true);
    expect(clear.at(-1, 100)).toBe(false);
    expect(clear.at(100, 640)).toBe(false);
    expect(clear.at(Number.NaN, 100)).toBe(false);
    // Most of an ordinary arena is open ground: that is what makes the grid worth having.
    const arena = generateMap(3, { width: 2400, height: 2400 });
    const grid = new ObstacleIndex(arena).clearFor(RULES.playerRadius);
    let open = 0;
    for (let x = 8; x < 2400; x += 16) for (let y = 8; y < 2400; y += 16) if (grid.at(x, y)) open++;
    expect(open / (150 * 150)).toBeGreaterThan(0.5);
  });
});
