/**
 * Inputs of one player, queued on arrival and consumed only inside the tick. Sequence numbers
 * de-duplicate (an old or repeated seq is dropped), the queue is bounded (the oldest input
 * goes when it is full), and a tick takes one input, or a few when the queue has grown.
 *
 * Adaptive input buffer: each queue keeps a surplus of up to `bufferTicks` inputs (0 to
 * MAX_BUFFER_TICKS) instead of draining everything past one at once. On a clean network it is
 * 0: no added delay. A short run of ticks that found no input (an input that arrived just
 * after its tick: jitter) raises it by one; the late input and the ones after it are then
 * taken a tick later, so the next jittery arrival still finds one queued and the player (and
 * everyone watching it) moves every tick instead of standing one tick and jumping the next.
 * A long run (a stall: buffering cannot bridge it) does not raise it. After SHRINK_TICKS with
 * no late tick, the buffer drops by one when its surplus was not needed (never below one input
 * at a tick) or not used; a drained surplus is one tick of two inputs.
 *
 * Bunching: with jitter, two inputs sometimes land between the same two ticks and the queue
 * holds one or two more than the buffer. Taking them at once would move the player two ticks in
 * one (the hitch the buffer is there to prevent) and leave the queue short for the next gap, so
 * an adaptive queue keeps such a surplus (it is the next gap's input) and drains it only when
 * it lasts OVER_SUSTAIN_TICKS (a client whose clock runs fast, a buffer that just shrank: one
 * tick of two inputs) or is a backlog of more than OVER_TOLERANCE (after a stall: taken up to
 * maxPerTick a tick). A queue without the buffer drains any surplus at once.
 */
import { buttonBits, clampField, type EngineInput, type InputPlan, type InputValues } from '../shared/game/inputPlan.ts';
import type { InputTimingReport } from '../shared/protocol.ts';
import { RowStore } from '../shared/util/rowStore.ts';

/** An input as queued and taken: the game's fields, its seq, view tick, arrival and rewind. */
export type QueuedInput = EngineInput;

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

/**
 * The ring's doubles of one input: the engine's four, then the game's numeric fields (clamped)
 * and its buttons' bits. A queue's stride fits the largest input of the games the server hosts
 * (strideFor): the arena's (three numbers and a button) takes 8 doubles, one cache line.
 */
const SEQ = 0;
const VIEW_TICK = 1;
const ARRIVED_AT = 2;
const REWIND = 3;
const FIELDS = 4;

/** Doubles per queued input for games of at most `numericFields` axes and headings. */
export function strideFor(numericFields: number): number {
  return FIELDS + numericFields + 1;
}

/** The default stride: inputs of up to three numbers and the buttons (the server computes its own from its games). */
export const DEFAULT_STRIDE = strideFor(3);

// The queue's own figures, at the start of its row (the ring's slots follow). A JS object's
// number field that is not a small integer is a heap box of its own, and an object of twenty
// fields spans three cache lines: on the message path each is a likely cache miss (measured with
// `perf annotate` on the live server: the path's time goes to its first touch of each object).
// In the row, the figures a message touches share a line next to the slot it writes; the rows of
// all the server's clients are in one RowStore (see there why not an array per queue).

/** Doubles 0 .. OWNER_SLOTS − 1 are the owner's (the session's per-message figures, see ClientSession). */
export const OWNER_SLOTS = 4;
// Written by push, in the owner's line.
const LAST_SEQ = 4;
const HEAD = 5;
const COUNT = 6;
const ACCEPTED = 7;
// Written by take.
const T_TICKS = 8;
const T_DEPTH_SUM = 9;
const FLOWING = 10;
const T_LATE = 11;
const T_EXTRA = 12;
const T_WAIT_COS = 13;
const T_WAIT_SIN = 14;
const T_WAITS = 15;
const DUPLICATES = 16;
const OVERFLOWED = 17;
const LAST_APPLIED_SEQ = 18;
const MAX_REWIND = 19;
const TICK_MS = 20;
// The adaptive buffer (see the file comment).
const BUFFER = 21;
/** Ticks since the last late tick or buffer change; the least and most queued at a take since. */
const CLEAN = 22;
const CLEAN_MIN = 23;
const CLEAN_MAX = 24;
/** Consecutive ticks that found no input, so far. */
const LATE_RUN = 25;
/** Consecutive takes that found more than the buffer plus the one to take (a surplus), so far. */
const OVER_RUN = 26;
const HEADER = 32;

/** The most inputs a queue holds back (ticks of added delay). */
export const MAX_BUFFER_TICKS = 3;
/** A run of late ticks up to this long is jitter (the buffer grows); longer is a stall. */
const JITTER_RUN_TICKS = 2;
/** Ticks without a late one before the buffer may shrink (10 s at 30 Hz). */
export const SHRINK_TICKS = 300;
/** A surplus of at most this many inputs is kept (bunching: the next gap's inputs) ... */
export const OVER_TOLERANCE = 2;
/** ... unless it lasts this many takes (1 s at 30 Hz). */
export const OVER_SUSTAIN_TICKS = 30;

/**
 * A bounded ring of inputs in a row of doubles, after the queue's figures: queuing an input
 * writes its fields, clamped, into the next eight doubles (30 inputs a second from every client
 * allocate nothing and touch no object but the queue and its row). A tick takes its inputs as
 * reused objects filled from the ring, valid until the next take (step applies them at once).
 */
export class InputQueue {
  /** The store of the queue's row: its figures, then the ring (`capacity` slots of `stride` doubles). */
  store: RowStore;
  /** The row's offset in store.f64. */
  base: number;
  /** The reused arrays a take returns when not given the room's (tests): made for the first plan seen. */
  private taken: QueuedInput[][] | null = null;

  private takenFor(plan: InputPlan): QueuedInput[][] {
    return (this.taken ??= InputQueue.takenLists(plan, this.maxPerTick));
  }

  /** Reused arrays for take: lists[n] holds n inputs of the plan's game (maxPerTick as the queues'). */
  static takenLists(plan: InputPlan, maxPerTick = 4): QueuedInput[][] {
    return Array.from({ length: maxPerTick + 1 }, (_, n) => Array.from({ length: n }, plan.blank));
  }

  /** Doubles in the row of a queue of `capacity` inputs of `stride` doubles (a RowStore shared by queues has this stride). */
  static rowLength(capacity = 32, stride = DEFAULT_STRIDE): number {
    return HEADER + capacity * stride;
  }

  constructor(
    private readonly capacity = 32,
    private readonly maxPerTick = 4,
    /** Above this many queued inputs a tick takes more than one, to drain the backlog (1: every queued input, up to maxPerTick: the least latency). */
    private readonly targetDepth = 1,
    /** Where the row lives (shared by all the server's queues); by default a store of its own. */
    store?: RowStore,
    /** The adaptive buffer's bound (0: no buffer, every surplus past targetDepth drained at once). */
    private readonly maxBufferTicks = MAX_BUFFER_TICKS,
    /** Doubles per queued input (strideFor the largest input of the server's games). */
    readonly stride = DEFAULT_STRIDE,
  ) {
    if (store && store.stride !== InputQueue.rowLength(capacity, stride)) throw new Error('InputQueue: the store\'s stride does not fit the capacity');
    this.store = store ?? new RowStore(InputQueue.rowLength(capacity, stride), 1);
    this.base = this.store.alloc();
    this.store.f64[this.base + CLEAN_MIN] = Infinity;
  }

  /**
   * Give the row back to its store. The queue keeps working on a row of its own (so a late use
   * cannot touch a row the store handed to another queue), emptied.
   */
  release(): void {
    const own = new RowStore(this.store.stride, 1);
    own.f64.set(this.store.f64.subarray(this.base, this.base + this.store.stride));
    this.store.release(this.base);
    this.store = own;
    this.base = 0;
    own.f64[COUNT] = 0;
  }

  get length(): number {
    return this.store.f64[this.base + COUNT]!;
  }

  /** Sequence of the last input taken into a tick (the ack sent to the client). */
  get lastAppliedSeq(): number {
    return this.store.f64[this.base + LAST_APPLIED_SEQ]!;
  }

  /** Lag compensation bound for this player's shots, in ticks (set by the server from --max-rewind-ms). */
  get maxRewindTicks(): number {
    return this.store.f64[this.base + MAX_REWIND]!;
  }

  set maxRewindTicks(v: number) {
    this.store.f64[this.base + MAX_REWIND] = v;
  }

  /** The room's tick interval (set by the server): arrival phases are measured against it. */
  get tickMs(): number {
    return this.store.f64[this.base + TICK_MS]!;
  }

  set tickMs(v: number) {
    this.store.f64[this.base + TICK_MS] = v;
  }

  /** The inputs this queue holds back now (ticks of added delay for its player; see the file comment). */
  get bufferTicks(): number {
    return this.store.f64[this.base + BUFFER]!;
  }

  /** Inputs accepted, dropped as duplicates, and dropped to make room. */
  get stats(): InputQueueStats {
    const r = this.store.f64;
    const b = this.base;
    return { accepted: r[b + ACCEPTED]!, duplicates: r[b + DUPLICATES]!, overflowed: r[b + OVERFLOWED]! };
  }

  /**
   * Queue an input given as an object of the plan's game (its fields are copied, clamped); false
   * when it was a duplicate or older than one already queued. Tests and tools: the server queues
   * the numbers of the Input message (pushInputAt).
   */
  push(plan: InputPlan, input: Readonly<InputValues> & { seq: number; viewTick?: number; arrivedAtMs?: number; rewindTicks?: number }): boolean {
    const v = new Float64Array(plan.nNum + 1);
    for (let i = 0; i < plan.nNum; i++) {
      const x = input[plan.numericNames[i]!];
      v[i] = typeof x === 'number' ? x : NaN;
    }
    v[plan.nNum] = buttonBits(plan, input);
    return pushInputAt(this.store.f64, this.base, this.capacity, this.stride, plan, input.seq, v, 0, input.viewTick ?? 0, input.arrivedAtMs ?? NaN, input.rewindTicks ?? 0);
  }

  /**
   * The inputs to apply this tick, in order, as reused objects in a reused array (this runs for
   * every player every tick; they are valid until the next take). `appliedAtTick` (the tick the
   * step will make) turns each input's view tick into its bounded rewind (lag compensation).
   * `lists` (from takenLists) are the reused arrays and objects to fill: a room passes the same
   * ones for all its players, which the step reads at once (see Room's tick), so they stay in
   * the cache instead of being a few objects of each queue's touched once a tick.
   */
  take(plan: InputPlan, appliedAtTick = 0, nowMs = NaN, lists: QueuedInput[][] = this.takenFor(plan)): readonly QueuedInput[] {
    const r = this.store.f64;
    const b = this.base;
    const count = r[b + COUNT]!;
    r[b + T_TICKS] = r[b + T_TICKS]! + 1;
    r[b + T_DEPTH_SUM] = r[b + T_DEPTH_SUM]! + count;
    if (count === 0) {
      // Inputs were flowing and none is here: the next one arrives late.
      if (r[b + FLOWING] === 1) {
        r[b + T_LATE] = r[b + T_LATE]! + 1;
        r[b + LATE_RUN] = r[b + LATE_RUN]! + 1;
        r[b + CLEAN] = 0;
        r[b + CLEAN_MIN] = Infinity;
        r[b + CLEAN_MAX] = 0;
      }
      return lists[0]!;
    }
    r[b + FLOWING] = 1;
    const buffer = adaptBuffer(r, b, count, this.maxBufferTicks);
    const keep = this.targetDepth + buffer;
    let n = 1;
    if (count > keep) n = this.takeOfSurplus(r, b, count - keep);
    else r[b + OVER_RUN] = 0;
    r[b + T_EXTRA] = r[b + T_EXTRA]! + n - 1;
    const out = lists[n]!;
    const tickMs = r[b + TICK_MS]!;
    const maxRewind = r[b + MAX_REWIND]!;
    const measure = tickMs > 0 && Number.isFinite(nowMs);
    let head = r[b + HEAD]!;
    for (let i = 0; i < n; i++) {
      const at = b + HEADER + head * this.stride;
      head = head + 1 === this.capacity ? 0 : head + 1; // (not `%`: see pushInputAt)
      const inp = out[i]!;
      inp.seq = r[at + SEQ]!;
      plan.fill(inp, r, at + FIELDS);
      if (plan.rule !== null) plan.rule(inp);
      const viewTick = r[at + VIEW_TICK]!;
      const arrivedAtMs = r[at + ARRIVED_AT]!;
      inp.viewTick = viewTick;
      inp.arrivedAtMs = arrivedAtMs;
      if (measure && Number.isFinite(arrivedAtMs)) {
        // Where in the tick interval it arrived, as an angle (a circular mean handles the wrap-around).
        const phase = (nowMs - arrivedAtMs) / tickMs;
        const rounded = Math.round((phase - Math.floor(phase)) * PHASES); // in [0, PHASES]
        const k = rounded === PHASES ? 0 : rounded;
        r[b + T_WAIT_COS] = r[b + T_WAIT_COS]! + PHASE_COS[k]!;
        r[b + T_WAIT_SIN] = r[b + T_WAIT_SIN]! + PHASE_SIN[k]!;
        r[b + T_WAITS] = r[b + T_WAITS]! + 1;
      }
      // (The buffer's ticks are added to the rewind bound: holding an input back must not use
      // up its shot's lag compensation.)
      const rewind = rewindTicksFor(viewTick, appliedAtTick, maxRewind > 0 ? maxRewind + buffer : 0);
      inp.rewindTicks = rewind > 0 ? rewind : r[at + REWIND]!;
    }
    r[b + HEAD] = head;
    r[b + COUNT] = count - n;
    r[b + LAST_APPLIED_SEQ] = out[n - 1]!.seq;
    return out;
  }

  /** Inputs to take when `surplus` more than the buffer's are queued (see the file comment on bunching). */
  private takeOfSurplus(r: Float64Array, b: number, surplus: number): number {
    const drain = surplus + 1 < this.maxPerTick ? surplus + 1 : this.maxPerTick;
    if (this.maxBufferTicks === 0 || surplus > OVER_TOLERANCE) {
      r[b + OVER_RUN] = 0;
      return drain;
    }
    const over = r[b + OVER_RUN]! + 1;
    if (over < OVER_SUSTAIN_TICKS) {
      r[b + OVER_RUN] = over;
      return 1;
    }
    r[b + OVER_RUN] = 0;
    return 2;
  }

  /** How inputs arrived since the last report (sent back in Pong); starts a new period. */
  timingReport(): InputTimingReport {
    const r = this.store.f64;
    const b = this.base;
    const ticks = r[b + T_TICKS]!;
    const report: InputTimingReport = {
      ticks,
      meanDepth: ticks > 0 ? Math.round((r[b + T_DEPTH_SUM]! / ticks) * 100) / 100 : 0,
      late: r[b + T_LATE]!,
      extra: r[b + T_EXTRA]!,
      bufferTicks: r[b + BUFFER]!,
    };
    const tickMs = r[b + TICK_MS]!;
    if (r[b + T_WAITS]! > 0 && tickMs > 0) {
      let a = Math.atan2(r[b + T_WAIT_SIN]!, r[b + T_WAIT_COS]!);
      if (a < 0) a += 2 * Math.PI;
      report.waitMs = Math.round(((a * tickMs) / (2 * Math.PI)) * 10) / 10;
    }
    r[b + T_TICKS] = r[b + T_DEPTH_SUM] = r[b + T_LATE] = r[b + T_EXTRA] = r[b + T_WAIT_COS] = r[b + T_WAIT_SIN] = r[b + T_WAITS] = 0;
    return report;
  }

  clear(): void {
    this.store.f64[this.base + COUNT] = 0;
  }
}

/**
 * The buffer for a take that found `count` inputs (after any late ticks before it): a short run
 * of late ticks just ended raises it; a long clean stretch whose surplus was not needed (never
 * below two queued) or not used (never above the buffer) lowers it. Row figures only.
 */
function adaptBuffer(r: Float64Array, b: number, count: number, maxBuffer: number): number {
  let buffer = r[b + BUFFER]!;
  const lateRun = r[b + LATE_RUN]!;
  if (lateRun > 0) {
    r[b + LATE_RUN] = 0;
    if (lateRun <= JITTER_RUN_TICKS && buffer < maxBuffer) r[b + BUFFER] = ++buffer;
    r[b + CLEAN_MIN] = Infinity;
    r[b + CLEAN_MAX] = 0;
    r[b + CLEAN] = 0;
    return buffer;
  }
  const clean = r[b + CLEAN]! + 1;
  const lo = count < r[b + CLEAN_MIN]! ? count : r[b + CLEAN_MIN]!;
  const hi = count > r[b + CLEAN_MAX]! ? count : r[b + CLEAN_MAX]!;
  if (clean >= SHRINK_TICKS && buffer > 0 && (lo >= 2 || hi <= buffer)) {
    r[b + BUFFER] = --buffer;
    r[b + CLEAN] = 0;
    r[b + CLEAN_MIN] = Infinity;
    r[b + CLEAN_MAX] = 0;
    return buffer;
  }
  r[b + CLEAN] = clean;
  r[b + CLEAN_MIN] = lo;
  r[b + CLEAN_MAX] = hi;
  return buffer;
}

/**
 * Queue an input on a queue's row given directly (`r` its store's array, `b` its base, `stride`
 * its doubles per input): the game's numbers from v[off …] (numeric fields, then the buttons'
 * bits), clamped by the game's plan. The session queues its inputs this way, without touching
 * the queue object (on the message path, one object less is one cache miss less), and nothing
 * is allocated. False when it was a duplicate or older than one already queued.
 */
export function pushInputAt(r: Float64Array, b: number, capacity: number, stride: number, plan: InputPlan, seq: number, v: Float64Array, off: number, viewTick: number, arrivedAtMs: number, rewindTicks: number): boolean {
  if (seq <= r[b + LAST_SEQ]!) {
    r[b + DUPLICATES] = r[b + DUPLICATES]! + 1;
    return false;
  }
  r[b + LAST_SEQ] = seq;
  let head = r[b + HEAD]!;
  let count = r[b + COUNT]!;
  // An empty queue starts again at the ring's first slot: inputs that are taken as they come
  // (the usual case) all use the same cache line instead of cycling through the ring's 2 KiB.
  if (count === 0) head = 0;
  if (count >= capacity) {
    // Full: the oldest input goes.
    head = head + 1 === capacity ? 0 : head + 1;
    count--;
    r[b + OVERFLOWED] = r[b + OVERFLOWED]! + 1;
  }
  // (head < capacity and count < capacity here: one subtraction wraps the slot. The figures are
  // doubles, read from the row, and `%` on doubles is an x87 fprem: slow.)
  const slot = head + count;
  const at = b + HEADER + (slot < capacity ? slot : slot - capacity) * stride;
  r[b + HEAD] = head;
  r[b + COUNT] = count + 1;
  r[at + SEQ] = seq;
  r[at + VIEW_TICK] = viewTick;
  r[at + ARRIVED_AT] = arrivedAtMs;
  r[at + REWIND] = rewindTicks;
  const n = plan.nNum;
  for (let i = 0; i < n; i++) r[at + FIELDS + i] = clampField(plan, i, v[off + i]!);
  r[at + FIELDS + n] = v[off + n]!;
  r[b + ACCEPTED] = r[b + ACCEPTED]! + 1;
  return true;
}
