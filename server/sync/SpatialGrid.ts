/**
 * A uniform grid of entity ids by position (wire units), rebuilt each tick from the snapshot,
 * for interest management: which entities lie in a client's view rectangle.
 */
import type { Snapshot } from '../../shared/sync/snapshot.ts';

export class SpatialGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly pool: number[][] = [];

  constructor(private readonly cellSize: number) {}

  private static key(cx: number, cy: number): number {
    return (cx + 0x8000) * 0x10000 + (cy + 0x8000);
  }

  /** Bucket every entity of the snapshot by its x, y (record fields 0 and 1). */
  rebuild(snapshot: Snapshot): void {
    for (const list of this.cells.values()) {
      list.length = 0;
      this.pool.push(list);
    }
    this.cells.clear();
    for (const [id, e] of snapshot.entities) {
      const key = SpatialGrid.key(Math.floor((e.rec[0] as number) / this.cellSize), Math.floor((e.rec[1] as number) / this.cellSize));
      let list = this.cells.get(key);
      if (!list) {
        list = this.pool.pop() ?? [];
        this.cells.set(key, list);
      }
      list.push(id);
    }
  }

  /** The ids in the cells overlapping the rectangle (a superset of those inside it), into `out`. */
  query(minX: number, minY: number, maxX: number, maxY: number, out: number[]): void {
    out.length = 0;
    const c0 = Math.floor(minX / this.cellSize);
    const c1 = Math.floor(maxX / this.cellSize);
    const r0 = Math.floor(minY / this.cellSize);
    const r1 = Math.floor(maxY / this.cellSize);
    for (let cx = c0; cx <= c1; cx++) {
      for (let cy = r0; cy <= r1; cy++) {
        const list = this.cells.get(SpatialGrid.key(cx, cy));
        if (list) for (const id of list) out.push(id);
      }
    }
  }
}
