/**
 * One connected client: its connection, its player in a room, its input queue, the snapshot it
 * is known to hold (its baseline for deltas), and its misbehaviour budget.
 */
import type { Snapshot } from '../shared/sync/snapshot.ts';
import { EMPTY_SNAPSHOT } from '../shared/sync/snapshot.ts';
import { InputQueue } from './InputQueue.ts';
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
}

export class ClientSession implements SyncTarget {
  room: Room | null = null;
  playerId = 0;
  name = '';
  readonly inputs = new InputQueue();
  /** The snapshot this client holds: the last one accepted for delivery. */
  baseline: Snapshot = EMPTY_SNAPSHOT;
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
  private tokens: number;
  private lastRefillMs: number;
  // The rate limit's figures, copied here: takeToken runs for every message.
  private readonly burst: number;
  private readonly perSec: number;
  private violationScore = 0;
  private lastViolationMs: number;
  lastRateLimitNoticeMs = -Infinity;

  constructor(
    readonly conn: Connection,
    private readonly limits: SessionLimits,
    nowMs: number,
  ) {
    this.connectedAtMs = nowMs;
    this.tokens = limits.messageBurst;
    this.burst = limits.messageBurst;
    this.perSec = limits.messagesPerSec;
    this.lastRefillMs = nowMs;
    this.lastViolationMs = nowMs;
  }

  get joined(): boolean {
    return this.room !== null;
  }

  /** Tick of the last state the client says it applied, and when it said so. */
  ackTick = 0;
  ackAtMs = -Infinity;

  /** Record the client's acknowledgement (never beyond what it was sent). */
  acknowledge(tick: number, nowMs: number): void {
    if (tick === 0) return;
    this.ackTick = Math.min(this.baseline.tick, Math.max(this.ackTick, tick));
    this.ackAtMs = nowMs;
  }

  /**
   * Ticks of state sent but not yet acknowledged, when the client acknowledges (0 when it has
   * not said anything for a while: then only the transport's buffer tells).
   */
  ticksInFlight(nowMs: number): number {
    return nowMs - this.ackAtMs < 2000 ? this.baseline.tick - this.ackTick : 0;
  }

  /** Take a token for one message; false when the client is over its rate. */
  takeToken(nowMs: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastRefillMs) / 1000) * this.perSec);
    this.lastRefillMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Record a bad message; true when the client has passed its budget and must be closed. */
  violation(nowMs: number): boolean {
    this.violationScore = Math.max(0, this.violationScore - ((nowMs - this.lastViolationMs) / 1000) * 2) + 1;
    this.lastViolationMs = nowMs;
    return this.violationScore >= this.limits.maxViolationScore;
  }
}
