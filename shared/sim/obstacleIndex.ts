/** A uniform grid over the map's obstacles, so collision queries look at nearby rectangles only. */
import { CellGrid } from './cellGrid.ts';
import { ScratchList } from './scratchList.ts';
import type { GameMap, Rect } from './map.ts';

const CELL = 256;

export class ObstacleIndex {
  private readonly grid: CellGrid<Rect[]>;
  private readonly result = new ScratchList<Rect>();

  constructor(map: GameMap) {
    const g = (this.grid = new CellGrid<Rect[]>(map.width, map.height, CELL, () => []));
    for (const o of map.obstacles) {
      for (let r = g.row(o.y); r <= g.row(o.y + o.h); r++) for (let c = g.col(o.x); c <= g.col(o.x + o.w); c++) g.at(c, r).push(o);
    }
  }

  /**
   * Obstacles whose cells overlap the box (items[0 .. n - 1]); an obstacle may appear more than
   * once. The list is reused by the next query (no allocation, no callbacks: this runs for every
   * player and projectile every tick).
   */
  query(minX: number, minY: number, maxX: number, maxY: number): ScratchList<Rect> {
    const out = this.result;
    out.clear();
    const g = this.grid;
    const c0 = g.col(minX);
    const c1 = g.col(maxX);
    const r1 = g.row(maxY);
    for (let r = g.row(minY); r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        for (const o of g.at(c, r)) out.push(o);
      }
    }
    return out;
  }
}
