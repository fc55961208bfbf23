/**
 * A uniform grid of entities by position (wire units), rebuilt each tick from the snapshot, for
 * interest management. Each cell keeps ids and positions side by side, so a view query reads
 * positions without looking entities up. Cells are kept from tick to tick and refilled by index
 * (an array emptied with `length = 0` would drop its storage and allocate it again).
 */
import { ScratchList } from '../../shared/util/scratchList.ts';
import { RELEVANCE } from '../../shared/sync/kindPlan.ts';
import type { Snapshot } from '../../shared/sync/snapshot.ts';

/** One cell: ids[0 .. n - 1] at xs[i], ys[i]. */
export interface GridCell {
  ids: number[];
  xs: number[];
  ys: number[];
  n: number;
}

export class SpatialGrid {
  /** Every cell ever used, by key (bounded by the map's size over the cell size). */
  private readonly cells = new Map<number, GridCell>();
  /** The cells filled this tick (emptied at the next rebuild). */
  private readonly used = new ScratchList<GridCell>();
  /** The entities of kinds that are not placed by position (always or owner relevance), this tick. */
  readonly unplaced = new ScratchList<number>();

  constructor(private readonly cellSize: number) {}

  private static key(cx: number, cy: number): number {
    return (cx + 0x8000) * 0x10000 + (cy + 0x8000);
  }

  /** Bucket every spatial entity of the snapshot by its position fields (wire units); list the others. */
  rebuild(snapshot: Snapshot): void {
    const used = this.used;
    for (let i = 0; i < used.n; i++) used.items[i]!.n = 0;
    used.clear();
    this.unplaced.clear();
    const byId = snapshot.byId;
    for (const id of snapshot.ids) {
      const e = byId[id]!;
      const plan = e.plan;
      if (plan.relevance !== RELEVANCE.spatial) {
        this.unplaced.push(id);
        continue;
      }
      const x = e.rec[plan.px] as number;
      const y = e.rec[plan.py] as number;
      const key = SpatialGrid.key(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize));
      let cell = this.cells.get(key);
      if (!cell) {
        cell = { ids: [], xs: [], ys: [], n: 0 };
        this.cells.set(key, cell);
      }
      if (cell.n === 0) used.push(cell);
      const k = cell.n++;
      cell.ids[k] = id;
      cell.xs[k] = x;
      cell.ys[k] = y;
    }
  }

  /** The non-empty cells overlapping the rectangle, into `out` (their entities are a superset of those inside it). */
  cellsIn(minX: number, minY: number, maxX: number, maxY: number, out: ScratchList<GridCell>): ScratchList<GridCell> {
    out.clear();
    const c0 = Math.floor(minX / this.cellSize);
    const c1 = Math.floor(maxX / this.cellSize);
    const r0 = Math.floor(minY / this.cellSize);
    const r1 = Math.floor(maxY / this.cellSize);
    for (let cx = c0; cx <= c1; cx++) {
      for (let cy = r0; cy <= r1; cy++) {
        const cell = this.cells.get(SpatialGrid.key(cx, cy));
        if (cell && cell.n > 0) out.push(cell);
      }
    }
    return out;
  }
}
