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

interface Frame {
  tick: number;
  /** Player id → x, y (living players only). */
  pos: Map<number, { x: number; y: number }>;
}

export class PositionHistory {
  private readonly frames: Frame[] = [];

  constructor(private readonly capacity: number = HISTORY_TICKS) {}

  /** Oldest tick still known (Infinity when empty). */
  get oldestTick(): number {
    return this.frames[0]?.tick ?? Infinity;
  }

  get newestTick(): number {
    return this.frames.at(-1)?.tick ?? -Infinity;
  }

  /** Record the living players' positions at `tick` (ticks are recorded in increasing order). */
  record(tick: number, players: Iterable<{ id: number; x: number; y: number; alive: boolean }>): void {
    const last = this.frames.at(-1);
    // A frame whose tick was already recorded (or is older) replaces the newer history: never out of order.
    while (last && this.frames.length > 0 && this.frames.at(-1)!.tick >= tick) this.frames.pop();
    const reuse = this.frames.length >= this.capacity ? this.frames.shift()! : null;
    const pos = reuse?.pos ?? new Map<number, { x: number; y: number }>();
    pos.clear();
    for (const p of players) if (p.alive) pos.set(p.id, { x: p.x, y: p.y });
    this.frames.push({ tick, pos });
  }

  /**
   * Where player `id` was at a (fractional) tick: interpolated between the recorded ticks around
   * it; at a recorded tick, exactly the recorded position. Null when the tick is outside the
   * history or the player was not alive (not recorded) at both ends.
   */
  positionAt(id: number, tick: number): { x: number; y: number } | null {
    const n = this.frames.length;
    if (n === 0 || tick < this.frames[0]!.tick || tick > this.frames[n - 1]!.tick) return null;
    const first = this.frames[0]!.tick;
    let i = Math.min(n - 1, Math.floor(tick - first));
    while (i > 0 && this.frames[i]!.tick > tick) i--;
    const a = this.frames[i]!;
    const pa = a.pos.get(id);
    const f = tick - a.tick;
    if (f <= 0) return pa ? { x: pa.x, y: pa.y } : null;
    const b = this.frames[i + 1];
    const pb = b?.pos.get(id);
    if (!pa || !pb || !b) return null;
    const k = f / (b.tick - a.tick);
    // A jump (respawn) is not a path: the shooter's screen shows the old spot until the new one.
    if ((pb.x - pa.x) ** 2 + (pb.y - pa.y) ** 2 > TELEPORT_UNITS ** 2) return { x: pa.x, y: pa.y };
    return { x: pa.x + (pb.x - pa.x) * k, y: pa.y + (pb.y - pa.y) * k };
  }

  clear(): void {
    this.frames.length = 0;
  }
}
