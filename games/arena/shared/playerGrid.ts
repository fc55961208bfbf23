/**
 * Living players bucketed by position, rebuilt once per tick, so each projectile tests only the
 * players near its path (rooms of hundreds of players with thousands of projectiles).
 */
import { CellGrid } from '../../../shared/util/cellGrid.ts';
import { ScratchList } from '../../../shared/util/scratchList.ts';
import type { Player } from './world.ts';

const CELL = 128;

/**
 * A flat grid over the map (players outside it, which the simulation never lets happen, go to
 * the nearest edge cell). Each living player gets a slot, and a slot holds what a projectile's
 * test reads (id, position, alive) in typed arrays: the tests read those, not the Player objects,
 * which on a busy server are likely cache misses; the Player is fetched for a hit only. A cell
 * is a chain of slots in the order the players were given. A rebuild or a query allocates
 * nothing once the arrays have grown to the room's size.
 */
export class PlayerGrid {
  /** Per cell, its first slot (-1: empty); the cells of the geometry. */
  private readonly grid: CellGrid<number>;
  /** Per cell, its last slot (valid where the cell is not empty). */
  private readonly tail: Int32Array;
  /** The cells not empty since the last rebuild (only those are cleared). */
  private readonly used = new ScratchList<number>();
  private readonly result = new ScratchList<number>();
  /** Per slot: the next slot of its cell (-1: the last). */
  private next = new Int32Array(64);
  /** Per slot, the player's id, position and liveness at the rebuild (alive turns 0 at kill). */
  id = new Int32Array(64);
  x = new Float64Array(64);
  y = new Float64Array(64);
  alive = new Uint8Array(64);
  /** Per slot, the player. */
  readonly players: Player[] = [];
  /** Slots in use: 0 .. n - 1. */
  n = 0;

  constructor(width: number, height: number) {
    this.grid = new CellGrid(width, height, CELL, () => -1);
    this.tail = new Int32Array(this.grid.cells.length);
  }

  rebuild(players: Iterable<Player>): void {
    const head = this.grid.cells;
    const used = this.used;
    for (let i = 0; i < used.n; i++) head[used.items[i]!] = -1;
    used.clear();
    const g = this.grid;
    let n = 0;
    for (const p of players) {
      if (!p.alive) continue;
      if (n === this.id.length) this.grow();
      const cell = g.row(p.y) * g.cols + g.col(p.x);
      this.id[n] = p.id;
      this.x[n] = p.x;
      this.y[n] = p.y;
      this.alive[n] = 1;
      this.players[n] = p;
      this.next[n] = -1;
      if (head[cell] === -1) {
        head[cell] = n;
        used.push(cell);
      } else this.next[this.tail[cell]!] = n;
      this.tail[cell] = n;
      n++;
    }
    this.n = n;
  }

  /**
   * The slots of the players in the cells overlapping the box (items[0 .. n - 1]), in a
   * deterministic order (cells column by column, each in the order given to rebuild); reused by
   * the next query.
   */
  query(minX: number, minY: number, maxX: number, maxY: number): ScratchList<number> {
    const out = this.result;
    out.clear();
    const g = this.grid;
    const head = g.cells;
    const next = this.next;
    const c1 = g.col(maxX);
    const r0 = g.row(minY);
    const r1 = g.row(maxY);
    for (let c = g.col(minX); c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        for (let s = head[r * g.cols + c]!; s !== -1; s = next[s]!) out.push(s);
      }
    }
    return out;
  }

  private grow(): void {
    const size = this.id.length * 2;
    const grown = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.next = grown(this.next, (k) => new Int32Array(k));
    this.id = grown(this.id, (k) => new Int32Array(k));
    this.x = grown(this.x, (k) => new Float64Array(k));
    this.y = grown(this.y, (k) => new Float64Array(k));
    this.alive = grown(this.alive, (k) => new Uint8Array(k));
  }
}
