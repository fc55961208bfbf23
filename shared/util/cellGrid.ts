/**
 * A uniform grid of cells (lists) over a map, as a flat array. A point outside the map falls in
 * the nearest edge cell, so any box maps to a range of cells. The obstacle index and the player
 * grid are built on it.
 */
export class CellGrid<C> {
  readonly cols: number;
  readonly rows: number;
  readonly cells: C[];

  constructor(
    width: number,
    height: number,
    private readonly cellSize: number,
    makeCell: () => C,
  ) {
    this.cols = Math.max(1, Math.ceil(width / cellSize));
    this.rows = Math.max(1, Math.ceil(height / cellSize));
    this.cells = Array.from({ length: this.cols * this.rows }, makeCell);
  }

  /** The column of x, clamped to the grid. */
  col(x: number): number {
    const c = Math.floor(x / this.cellSize);
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  /** The row of y, clamped to the grid. */
  row(y: number): number {
    const r = Math.floor(y / this.cellSize);
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  /** The cell at column c, row r. */
  at(c: number, r: number): C {
    return this.cells[r * this.cols + c]!;
  }
}
