/**
 * Interpolation of remote entities from a buffer of server snapshots, drawn a delay behind the
 * newest one so there is (almost) always a pair of snapshots around the render time.
 *
 * Each pushed snapshot holds the entities of one State, keyed by server tick, with the local
 * receive time. Snapshot times are put on one timeline as tick * tickMs + offset, where offset
 * (local receive time minus the tick's nominal time) follows the earliest arrivals: the measured
 * offset drops at once to a faster packet and creeps up slowly, so network jitter does not shake
 * the timeline. The offset the timeline is drawn with follows the measured one at a bounded
 * rate (it shares the `maxStretch` budget with the delay): a faster packet moving it at once
 * would move the render time forward in one frame, and every remote entity would jump (an
 * observer sees a velocity spike; bench/netcodeObserver.ts counts them).
 *
 * The delay adapts (unless a fixed `delayMs` is given): it is the snapshot interval plus the
 * latest arrival lateness seen in a recent window (how far behind the timeline snapshots come)
 * plus a margin, so it grows with jitter and with a lower snapshot rate and shrinks when they do.
 * Delay and drawn offset together change by at most `maxStretch` of the time that passes between
 * frames, so the render time runs at 0.9–1.1× speed while they adapt and never goes backwards.
 *
 * Pure: time is always an argument (the caller reads its Clock).
 */

/** What the interpolator needs of an entity: a position, and optionally an aim angle. */
export interface Positioned {
  x: number;
  y: number;
  aim?: number;
}

export interface InterpolatorOptions {
  tickRate: number;
  /** A fixed delay behind the newest snapshot; absent: adaptive (see above). */
  delayMs?: number;
  /** Adaptive delay: never below / above these. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Adaptive delay: added to interval + lateness. */
  marginMs?: number;
  /** Adaptive delay: snapshots whose lateness is remembered. */
  latenessWindow?: number;
  /** Adaptive delay: largest change of the delay per ms of frame time. */
  maxStretch?: number;
  /** Adaptive delay: which quantile of the window's lateness to cover (0.95: 5 % of snapshots may come later). */
  latenessQuantile?: number;
  /** When starved, extrapolate from the last two snapshots at most this far past the newest. */
  maxExtrapolationMs?: number;
  /** Snapshots kept. */
  capacity?: number;
  /** A move longer than this between two snapshots is a teleport: jump instead of sliding. */
  teleportDistance?: number;
  /** How fast the timeline offset may rise toward later arrivals (fraction per snapshot). */
  offsetRise?: number;
}

interface Snap<T> {
  tick: number;
  receivedAtMs: number;
  entities: ReadonlyMap<number, T>;
}

export interface InterpolatorStats {
  pushed: number;
  outOfOrder: number;
  /** Frames (samples at a new time) whose render time was past the newest snapshot: buffer starvation. */
  extrapolated: number;
  /** Samples whose render time was past the extrapolation bound. */
  starved: number;
  /** Frames sampled (samples at a new time). */
  frames: number;
}

export class Interpolator<T extends Positioned> {
  readonly stats: InterpolatorStats = { pushed: 0, outOfOrder: 0, extrapolated: 0, starved: 0, frames: 0 };
  private readonly snaps: Snap<T>[] = [];
  private readonly tickMs: number;
  private delay: number;
  private readonly adaptive: boolean;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly marginMs: number;
  private readonly latenessWindow: number;
  private readonly maxStretch: number;
  private readonly latenessQuantile: number;
  private readonly lateness: number[] = [];
  private intervalMs: number;
  private lastSampleMs = NaN;
  private readonly maxExtrapolationMs: number;
  private readonly capacity: number;
  private readonly teleportDistance: number;
  private readonly offsetRise: number;
  private offsetMs = NaN;
  /** The offset the timeline is drawn with: follows offsetMs at a bounded rate (see above). */
  private shownOffsetMs = NaN;

  constructor(opts: InterpolatorOptions) {
    this.tickMs = 1000 / opts.tickRate;
    this.adaptive = opts.delayMs === undefined;
    this.minDelayMs = opts.minDelayMs ?? this.tickMs;
    this.maxDelayMs = opts.maxDelayMs ?? 400;
    this.marginMs = opts.marginMs ?? 5;
    this.latenessWindow = opts.latenessWindow ?? 90;
    this.maxStretch = opts.maxStretch ?? 0.1;
    this.latenessQuantile = opts.latenessQuantile ?? 0.95;
    this.intervalMs = this.tickMs;
    this.delay = opts.delayMs ?? 100;
    this.maxExtrapolationMs = opts.maxExtrapolationMs ?? 100;
    this.capacity = opts.capacity ?? 64;
    this.teleportDistance = opts.teleportDistance ?? 150;
    this.offsetRise = opts.offsetRise ?? 0.05;
  }

  get size(): number {
    return this.snaps.length;
  }

  get newestTick(): number {
    return this.snaps.at(-1)?.tick ?? 0;
  }

  /** Record the entities of one State, received at receivedAtMs (local clock). */
  push(tick: number, receivedAtMs: number, entities: ReadonlyMap<number, T>): void {
    const newest = this.snaps.at(-1);
    if (newest && tick <= newest.tick) {
      this.stats.outOfOrder++;
      return;
    }
    const sample = receivedAtMs - tick * this.tickMs;
    if (Number.isNaN(this.offsetMs) || sample < this.offsetMs) this.offsetMs = sample;
    else this.offsetMs += (sample - this.offsetMs) * this.offsetRise;
    this.lateness.push(sample - this.offsetMs);
    if (this.lateness.length > this.latenessWindow) this.lateness.shift();
    // Ticks between snapshots (1 at the full rate; more when states are skipped), smoothed.
    if (newest) this.intervalMs += ((tick - newest.tick) * this.tickMs - this.intervalMs) * 0.1;
    this.snaps.push({ tick, receivedAtMs, entities });
    if (this.snaps.length > this.capacity) this.snaps.shift();
    this.stats.pushed++;
  }

  /** Forget everything (a new room, a resync after a long gap). */
  clear(): void {
    this.snaps.length = 0;
    this.offsetMs = NaN;
    this.shownOffsetMs = NaN;
    this.lateness.length = 0;
    this.lastSampleMs = NaN;
  }

  /** The current delay behind the snapshot timeline, ms. */
  get delayMs(): number {
    return this.delay;
  }

  /**
   * The delay the adaptation is heading for: snapshot interval + recent lateness (the
   * `latenessQuantile` of the window: a few stray packets do not raise the delay for seconds)
   * + margin.
   */
  get targetDelayMs(): number {
    if (!this.adaptive) return this.delay;
    const sorted = [...this.lateness].sort((a, b) => a - b);
    const late = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * this.latenessQuantile))]! : 0;
    return Math.min(this.maxDelayMs, Math.max(this.minDelayMs, this.intervalMs + Math.max(0, late) + this.marginMs));
  }

  /** Snapshot interval as measured (ms). */
  get snapshotIntervalMs(): number {
    return this.intervalMs;
  }

  /** The (fractional) server tick drawn at nowMs: what the player sees remote entities at (NaN when empty). */
  renderTick(nowMs: number): number {
    if (this.snaps.length === 0) return NaN;
    return (this.renderTime(nowMs) - this.drawnOffset()) / this.tickMs;
  }

  /** The local time at which a tick is drawn without delay. */
  timeOfTick(tick: number): number {
    return tick * this.tickMs + this.drawnOffset();
  }

  private drawnOffset(): number {
    return Number.isNaN(this.shownOffsetMs) ? this.offsetMs : this.shownOffsetMs;
  }

  /** The render time for a local time: the delay behind. */
  renderTime(nowMs: number): number {
    return nowMs - this.delay;
  }

  /**
   * Move the drawn offset toward the measured one and the adaptive delay toward its target, by
   * at most maxStretch of the time since the last frame together (the offset first: it is where
   * the snapshots are).
   */
  private adapt(nowMs: number): void {
    const dt = Number.isNaN(this.lastSampleMs) || Number.isNaN(this.shownOffsetMs) ? Infinity : nowMs - this.lastSampleMs;
    this.lastSampleMs = nowMs;
    if (dt === Infinity) {
      this.shownOffsetMs = this.offsetMs;
      if (this.adaptive && this.lateness.length > 0) this.delay = this.targetDelayMs;
      return;
    }
    let step = this.maxStretch * Math.max(0, dt);
    const offsetMove = Math.max(-step, Math.min(step, this.offsetMs - this.shownOffsetMs));
    this.shownOffsetMs += offsetMove;
    step -= Math.abs(offsetMove);
    if (!this.adaptive || this.lateness.length === 0) return;
    this.delay += Math.max(-step, Math.min(step, this.targetDelayMs - this.delay));
  }

  /**
   * Entities as they were at nowMs - delayMs. An entity is shown from the first snapshot that
   * holds it until the render time passes the last one: it appears and leaves with the delay.
   */
  sample(nowMs: number): Map<number, T> {
    const out = new Map<number, T>();
    const n = this.snaps.length;
    if (n === 0) return out;
    const newFrame = nowMs !== this.lastSampleMs;
    if (newFrame) {
      this.adapt(nowMs);
      this.stats.frames++;
    }
    const t = this.renderTime(nowMs);
    const first = this.snaps[0]!;
    if (t <= this.timeOfTick(first.tick)) {
      for (const [id, e] of first.entities) out.set(id, e);
      return out;
    }
    let i = n - 1;
    while (i > 0 && this.timeOfTick(this.snaps[i]!.tick) > t) i--;
    const a = this.snaps[i]!;
    const b = this.snaps[i + 1];
    if (b) {
      const ta = this.timeOfTick(a.tick);
      const f = (t - ta) / (this.timeOfTick(b.tick) - ta);
      for (const [id, ea] of a.entities) {
        const eb = b.entities.get(id);
        out.set(id, eb ? this.lerp(ea, eb, f) : ea);
      }
      return out;
    }
    // Starved: render time is past the newest snapshot.
    if (newFrame) this.stats.extrapolated++;
    const prev = this.snaps[n - 2];
    if (!prev) {
      for (const [id, e] of a.entities) out.set(id, e);
      return out;
    }
    const ta = this.timeOfTick(a.tick);
    const over = t - ta;
    if (over > this.maxExtrapolationMs) this.stats.starved++;
    const f = 1 + Math.min(over, this.maxExtrapolationMs) / (ta - this.timeOfTick(prev.tick));
    for (const [id, ea] of a.entities) {
      const ep = prev.entities.get(id);
      out.set(id, ep ? this.lerp(ep, ea, f) : ea);
    }
    return out;
  }

  private lerp(a: T, b: T, f: number): T {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    if (dx * dx + dy * dy > this.teleportDistance * this.teleportDistance) return f < 1 ? a : b;
    const out: T = { ...(f < 1 ? a : b), x: a.x + dx * f, y: a.y + dy * f };
    if (typeof a.aim === 'number' && typeof b.aim === 'number') out.aim = lerpAngle(a.aim, b.aim, Math.min(f, 1));
    return out;
  }
}

/** Interpolate between two angles along the shorter arc. */
export function lerpAngle(a: number, b: number, f: number): number {
  const TAU = Math.PI * 2;
  let d = (b - a) % TAU;
  if (d > Math.PI) d -= TAU;
  else if (d < -Math.PI) d += TAU;
  return a + d * f;
}
