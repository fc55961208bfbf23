/** A uniform grid over the map's obstacles, so collision queries look at nearby rectangles only. */
import type { GameMap, Rect } from './map.ts';

const CELL = 256;

export class ObstacleIndex {
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Rect[][];
  private readonly result: Rect[] = [];

  constructor(map: GameMap) {
    this.cols = Math.max(1, Math.ceil(map.width / CELL));
    this.rows = Math.max(1, Math.ceil(map.height / CELL));
    this.cells = Array.from({ length: this.cols * this.rows }, () => []);
    for (const o of map.obstacles) {
      this.forCells(o.x, o.y, o.x + o.w, o.y + o.h, (cell) => cell.push(o));
    }
  }

  /**
   * Obstacles whose cells overlap the box; an obstacle may appear more than once. The array is
   * reused by the next query (no allocation, no callbacks: this runs for every player and
   * projectile every tick).
   */
  query(minX: number, minY: number, maxX: number, maxY: number): readonly Rect[] {
    const out = this.result;
    out.length = 0;
    const c0 = clamp(Math.floor(minX / CELL), 0, this.cols - 1);
    const c1 = clamp(Math.floor(maxX / CELL), 0, this.cols - 1);
    const r0 = clamp(Math.floor(minY / CELL), 0, this.rows - 1);
    const r1 = clamp(Math.floor(maxY / CELL), 0, this.rows - 1);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        for (const o of this.cells[r * this.cols + c]!) out.push(o);
      }
    }
    return out;
  }

  private forCells(minX: number, minY: number, maxX: number, maxY: number, fn: (cell: Rect[]) => void): void {
    const c0 = clamp(Math.floor(minX / CELL), 0, this.cols - 1);
    const c1 = clamp(Math.floor(maxX / CELL), 0, this.cols - 1);
    const r0 = clamp(Math.floor(minY / CELL), 0, this.rows - 1);
    const r1 = clamp(Math.floor(maxY / CELL), 0, this.rows - 1);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) fn(this.cells[r * this.cols + c]!);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
