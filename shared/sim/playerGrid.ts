/**
 * Living players bucketed by position, rebuilt once per tick, so each projectile tests only the
 * players near its path (rooms of hundreds of players with thousands of projectiles).
 */
import { CellGrid } from './cellGrid.ts';
import { ScratchList } from './scratchList.ts';
import type { Player } from './world.ts';

const CELL = 128;

/**
 * A flat grid over the map (players outside it, which the simulation never lets happen, go to
 * the nearest edge cell); a list of the cells in use makes the rebuild clear only those. Cells
 * and results are ScratchLists: a rebuild or a query allocates nothing.
 */
export class PlayerGrid {
  private readonly grid: CellGrid<ScratchList<Player>>;
  private readonly used = new ScratchList<ScratchList<Player>>();
  private readonly result = new ScratchList<Player>();

  constructor(width: number, height: number) {
    this.grid = new CellGrid(width, height, CELL, () => new ScratchList<Player>());
  }

  rebuild(players: Iterable<Player>): void {
    const used = this.used;
    for (let i = 0; i < used.n; i++) used.items[i]!.clear();
    used.clear();
    const g = this.grid;
    for (const p of players) {
      if (!p.alive) continue;
      const list = g.at(g.col(p.x), g.row(p.y));
      if (list.n === 0) used.push(list);
      list.push(p);
    }
  }

  /** Players in the cells overlapping the box (items[0 .. n - 1]), in a deterministic order; reused by the next query. */
  query(minX: number, minY: number, maxX: number, maxY: number): ScratchList<Player> {
    const out = this.result;
    out.clear();
    const g = this.grid;
    const c1 = g.col(maxX);
    const r0 = g.row(minY);
    const r1 = g.row(maxY);
    for (let c = g.col(minX); c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        const cell = g.at(c, r);
        for (let i = 0; i < cell.n; i++) out.push(cell.items[i]!);
      }
    }
    return out;
  }
}
