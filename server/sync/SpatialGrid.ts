/**
 * A uniform grid of entities by position (wire units), rebuilt each tick from the snapshot, for
 * interest management. Each cell keeps ids and positions side by side, so a view query reads
 * positions without looking entities up.
 */
import type { Snapshot } from '../../shared/sync/snapshot.ts';

export interface GridCell {
  ids: number[];
  xs: number[];
  ys: number[];
}

export class SpatialGrid {
  private readonly cells = new Map<number, GridCell>();
  private readonly pool: GridCell[] = [];

  constructor(private readonly cellSize: number) {}

  private static key(cx: number, cy: number): number {
    return (cx + 0x8000) * 0x10000 + (cy + 0x8000);
  }

  /** Bucket every entity of the snapshot by its x, y (record fields 0 and 1). */
  rebuild(snapshot: Snapshot): void {
    for (const cell of this.cells.values()) {
      cell.ids.length = cell.xs.length = cell.ys.length = 0;
      this.pool.push(cell);
    }
    this.cells.clear();
    const byId = snapshot.byId;
    for (const id of snapshot.ids) {
      const e = byId[id]!;
      const x = e.rec[0] as number;
      const y = e.rec[1] as number;
      const key = SpatialGrid.key(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize));
      let cell = this.cells.get(key);
      if (!cell) {
        cell = this.pool.pop() ?? { ids: [], xs: [], ys: [] };
        this.cells.set(key, cell);
      }
      cell.ids.push(id);
      cell.xs.push(x);
      cell.ys.push(y);
    }
  }

  /** The cells overlapping the rectangle, into `out` (their entities are a superset of those inside it). */
  cellsIn(minX: number, minY: number, maxX: number, maxY: number, out: GridCell[]): GridCell[] {
    out.length = 0;
    const c0 = Math.floor(minX / this.cellSize);
    const c1 = Math.floor(maxX / this.cellSize);
    const r0 = Math.floor(minY / this.cellSize);
    const r1 = Math.floor(maxY / this.cellSize);
    for (let cx = c0; cx <= c1; cx++) {
      for (let cy = r0; cy <= r1; cy++) {
        const cell = this.cells.get(SpatialGrid.key(cx, cy));
        if (cell) out.push(cell);
      }
    }
    return out;
  }
}
