/** A uniform grid over the map's obstacles, so collision queries look at nearby rectangles only. */
import { CellGrid } from '../../../shared/util/cellGrid.ts';
import { ScratchList } from '../../../shared/util/scratchList.ts';
import type { GameMap, Rect } from './map.ts';

const CELL = 256;
/** Cell size of the clearance grids (see ClearGrid). */
const CLEAR_CELL = 32;

export class ObstacleIndex {
  private readonly grid: CellGrid<Rect[]>;
  private readonly result = new ScratchList<Rect>();
  private readonly clearGrids: ClearGrid[] = [];

  constructor(private readonly map: GameMap) {
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

  /**
   * Where a circle of radius r cannot touch any obstacle (made on first use, one per radius:
   * the rules use two). Collision tests there can be skipped: their answer is known.
   */
  clearFor(r: number): ClearGrid {
    for (const g of this.clearGrids) if (g.radius === r) return g;
    const g = new ClearGrid(this.map, r);
    this.clearGrids.push(g);
    return g;
  }
}

/**
 * The map in cells of CLEAR_CELL units, each marked clear when every point of it is at least
 * radius + 1 from every obstacle: a circle of that radius centred anywhere in a clear cell
 * overlaps no obstacle, so circleOverlapsRect is false and pushOutOfRect is null for it. (The
 * extra unit keeps floating-point rounding out of it: skipping a test never changes a result.)
 * Most of an arena is open ground, so most players and projectiles skip their obstacle tests.
 * One bit per cell (a 2400 × 2400 map: 704 bytes, where a byte per cell took 5.6 KiB): every
 * player and projectile looks its cell up every tick, at scattered places, and in a grid this
 * small those lookups stay in the cache.
 */
export class ClearGrid {
  private readonly cols: number;
  private readonly rows: number;
  /** Bit (i & 31) of word i >>> 5 is cell i's: 1, clear. */
  private readonly bits: Int32Array;

  constructor(
    map: GameMap,
    readonly radius: number,
  ) {
    const cols = (this.cols = Math.max(1, Math.ceil(map.width / CLEAR_CELL)));
    const rows = (this.rows = Math.max(1, Math.ceil(map.height / CLEAR_CELL)));
    const cells = new Uint8Array(cols * rows).fill(1);
    const reach = radius + 1;
    for (const o of map.obstacles) {
      const c0 = Math.max(0, Math.floor((o.x - reach) / CLEAR_CELL));
      const c1 = Math.min(cols - 1, Math.floor((o.x + o.w + reach) / CLEAR_CELL));
      const r0 = Math.max(0, Math.floor((o.y - reach) / CLEAR_CELL));
      const r1 = Math.min(rows - 1, Math.floor((o.y + o.h + reach) / CLEAR_CELL));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          // Distance between the cell's square and the obstacle's rectangle.
          const x = c * CLEAR_CELL;
          const y = r * CLEAR_CELL;
          const dx = Math.max(0, o.x - (x + CLEAR_CELL), x - (o.x + o.w));
          const dy = Math.max(0, o.y - (y + CLEAR_CELL), y - (o.y + o.h));
          if (dx * dx + dy * dy < reach * reach) cells[r * cols + c] = 0;
        }
      }
    }
    const bits = (this.bits = new Int32Array(Math.ceil((cols * rows) / 32)));
    for (let i = 0; i < cells.length; i++) if (cells[i] === 1) bits[i >>> 5]! |= 1 << (i & 31);
  }

  /** True when a circle of this grid's radius centred at (x, y) overlaps no obstacle (false: test it). */
  at(x: number, y: number): boolean {
    const c = Math.floor(x / CLEAR_CELL);
    const r = Math.floor(y / CLEAR_CELL);
    // Outside the map (or NaN): not known clear.
    if (!(c >= 0 && c < this.cols && r >= 0 && r < this.rows)) return false;
    const i = r * this.cols + c;
    return ((this.bits[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }
}
