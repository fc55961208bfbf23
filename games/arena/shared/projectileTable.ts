/**
 * A world's live projectiles as rows of typed arrays: the step moves and tests every projectile
 * of every room every tick, and a projectile as an object is a header, a Map entry and a boxed
 * number for each of its six changing doubles, scattered over the heap. Here a projectile is
 * its row in a few arrays, read in order. Rows keep the order projectiles were fired in (the
 * order the rules resolve them in): removal compacts the table in the step's own pass.
 */
import type { Projectile } from './world.ts';

export class ProjectileTable {
  /** Live projectiles: rows 0 .. n - 1. */
  n = 0;
  id: Int32Array = new Int32Array(0);
  owner: Int32Array = new Int32Array(0);
  /** Ticks (whole numbers, kept small-integer so records built from them stay compact). */
  born: Int32Array = new Int32Array(0);
  x: Float64Array = new Float64Array(0);
  y: Float64Array = new Float64Array(0);
  vx: Float64Array = new Float64Array(0);
  vy: Float64Array = new Float64Array(0);
  ttlSec: Float64Array = new Float64Array(0);
  rewindTicks: Float64Array = new Float64Array(0);

  get size(): number {
    return this.n;
  }

  /** Add a projectile as the last row. */
  add(p: Projectile): void {
    if (this.n === this.id.length) this.grow(Math.max(64, this.n * 2));
    const r = this.n++;
    this.id[r] = p.id;
    this.owner[r] = p.owner;
    this.born[r] = p.born;
    this.x[r] = p.x;
    this.y[r] = p.y;
    this.vx[r] = p.vx;
    this.vy[r] = p.vy;
    this.ttlSec[r] = p.ttlSec;
    this.rewindTicks[r] = p.rewindTicks;
  }

  /** Copy row `from` to row `to` (the step's compaction; to < from). */
  move(from: number, to: number): void {
    this.id[to] = this.id[from]!;
    this.owner[to] = this.owner[from]!;
    this.born[to] = this.born[from]!;
    this.x[to] = this.x[from]!;
    this.y[to] = this.y[from]!;
    this.vx[to] = this.vx[from]!;
    this.vy[to] = this.vy[from]!;
    this.ttlSec[to] = this.ttlSec[from]!;
    this.rewindTicks[to] = this.rewindTicks[from]!;
  }

  clear(): void {
    this.n = 0;
  }

  /** Row r as an object (for tests and tools; the hot paths read the arrays). */
  at(r: number): Projectile {
    return {
      id: this.id[r]!,
      born: this.born[r]!,
      owner: this.owner[r]!,
      x: this.x[r]!,
      y: this.y[r]!,
      vx: this.vx[r]!,
      vy: this.vy[r]!,
      ttlSec: this.ttlSec[r]!,
      rewindTicks: this.rewindTicks[r]!,
    };
  }

  /** Every live projectile as an object, in order. */
  *values(): IterableIterator<Projectile> {
    for (let r = 0; r < this.n; r++) yield this.at(r);
  }

  private grow(capacity: number): void {
    const int = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, this.n));
      return b;
    };
    const dbl = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.id = int(this.id);
    this.owner = int(this.owner);
    this.born = int(this.born);
    this.x = dbl(this.x);
    this.y = dbl(this.y);
    this.vx = dbl(this.vx);
    this.vy = dbl(this.vy);
    this.ttlSec = dbl(this.ttlSec);
    this.rewindTicks = dbl(this.rewindTicks);
  }
}
