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

/** One player's recent positions: slot = tick mod capacity, valid where ticks[slot] is that tick. */
interface Track {
  readonly ticks: Float64Array;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

/**
 * Kept per player in typed rings (no allocation per tick: this runs for every player of every
 * room every tick). Ticks are recorded one after another; recording a tick at or before the
 * newest one forgets the history after it.
 */
export class PositionHistory {
  private readonly tracks = new Map<number, Track>();
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
    const slot = tick % this.capacity;
    for (const p of players) {
      if (!p.alive) continue;
      let t = this.tracks.get(p.id);
      if (!t) {
        t = { ticks: new Float64Array(this.capacity).fill(-1), xs: new Float64Array(this.capacity), ys: new Float64Array(this.capacity) };
        this.tracks.set(p.id, t);
      }
      t.ticks[slot] = tick;
      t.xs[slot] = p.x;
      t.ys[slot] = p.y;
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
    const t = this.tracks.get(id);
    if (!t) return false;
    const a = Math.floor(tick);
    const sa = a % this.capacity;
    const hasA = t.ticks[sa] === a;
    const f = tick - a;
    if (f <= 0) {
      if (!hasA) return false;
      out.x = t.xs[sa]!;
      out.y = t.ys[sa]!;
      return true;
    }
    const sb = (a + 1) % this.capacity;
    if (!hasA || t.ticks[sb] !== a + 1) return false;
    const ax = t.xs[sa]!;
    const ay = t.ys[sa]!;
    const bx = t.xs[sb]!;
    const by = t.ys[sb]!;
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
    this.tracks.clear();
    this.first = Infinity;
    this.newest = -Infinity;
  }

  /** A rewind (a client's replay): positions at `tick` and after it are no longer history. */
  private forgetFrom(tick: number): void {
    for (const t of this.tracks.values()) {
      for (let i = 0; i < this.capacity; i++) if (t.ticks[i]! >= tick) t.ticks[i] = -1;
    }
    if (tick <= this.first) this.first = Infinity;
  }
}
