import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PlayerGrid } from './playerGrid.ts';
import type { Player } from './world.ts';

const W = 2400;
const H = 1800;
const CELL = 128;
const clampCell = (v: number, cells: number): number => Math.min(cells - 1, Math.max(0, Math.floor(v / CELL)));

function player(id: number, x: number, y: number, alive: boolean): Player {
  return { id, born: 0, name: '', x, y, aim: 0, hp: 100, alive, kills: 0, deaths: 0, lastInput: 0, lastInputTick: 0, respawnInSec: 0, fireCooldownSec: 0 };
}

/** The players a query must give, in its order: cells column by column, each in the order given. */
function reference(players: Player[], minX: number, minY: number, maxX: number, maxY: number): number[] {
  const cols = Math.ceil(W / CELL);
  const rows = Math.ceil(H / CELL);
  const out: number[] = [];
  for (let c = clampCell(minX, cols); c <= clampCell(maxX, cols); c++) {
    for (let r = clampCell(minY, rows); r <= clampCell(maxY, rows); r++) {
      for (const p of players) if (p.alive && clampCell(p.x, cols) === c && clampCell(p.y, rows) === r) out.push(p.id);
    }
  }
  return out;
}

describe('PlayerGrid', () => {
  const coord = (max: number) => fc.oneof(fc.double({ min: -50, max: max + 50, noNaN: true }), fc.integer({ min: 0, max: Math.ceil(max / CELL) }).map((k) => k * CELL));
  const players = fc.array(fc.tuple(coord(W), coord(H), fc.boolean()), { maxLength: 150 }).map((ps) => ps.map(([x, y, dead], i) => player(i + 1, x, y, !dead || i % 3 !== 0)));
  const box = fc.tuple(coord(W), coord(H), fc.double({ min: 0, max: 900, noNaN: true }), fc.double({ min: 0, max: 900, noNaN: true }));

  it('finds exactly the living players of the cells a box overlaps, in a fixed order, their slots holding id and position', () => {
    const grid = new PlayerGrid(W, H);
    fc.assert(
      fc.property(players, players, fc.array(box, { minLength: 1, maxLength: 6 }), (first, second, boxes) => {
        grid.rebuild(first); // a rebuild leaves nothing of the one before
        grid.rebuild(second);
        expect(grid.n).toBe(second.filter((p) => p.alive).length);
        for (const [x, y, w, h] of boxes) {
          const near = grid.query(x, y, x + w, y + h);
          const slots = near.items.slice(0, near.n);
          expect(slots.map((s) => grid.players[s]!.id)).toEqual(reference(second, x, y, x + w, y + h));
          for (const s of slots) {
            const p = grid.players[s]!;
            expect([grid.id[s], grid.x[s], grid.y[s], grid.alive[s]]).toEqual([p.id, p.x, p.y, 1]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
