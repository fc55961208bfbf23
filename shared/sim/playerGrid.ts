/**
 * Living players bucketed by position, rebuilt once per tick, so each projectile tests only the
 * players near its path (rooms of hundreds of players with thousands of projectiles).
 */
import type { Player } from './world.ts';

const CELL = 128;

/**
 * A flat array of cells over the map (players outside it, which the simulation never lets
 * happen, go to the nearest edge cell); a list of the cells in use makes the rebuild clear only
 * those.
 */
export class PlayerGrid {
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Player[][];
  private readonly used: number[] = [];
  private readonly result: Player[] = [];

  constructor(width: number, height: number) {
    this.cols = Math.max(1, Math.ceil(width / CELL));
    this.rows = Math.max(1, Math.ceil(height / CELL));
    this.cells = Array.from({ length: this.cols * this.rows }, () => []);
  }

  rebuild(players: Iterable<Player>): void {
    for (const i of this.used) this.cells[i]!.length = 0;
    this.used.length = 0;
    for (const p of players) {
      if (!p.alive) continue;
      const i = this.row(p.y) * this.cols + this.col(p.x);
      const list = this.cells[i]!;
      if (list.length === 0) this.used.push(i);
      list.push(p);
    }
  }

  /** Players in the cells overlapping the box, in a deterministic order; reused by the next query. */
  query(minX: number, minY: number, maxX: number, maxY: number): readonly Player[] {
    const out = this.result;
    out.length = 0;
    const c0 = this.col(minX);
    const c1 = this.col(maxX);
    const r0 = this.row(minY);
    const r1 = this.row(maxY);
    for (let c = c0; c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        for (const p of this.cells[r * this.cols + c]!) out.push(p);
      }
    }
    return out;
  }

  private col(x: number): number {
    const c = Math.floor(x / CELL);
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  private row(y: number): number {
    const r = Math.floor(y / CELL);
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }
}
