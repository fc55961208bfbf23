/**
 * Living players bucketed by position, rebuilt once per tick, so each projectile tests only the
 * players near its path (rooms of hundreds of players with thousands of projectiles).
 */
import { CellGrid } from './cellGrid.ts';
import type { Player } from './world.ts';

const CELL = 128;

/**
 * A flat grid over the map (players outside it, which the simulation never lets happen, go to
 * the nearest edge cell); a list of the cells in use makes the rebuild clear only those.
 */
export class PlayerGrid {
  private readonly grid: CellGrid<Player>;
  private readonly used: Player[][] = [];
  private readonly result: Player[] = [];

  constructor(width: number, height: number) {
    this.grid = new CellGrid<Player>(width, height, CELL);
  }

  rebuild(players: Iterable<Player>): void {
    for (const list of this.used) list.length = 0;
    this.used.length = 0;
    const g = this.grid;
    for (const p of players) {
      if (!p.alive) continue;
      const list = g.at(g.col(p.x), g.row(p.y));
      if (list.length === 0) this.used.push(list);
      list.push(p);
    }
  }

  /** Players in the cells overlapping the box, in a deterministic order; reused by the next query. */
  query(minX: number, minY: number, maxX: number, maxY: number): readonly Player[] {
    const out = this.result;
    out.length = 0;
    const g = this.grid;
    const c1 = g.col(maxX);
    const r0 = g.row(minY);
    const r1 = g.row(maxY);
    for (let c = g.col(minX); c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        for (const p of g.at(c, r)) out.push(p);
      }
    }
    return out;
  }
}
