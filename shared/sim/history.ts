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
 * One player's recent positions, interleaved in one array: slot k (tick mod capacity) holds
 * [tick, x, y] at 3k, valid where its tick is that tick. One array, not three: recording a tick
 * writes one place in memory, for every player of every room every tick.
 */
type Track = Float64Array;
const T = 0;
const X = 1;
const Y = 2;
const STRIDE = 3;

/**
 * Kept per player in typed rings indexed by player id (ids are small: they are reused; no
 * allocation per tick: this runs for every player of every room every tick). Ticks are recorded
 * one after another; recording a tick at or before the newest one forgets the history after it.
 */
export class PositionHistory {
  private readonly tracks: (Track | undefined)[] = [];
  private first = Infinity;
  private newest = -Infinity;

  constructor(private readonly capacity: number = HISTORY_TICKS) {}

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
    const tracks = this.tracks;
    for (const p of players) {
      if (!p.alive) continue;
      let t = tracks[p.id];
      if (t === undefined) {
        t = new Float64Array(this.capacity * STRIDE);
        for (let k = 0; k < this.capacity; k++) t[k * STRIDE + T] = -1;
        tracks[p.id] = t;
      }
      t[at + T] = tick;
      t[at + X] = p.x;
      t[at + Y] = p.y;
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
    const t = this.tracks[id];
    if (t === undefined) return false;
    const a = Math.floor(tick);
    const sa = (a % this.capacity) * STRIDE;
    const hasA = t[sa + T] === a;
    const f = tick - a;
    if (f <= 0) {
      if (!hasA) return false;
      out.x = t[sa + X]!;
      out.y = t[sa + Y]!;
      return true;
    }
    const sb = ((a + 1) % this.capacity) * STRIDE;
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
    this.tracks.length = 0;
    this.first = Infinity;
    this.newest = -Infinity;
  }

  /** A rewind (a client's replay): positions at `tick` and after it are no longer history. */
  private forgetFrom(tick: number): void {
    for (const t of this.tracks) {
      if (t === undefined) continue;
      for (let k = 0; k < this.capacity; k++) if (t[k * STRIDE + T]! >= tick) t[k * STRIDE + T] = -1;
    }
    if (tick <= this.first) this.first = Infinity;
  }
}
