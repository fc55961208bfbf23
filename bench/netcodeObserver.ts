/**
 * "Do observers see a hitch?" for the netcode benchmark: the velocity discontinuities of remote
 * players as an observer's interpolation draws them, counted only while the watched player's
 * input was steady (so a hitch is the netcode's doing, not the player's).
 *
 * Definition (docs/performance.md, "Observer hitches"):
 * - Per observer, per remote player, per rendered frame f: the drawn velocity
 *   v_f = (p_f − p_{f−1}) / (t_f − t_{f−1}) (world units per second of the observer's clock),
 *   and its jump |v_f − v_{f−1}| (a vector difference) over three consecutive frames in which
 *   the player was drawn.
 * - The frame counts when the watched player's input was steady around the tick drawn: every
 *   input the server applied from 3 ticks before to 2 ticks after that tick had the same,
 *   non-zero move direction (a gap, a late tick, inside that span still counts: that is the
 *   hitch), the player was alive at all those ticks and more than a margin away from walls and
 *   the map edge (where the step would stop or slide it).
 * - A hitch frame is a counted frame whose jump exceeds HITCH_FRACTION of the top speed; a hitch
 *   (the discontinuity counted per second) is a run of hitch frames of one remote player on one
 *   observer's screen (one late input shows as two to four hitch frames in a row). The render
 *   time runs at 0.9–1.1× while the interpolation delay adapts (a jump of at most 0.2× the
 *   speed between two frames); one tick without movement, then one of two moves, is a jump of
 *   at least half the speed, and usually the whole of it.
 *
 * The watched player's side (its inputs by seq, its state by tick) is recorded by its own bot
 * (PlayerTrack); observers keep their frames (ObserverTrack); judgeHitches puts them together
 * after the run, when every bot has the ticks around each frame.
 */
import type { ObstacleIndex } from '../games/arena/shared/obstacleIndex.ts';
import { RULES } from '../games/arena/shared/world.ts';

/** A jump above this fraction of the top speed is a hitch. */
export const HITCH_FRACTION = 0.4;
/** Steady: no wall or edge within the player's radius plus this (units; two ticks of movement). */
const WALL_MARGIN = 20;
/** Ticks before and after the drawn tick whose inputs must agree. */
const BEFORE_TICKS = 3;
const AFTER_TICKS = 2;

/** What one bot records about its own player: the move direction of each input it sent, and its state at each tick. */
export class PlayerTrack {
  /** dirBySeq[seq]: the move direction index of that input (-1: none; 8: standing). */
  private readonly dirBySeq: number[] = [];
  private firstTick = -1;
  private readonly ack: number[] = [];
  private readonly x: number[] = [];
  private readonly y: number[] = [];
  private readonly alive: boolean[] = [];

  sent(seq: number, dir: number): void {
    this.dirBySeq[seq] = dir;
  }

  state(tick: number, ackSeq: number, x: number, y: number, alive: boolean): void {
    if (this.firstTick < 0) this.firstTick = tick;
    const i = tick - this.firstTick;
    if (i < 0) return;
    this.ack[i] = ackSeq;
    this.x[i] = x;
    this.y[i] = y;
    this.alive[i] = alive;
  }

  /** Was the player's input steady (and its path open) around the (fractional) tick drawn? */
  steadyAround(tick: number, obstacles: ObstacleIndex, map: { width: number; height: number }): boolean {
    if (this.firstTick < 0) return false;
    const from = Math.floor(tick) - BEFORE_TICKS - this.firstTick;
    const to = Math.ceil(tick) + AFTER_TICKS - this.firstTick;
    if (from < 1 || to >= this.ack.length) return false;
    const reach = RULES.playerRadius + WALL_MARGIN;
    for (let i = from; i <= to; i++) {
      if (this.alive[i] !== true || this.ack[i] === undefined) return false;
      const x = this.x[i]!;
      const y = this.y[i]!;
      if (x < reach || y < reach || x > map.width - reach || y > map.height - reach) return false;
      if (obstacles.query(x - reach, y - reach, x + reach, y + reach).n > 0) return false;
    }
    const firstSeq = this.ack[from - 1];
    const lastSeq = this.ack[to]!;
    if (firstSeq === undefined || lastSeq <= firstSeq) return false;
    const dir = this.dirBySeq[firstSeq + 1];
    if (dir === undefined || dir === 8) return false;
    for (let s = firstSeq + 2; s <= lastSeq; s++) if (this.dirBySeq[s] !== dir) return false;
    return true;
  }

  /**
   * Did the server move the player the same distance at every tick around the tick drawn (so a
   * jump an observer saw was its interpolation's doing, not a late input's)? Call after steadyAround.
   */
  evenAround(tick: number): boolean {
    const from = Math.floor(tick) - BEFORE_TICKS - this.firstTick;
    const to = Math.ceil(tick) + AFTER_TICKS - this.firstTick;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i <= to; i++) {
      const d = Math.hypot(this.x[i]! - this.x[i - 1]!, this.y[i]! - this.y[i - 1]!);
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    return hi - lo < 0.5;
  }
}

/** One observer's frames: for each remote player drawn in three frames in a row, the tick drawn and the velocity jump. */
export class ObserverTrack {
  readonly ids: number[] = [];
  readonly ticks: number[] = [];
  readonly jumps: number[] = [];
  readonly dtMs: number[] = [];
  /** The observer's frame number of each record (hitch frames in a row are one hitch). */
  readonly frameNos: number[] = [];
  private readonly last = new Map<number, { x: number; y: number; vx: number; vy: number; atMs: number; frame: number; hasV: boolean }>();
  private frameNo = 0;

  /** A rendered frame: the remote players as drawn at nowMs, and the tick that was drawn. */
  frame(nowMs: number, renderTick: number, players: Iterable<{ id: number; x: number; y: number }>, measuring: boolean): void {
    this.frameNo++;
    for (const p of players) {
      const l = this.last.get(p.id);
      if (!l || l.frame !== this.frameNo - 1 || !(nowMs > l.atMs)) {
        this.last.set(p.id, { x: p.x, y: p.y, vx: 0, vy: 0, atMs: nowMs, frame: this.frameNo, hasV: false });
        continue;
      }
      const dt = nowMs - l.atMs;
      const vx = ((p.x - l.x) * 1000) / dt;
      const vy = ((p.y - l.y) * 1000) / dt;
      if (l.hasV && measuring && Number.isFinite(renderTick)) {
        this.ids.push(p.id);
        this.ticks.push(renderTick);
        this.jumps.push(Math.hypot(vx - l.vx, vy - l.vy));
        this.dtMs.push(dt);
        this.frameNos.push(this.frameNo);
      }
      l.x = p.x;
      l.y = p.y;
      l.vx = vx;
      l.vy = vy;
      l.atMs = nowMs;
      l.frame = this.frameNo;
      l.hasV = true;
    }
  }
}

export interface HitchSummary {
  /** Frames (per remote player) in which the watched player's input was steady. */
  steadyFrames: number;
  /** Their total time, seconds (the rate's denominator: per watched player per second). */
  steadySec: number;
  /** Steady frames with a jump above the limit, and the hitches they make (runs of them per observer and player). */
  hitchFrames: number;
  hitches: number;
  /** Hitch frames while the server moved the watched player evenly, tick by tick: the observer's interpolation made them. */
  hitchFramesEvenServer: number;
  /** The largest jump in a steady frame, units per second. */
  maxJump: number;
}

export function judgeHitches(observers: readonly ObserverTrack[], players: ReadonlyMap<number, PlayerTrack>, obstacles: ObstacleIndex, map: { width: number; height: number }): HitchSummary {
  const limit = HITCH_FRACTION * RULES.playerSpeed;
  const out: HitchSummary = { steadyFrames: 0, steadySec: 0, hitchFrames: 0, hitches: 0, hitchFramesEvenServer: 0, maxJump: 0 };
  for (const o of observers) {
    const lastHitchFrame = new Map<number, number>();
    for (let i = 0; i < o.ids.length; i++) {
      const track = players.get(o.ids[i]!);
      if (!track || !track.steadyAround(o.ticks[i]!, obstacles, map)) continue;
      out.steadyFrames++;
      out.steadySec += o.dtMs[i]! / 1000;
      const jump = o.jumps[i]!;
      if (jump > limit) {
        out.hitchFrames++;
        if (lastHitchFrame.get(o.ids[i]!) !== o.frameNos[i]! - 1) out.hitches++;
        lastHitchFrame.set(o.ids[i]!, o.frameNos[i]!);
        if (track.evenAround(o.ticks[i]!)) out.hitchFramesEvenServer++;
      }
      if (jump > out.maxJump) out.maxJump = jump;
    }
  }
  return out;
}
