/**
 * One connected client: its connection, its player in a room, its input queue, the snapshot it
 * is known to hold (its baseline for deltas), and its misbehaviour budget.
 */
import type { Snapshot } from '../shared/sync/snapshot.ts';
import { EMPTY_SNAPSHOT } from '../shared/sync/snapshot.ts';
import type { RowStore } from '../shared/util/rowStore.ts';
import type { InputPlan } from '../shared/game/inputPlan.ts';
import { DEFAULT_STRIDE, InputQueue, OWNER_SLOTS, pushInputAt } from './InputQueue.ts';
import type { Connection } from './transport/types.ts';
import type { Room } from './rooms/Room.ts';
import type { SyncTarget } from './sync/RoomSync.ts';

export interface SessionLimits {
  /** Messages per second a client may send (token bucket refill rate). */
  messagesPerSec: number;
  /** Bucket size (burst). */
  messageBurst: number;
  /** Violation score at which the client is closed; each bad message adds 1, it decays 2/s. */
  maxViolationScore: number;
  /**
   * A client over its rate this long without a break (a message refused for the rate at least
   * every OVER_RATE_GAP_MS) is closed with CLOSE.MessageFlood; 0 or absent: never.
   */
  maxOverRateMs?: number;
}

/** Refusals for the rate further apart than this end a flood (see SessionLimits.maxOverRateMs). */
export const OVER_RATE_GAP_MS = 1000;

/**
 * The session's figures that every message reads and writes, in the first doubles of its input
 * queue's row (InputQueue's OWNER_SLOTS), next to the queue's own: as object fields these
 * non-integer numbers would each be a heap box of its own, a likely cache miss per message.
 */
const TOKENS = 0;
const LAST_REFILL_MS = 1;
const ACK_AT_MS = 2;
if (ACK_AT_MS >= OWNER_SLOTS) throw new Error('ClientSession: more figures than the input queue keeps for its owner');

const QUEUE_CAPACITY = 32;
/** The stride of a RowStore that holds sessions' rows (their input queues' of `inputStride` doubles per input, see the constructor). */
export const sessionRowLength = (inputStride: number): number => InputQueue.rowLength(QUEUE_CAPACITY, inputStride);

export class ClientSession implements SyncTarget {
  // The fields every message reads come first (an object's first cache line; see TOKENS).
  room: Room | null = null;
  /** The connection is gone and the row given back (see release). */
  released = false;
  readonly inputs: InputQueue;
  /** The message path's figures (see TOKENS): the input queue's row, in its store. */
  private store: RowStore;
  private base: number;
  // The rate limit's figures, copied here: takeToken runs for every message.
  private readonly burst: number;
  private readonly perSec: number;
  /** The snapshot this client holds: the last one accepted for delivery. */
  baseline: Snapshot = EMPTY_SNAPSHOT;
  /** Tick of the last state the client says it applied (an integer: an in-object field, read every tick). */
  ackTick = 0;
  playerId = 0;
  name = '';
  /** Next state must be a full snapshot (join, resync request). */
  needsFull = true;
  /** Subscribed to its room's state topic: in sync, it gets the State published to all (sendStates). */
  onStateTopic = false;
  /** Entity ids the client holds at its baseline (interest management); null: all of it. */
  held: Set<number> | null = null;
  /** Centre of the client's view in wire units (its player's last known position). */
  viewX = 0;
  viewY = 0;
  readonly connectedAtMs: number;
  statesSkipped = 0;
  /** An upper bound on the bytes in its send buffer, and the ticks until it is measured again (sendStates). */
  bufferedBound = 0;
  ticksToMeasure = 0;
  /** Since when the client has been skipped for backpressure without a break (null: it is not). */
  skippingSinceMs: number | null = null;
  private violationScore = 0;
  private lastViolationMs: number;
  lastRateLimitNoticeMs = -Infinity;
  /** Since when the client has been over its rate without a break, and when it last was (see overRate). */
  private overRateSinceMs = -Infinity;
  private overRateLastMs = -Infinity;

  constructor(
    readonly conn: Connection,
    private readonly limits: SessionLimits,
    nowMs: number,
    /** Where the input queue's row lives (the server's store for all its clients); by default its own. */
    rows?: RowStore,
    /** Doubles per queued input (the server's, for the largest input of its games). */
    inputStride = DEFAULT_STRIDE,
  ) {
    this.inputs = new InputQueue(QUEUE_CAPACITY, 4, 1, rows, undefined, inputStride);
    this.store = this.inputs.store;
    this.base = this.inputs.base;
    const hot = this.store.f64;
    this.connectedAtMs = nowMs;
    hot[this.base + TOKENS] = limits.messageBurst;
    this.burst = limits.messageBurst;
    this.perSec = limits.messagesPerSec;
    hot[this.base + LAST_REFILL_MS] = nowMs;
    hot[this.base + ACK_AT_MS] = -Infinity;
    this.lastViolationMs = nowMs;
  }

  /** The connection is gone: give the row back to the server's store (the session keeps a copy of its own). */
  release(): void {
    this.released = true;
    this.inputs.release();
    this.store = this.inputs.store;
    this.base = this.inputs.base;
  }

  /** A Join is being resolved asynchronously (a cluster seat being claimed): a second Join is refused. */
  joinPending = false;

  get joined(): boolean {
    return this.room !== null;
  }

  /**
   * Queue an input (inputs.pushClamped, on the queue's row directly: the message path does not
   * touch the queue object). False when it was a duplicate or older than one already queued.
   */
  queueInput(plan: InputPlan, seq: number, values: Float64Array, off: number, viewTick: number, arrivedAtMs: number): boolean {
    return pushInputAt(this.store.f64, this.base, QUEUE_CAPACITY, this.inputs.stride, plan, seq, values, off, viewTick, arrivedAtMs, 0);
  }

  /** Record the client's acknowledgement (never beyond what it was sent). */
  acknowledge(tick: number, nowMs: number): void {
    if (tick === 0) return;
    this.ackTick = Math.min(this.baseline.tick, Math.max(this.ackTick, tick));
    this.store.f64[this.base + ACK_AT_MS] = nowMs;
  }

  /**
   * More than `max` ticks of state sent but not yet acknowledged, while the client acknowledges
   * (when it has not said anything for a while, only the transport's buffer tells). Runs for every
   * client every tick: it reads the session's first line only, unless the count is over `max`.
   */
  tooManyInFlight(nowMs: number, max: number): boolean {
    if (this.baseline.tick - this.ackTick <= max) return false;
    return nowMs - this.store.f64[this.base + ACK_AT_MS]! < 2000;
  }

  /** Take a token for one message; false when the client is over its rate. */
  takeToken(nowMs: number): boolean {
    const h = this.store.f64;
    const b = this.base;
    const tokens = Math.min(this.burst, h[b + TOKENS]! + ((nowMs - h[b + LAST_REFILL_MS]!) / 1000) * this.perSec);
    h[b + LAST_REFILL_MS] = nowMs;
    if (tokens < 1) {
      h[b + TOKENS] = tokens;
      return false;
    }
    h[b + TOKENS] = tokens - 1;
    return true;
  }

  /**
   * A message was refused for the rate (takeToken said no): true when the client has been over
   * its rate for maxOverRateMs without a break, and must be closed. A burst after a stall is
   * refused for a moment only (the bucket refills while the client is quiet): a break of more
   * than OVER_RATE_GAP_MS between refusals starts the count again.
   */
  overRate(nowMs: number): boolean {
    const maxMs = this.limits.maxOverRateMs ?? 0;
    if (nowMs - this.overRateLastMs > OVER_RATE_GAP_MS) this.overRateSinceMs = nowMs;
    this.overRateLastMs = nowMs;
    return maxMs > 0 && nowMs - this.overRateSinceMs >= maxMs;
  }

  /** Record a bad message; true when the client has passed its budget and must be closed. */
  violation(nowMs: number): boolean {
    this.violationScore = Math.max(0, this.violationScore - ((nowMs - this.lastViolationMs) / 1000) * 2) + 1;
    this.lastViolationMs = nowMs;
    return this.violationScore >= this.limits.maxViolationScore;
  }
}
