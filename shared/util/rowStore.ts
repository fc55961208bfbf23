/**
 * Fixed-size rows of doubles for many owners, in one Float64Array.
 *
 * Why not a Float64Array per owner: a process whose ArrayBuffers are ever detached (uWS detaches
 * every message's buffer once its handler returns) must check the buffer of every typed array
 * it reads, so reading an owner's own array touches three objects: the array, its ArrayBuffer
 * and the data (measured with `perf annotate` on the live server, each a likely cache miss when
 * an owner is touched once per message or per tick). In one store, the array and its buffer are
 * shared and stay cached; an owner's read touches its row only.
 *
 * A row is known by its base offset into `f64`. Rows are zeroed when handed out and reused after
 * release. The store grows by doubling: read `f64` again after any alloc (never keep it across
 * one).
 */
export class RowStore {
  f64: Float64Array;
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    /** Doubles per row. */
    readonly stride: number,
    rows = 16,
  ) {
    if (!Number.isInteger(stride) || stride <= 0) throw new Error(`RowStore: bad stride ${stride}`);
    this.f64 = new Float64Array(stride * Math.max(1, rows));
  }

  /** A zeroed row's base offset. */
  alloc(): number {
    let base = this.free.pop();
    if (base === undefined) {
      base = this.used * this.stride;
      this.used++;
      if (base + this.stride > this.f64.length) {
        const grown = new Float64Array(this.f64.length * 2);
        grown.set(this.f64);
        this.f64 = grown;
      }
    } else this.f64.fill(0, base, base + this.stride);
    return base;
  }

  /** Give a row back (its owner must not use it again). */
  release(base: number): void {
    this.free.push(base);
  }

  /** Rows handed out and not released. */
  get rowsInUse(): number {
    return this.used - this.free.length;
  }
}
