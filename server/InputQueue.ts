/**
 * Inputs of one player, queued on arrival and consumed only inside the tick. Sequence numbers
 * de-duplicate (an old or repeated seq is dropped), the queue is bounded (the oldest input
 * goes when it is full), and a tick takes one input, or a few when the queue has grown.
 */
import type { InputTimingReport } from '../shared/protocol.ts';
import type { Input } from '../shared/sim/world.ts';

/** An input as queued: with the (fractional) server tick the client was showing when it sampled it. */
export type QueuedInput = Input & { viewTick?: number; arrivedAtMs?: number };

/**
 * Lag compensation's bound and rule: a shot rewinds by the ticks between the tick that applies it
 * and the tick the shooter was showing, never more than maxRewindTicks (0: no compensation).
 */
export function rewindTicksFor(viewTick: number | undefined, appliedAtTick: number, maxRewindTicks: number): number {
  if (viewTick === undefined || !(viewTick > 0) || maxRewindTicks <= 0) return 0;
  return Math.min(maxRewindTicks, Math.max(0, appliedAtTick - viewTick));
}

export interface InputQueueStats {
  accepted: number;
  duplicates: number;
  overflowed: number;
}

/** cos and sin of 2π·k/PHASES: arrival phases are summed through a table (no trigonometry per input). */
const PHASES = 256;
const PHASE_COS = Float64Array.from({ length: PHASES }, (_, k) => Math.cos((2 * Math.PI * k) / PHASES));
const PHASE_SIN = Float64Array.from({ length: PHASES }, (_, k) => Math.sin((2 * Math.PI * k) / PHASES));

function blankInput(): QueuedInput {
  return { seq: 0, mx: 0, my: 0, aim: 0, fire: false, rewindTicks: 0, viewTick: 0, arrivedAtMs: NaN };
}

/** The ring's fields of one input, in order (STRIDE doubles per input). */
const SEQ = 0;
const MX = 1;
const MY = 2;
const AIM = 3;
const FIRE = 4;
const VIEW_TICK = 5;
const ARRIVED_AT = 6;
const REWIND = 7;
const STRIDE = 8;

/**
 * A bounded ring of inputs in one Float64Array: queuing an input writes its fields, clamped, into
 * the next eight doubles (one cache line; 30 inputs a second from every client allocate nothing
 * and touch no object but the queue). A tick takes its inputs as reused objects filled from the
 * ring, valid until the next take (step applies them at once).
 */
export class InputQueue {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  /** taken[n]: the reused array a take of n inputs returns (its length is never written). */
  private readonly taken: QueuedInput[][];
  /** Lag compensation bound for this player's shots, in ticks (set by the server from --max-rewind-ms). */
  maxRewindTicks = 0;
  /** The room's tick interval (set by the server): arrival phases are measured against it. */
  tickMs = 0;
  // How inputs arrived since the last timing report (fields of the queue itself: this is read and
  // written for every player every tick, and one object less is one cache line less).
  private tTicks = 0;
  private tDepthSum = 0;
  private tLate = 0;
  private tExtra = 0;
  private tWaitCos = 0;
  private tWaitSin = 0;
  private tWaits = 0;
  private flowing = false;
  private lastSeq = 0;
  /** Sequence of the last input taken into a tick (the ack sent to the client). */
  lastAppliedSeq = 0;
  private accepted = 0;
  private duplicates = 0;
  private overflowed = 0;

  constructor(
    private readonly capacity = 32,
    private readonly maxPerTick = 4,
    /** Above this many queued inputs a tick takes more than one, to drain the backlog (1: every queued input, up to maxPerTick: the least latency). */
    private readonly targetDepth = 1,
  ) {
    this.ring = new Float64Array(capacity * STRIDE);
    this.taken = Array.from({ length: maxPerTick + 1 }, (_, n) => Array.from({ length: n }, blankInput));
  }

  get length(): number {
    return this.count;
  }

  /** Inputs accepted, dropped as duplicates, and dropped to make room (counted in the queue's own fields, on the message path). */
  get stats(): InputQueueStats {
    return { accepted: this.accepted, duplicates: this.duplicates, overflowed: this.overflowed };
  }

  /** Queue an input (its fields are copied); false when it was a duplicate or older than one already queued. */
  push(input: QueuedInput): boolean {
    return this.pushClamped(input.seq, input.mx, input.my, input.aim, input.fire, input.viewTick ?? 0, input.arrivedAtMs ?? NaN, input.rewindTicks ?? 0);
  }

  /**
   * Queue an input given as numbers (the server's hot path: nothing allocated), clamped into
   * the simulation's ranges as clampInput does. False when it was a duplicate or older than one
   * already queued.
   */
  pushClamped(seq: number, mx: number, my: number, aim: number, fire: boolean, viewTick = 0, arrivedAtMs = NaN, rewindTicks = 0): boolean {
    if (seq <= this.lastSeq) {
      this.duplicates++;
      return false;
    }
    this.lastSeq = seq;
    // An empty queue starts again at the ring's first slot: inputs that are taken as they come
    // (the usual case) all use the same cache line instead of cycling through the ring's 2 KiB.
    if (this.count === 0) this.head = 0;
    if (this.count >= this.capacity) {
      // Full: the oldest input goes.
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.overflowed++;
    }
    const r = this.ring;
    const at = ((this.head + this.count) % this.capacity) * STRIDE;
    this.count++;
    r[at + SEQ] = seq;
    r[at + MX] = unit(mx);
    r[at + MY] = unit(my);
    r[at + AIM] = wrapAngle(aim);
    r[at + FIRE] = fire ? 1 : 0;
    r[at + VIEW_TICK] = viewTick;
    r[at + ARRIVED_AT] = arrivedAtMs;
    r[at + REWIND] = rewindTicks;
    this.accepted++;
    return true;
  }

  /**
   * The inputs to apply this tick, in order, as reused objects in a reused array (this runs for
   * every player every tick; they are valid until the next take). `appliedAtTick` (the tick the
   * step will make) turns each input's view tick into its bounded rewind (lag compensation).
   */
  take(appliedAtTick = 0, nowMs = NaN): readonly Input[] {
    this.tTicks++;
    this.tDepthSum += this.count;
    if (this.count === 0) {
      // Inputs were flowing and none is here: the next one arrives late.
      if (this.flowing) this.tLate++;
      return this.taken[0]!;
    }
    this.flowing = true;
    const n = this.count > this.targetDepth ? Math.min(this.maxPerTick, this.count - this.targetDepth + 1) : 1;
    this.tExtra += n - 1;
    const out = this.taken[n]!;
    const r = this.ring;
    const measure = this.tickMs > 0 && Number.isFinite(nowMs);
    for (let i = 0; i < n; i++) {
      const at = this.head * STRIDE;
      this.head = (this.head + 1) % this.capacity;
      const inp = out[i]!;
      inp.seq = r[at + SEQ]!;
      inp.mx = r[at + MX]!;
      inp.my = r[at + MY]!;
      inp.aim = r[at + AIM]!;
      inp.fire = r[at + FIRE] === 1;
      const viewTick = r[at + VIEW_TICK]!;
      const arrivedAtMs = r[at + ARRIVED_AT]!;
      inp.viewTick = viewTick;
      inp.arrivedAtMs = arrivedAtMs;
      if (measure && Number.isFinite(arrivedAtMs)) {
        // Where in the tick interval it arrived, as an angle (a circular mean handles the wrap-around).
        const phase = (nowMs - arrivedAtMs) / this.tickMs;
        const k = Math.round((phase - Math.floor(phase)) * PHASES) % PHASES;
        this.tWaitCos += PHASE_COS[k]!;
        this.tWaitSin += PHASE_SIN[k]!;
        this.tWaits++;
      }
      const rewind = rewindTicksFor(viewTick, appliedAtTick, this.maxRewindTicks);
      inp.rewindTicks = rewind > 0 ? rewind : r[at + REWIND]!;
    }
    this.count -= n;
    this.lastAppliedSeq = out[n - 1]!.seq;
    return out;
  }

  /** How inputs arrived since the last report (sent back in Pong); starts a new period. */
  timingReport(): InputTimingReport {
    const ticks = this.tTicks;
    const report: InputTimingReport = { ticks, meanDepth: ticks > 0 ? Math.round((this.tDepthSum / ticks) * 100) / 100 : 0, late: this.tLate, extra: this.tExtra };
    if (this.tWaits > 0 && this.tickMs > 0) {
      let a = Math.atan2(this.tWaitSin, this.tWaitCos);
      if (a < 0) a += 2 * Math.PI;
      report.waitMs = Math.round(((a * this.tickMs) / (2 * Math.PI)) * 10) / 10;
    }
    this.tTicks = this.tDepthSum = this.tLate = this.tExtra = this.tWaitCos = this.tWaitSin = this.tWaits = 0;
    return report;
  }

  clear(): void {
    this.count = 0;
  }
}

const TAU = Math.PI * 2;

function unit(v: number): number {
  return v > 1 ? 1 : v < -1 ? -1 : v;
}

/**
 * Clamp a validated input message into the simulation's ranges. Every field a queued input can
 * have is set here, so all inputs share one object shape (the hot path stays monomorphic).
 */
export function clampInput(seq: number, mx: number, my: number, aim: number, fire: boolean, viewTick = 0, arrivedAtMs = NaN): QueuedInput {
  const input = blankInput();
  setClamped(input, seq, mx, my, aim, fire, viewTick, arrivedAtMs, 0);
  return input;
}

/** An aim wrapped to [0, 2π). */
function wrapAngle(aim: number): number {
  const a = aim % TAU;
  return a < 0 ? a + TAU : a;
}

/** Write an input's fields into `to`, clamped: the move vector to [-1, 1], aim wrapped to [0, 2π). */
function setClamped(to: QueuedInput, seq: number, mx: number, my: number, aim: number, fire: boolean, viewTick: number, arrivedAtMs: number, rewindTicks: number): void {
  to.seq = seq;
  to.mx = unit(mx);
  to.my = unit(my);
  to.aim = wrapAngle(aim);
  to.fire = fire;
  to.rewindTicks = rewindTicks;
  to.viewTick = viewTick;
  to.arrivedAtMs = arrivedAtMs;
}
