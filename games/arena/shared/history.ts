/**
 * Lag compensation's memory: where every player was at each of the last ticks (a bounded ring,
 * about a second), so a shot can be tested against the targets as the shooter saw them. The
 * step records each tick's positions after moving the players; `positionAt` answers for a
 * fractional tick by interpolating between the two recorded ticks around it, as a client's
 * interpolation draws them. Plain data and arithmetic: deterministic like the rest of the sim.
 */

/** Ticks of positions kept (a little over 1 s at 30 Hz; rewinds are bounded well below it). */
export const HISTORY_TICKS = 32;

/** A move longer than this between two ticks is a teleport (as in the client's Interpolator). */
const TELEPORT_UNITS = 150;

/**
 * One player's recent positions, interleaved in its row of one array: slot k (tick mod capacity)
 * holds [tick, x, y] at 3k, valid where its tick is that tick. Recording a tick writes one place
 * in memory per player, for every player of every room every tick; and the rows of all players
 * are one array, not one each (a typed array of its own would cost the step two more cache
 * misses per player: the array object and its ArrayBuffer; see RowStore).
 */
const T = 0;
const X = 1;
const Y = 2;
const STRIDE = 3;

/**
 * Kept per player in rows indexed by player id (ids are small: they are reused; no allocation
 * per tick: this runs for every player of every room every tick). Ticks are recorded one after
 * another; recording a tick at or before the newest one forgets the history after it.
 */
export class PositionHistory {
  /** Row of player id at id × rowLength; a slot whose tick is -1 holds nothing. */
  private data = new Float64Array(0);
  /** Ids below this have a row. */
  private rows = 0;
  private readonly rowLength: number;
  private first = Infinity;
  private newest = -Infinity;

  constructor(private readonly capacity: number = HISTORY_TICKS) {
    this.rowLength = capacity * STRIDE;
  }

  /** Oldest tick still known (Infinity when empty). */
  get oldestTick(): number {
    return this.newest === -Infinity ? Infinity : Math.max(this.first, this.newest - this.capacity + 1);
  }

  get newestTick(): number {
    return this.newest;
  }

  /** Record the living players' positions at `tick` (the tick after the last one, or a rewind). */
  record(tick: number, players: Iterable<{ id: number; x: number; y: number; alive: boolean }>): void {
    if (tick <= this.newest) this.forgetFrom(tick);
    if (tick < this.first) this.first = tick;
    const at = (tick % this.capacity) * STRIDE;
    const rowLength = this.rowLength;
    for (const p of players) {
      if (!p.alive) continue;
      if (p.id >= this.rows) this.grow(p.id);
      const i = p.id * rowLength + at;
      const d = this.data;
      d[i + T] = tick;
      d[i + X] = p.x;
      d[i + Y] = p.y;
    }
    this.newest = tick;
  }

  /**
   * Where player `id` was at a (fractional) tick: interpolated between the recorded ticks around
   * it; at a recorded tick, exactly the recorded position. Null when the tick is outside the
   * history or the player was not alive (not recorded) at both ends.
   */
  positionAt(id: number, tick: number): { x: number; y: number } | null {
    const out = { x: 0, y: 0 };
    return this.positionInto(id, tick, out) ? out : null;
  }

  /**
   * positionAt without allocating (the step asks for every projectile near a player every
   * tick): writes the position into `out` and returns true, or returns false as positionAt
   * returns null.
   */
  positionInto(id: number, tick: number, out: { x: number; y: number }): boolean {
    if (!(tick >= this.oldestTick && tick <= this.newest)) return false;
    if (!(id >= 0 && id < this.rows)) return false;
    const t = this.data;
    const row = id * this.rowLength;
    const a = Math.floor(tick);
    const sa = row + (a % this.capacity) * STRIDE;
    const hasA = t[sa + T] === a;
    const f = tick - a;
    if (f <= 0) {
      if (!hasA) return false;
      out.x = t[sa + X]!;
      out.y = t[sa + Y]!;
      return true;
    }
    const sb = row + ((a + 1) % this.capacity) * STRIDE;
    if (!hasA || t[sb + T] !== a + 1) return false;
    const ax = t[sa + X]!;
    const ay = t[sa + Y]!;
    const bx = t[sb + X]!;
    const by = t[sb + Y]!;
    // A jump (respawn) is not a path: the shooter's screen shows the old spot until the new one.
    if ((bx - ax) ** 2 + (by - ay) ** 2 > TELEPORT_UNITS ** 2) {
      out.x = ax;
      out.y = ay;
    } else {
      out.x = ax + (bx - ax) * f;
      out.y = ay + (by - ay) * f;
    }
    return true;
  }

  clear(): void {
    this.data = new Float64Array(0);
    this.rows = 0;
    this.first = Infinity;
    this.newest = -Infinity;
  }

  /** Rows for ids up to `id` at least (new slots hold nothing). */
  private grow(id: number): void {
    const rows = Math.max(id + 1, this.rows * 2, 8);
    const data = new Float64Array(rows * this.rowLength);
    data.set(this.data);
    for (let i = this.rows * this.rowLength; i < data.length; i += STRIDE) data[i + T] = -1;
    this.data = data;
    this.rows = rows;
  }

  /** A rewind (a client's replay): positions at `tick` and after it are no longer history. */
  private forgetFrom(tick: number): void {
    const d = this.data;
    for (let i = 0; i < d.length; i += STRIDE) if (d[i + T]! >= tick) d[i + T] = -1;
    if (tick <= this.first) this.first = Infinity;
  }
}
