/**
 * Living players bucketed by position, rebuilt once per tick, so each projectile tests only the
 * players near its path (rooms of hundreds of players with thousands of projectiles).
 */
import type { Player } from './world.ts';

const CELL = 128;

export class PlayerGrid {
  private readonly cells = new Map<number, Player[]>();
  private readonly pool: Player[][] = [];
  private readonly result: Player[] = [];

  rebuild(players: Iterable<Player>): void {
    for (const list of this.cells.values()) {
      list.length = 0;
      this.pool.push(list);
    }
    this.cells.clear();
    for (const p of players) {
      if (!p.alive) continue;
      const key = cellKey(Math.floor(p.x / CELL), Math.floor(p.y / CELL));
      let list = this.cells.get(key);
      if (!list) {
        list = this.pool.pop() ?? [];
        this.cells.set(key, list);
      }
      list.push(p);
    }
  }

  /** Players in the cells overlapping the box, in a deterministic order; reused by the next query. */
  query(minX: number, minY: number, maxX: number, maxY: number): readonly Player[] {
    const out = this.result;
    out.length = 0;
    const c0 = Math.floor(minX / CELL);
    const c1 = Math.floor(maxX / CELL);
    const r0 = Math.floor(minY / CELL);
    const r1 = Math.floor(maxY / CELL);
    for (let c = c0; c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        const list = this.cells.get(cellKey(c, r));
        if (list) for (const p of list) out.push(p);
      }
    }
    return out;
  }
}

function cellKey(c: number, r: number): number {
  return (c + 1024) * 4096 + (r + 1024);
}
