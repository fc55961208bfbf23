/**
 * The end of a room's tick: one State message to each client, or none to a client that could
 * not take it. A client whose send buffer is over the soft limit, or with too many states sent
 * but not acknowledged, is skipped (its baseline stays, so it later gets one catch-up delta);
 * one stuck like that for too long, or over the hard limit, is closed with CLOSE.SlowReader.
 *
 * Encode once, fan out natively: when every client sees everything, the clients in sync all get
 * the same bytes, so they are subscribed to the room's state topic and the State is published
 * once (uWS copies it to each socket in C++, corked). A client leaves the topic the moment it
 * is skipped or needs a message of its own (catch-up, full snapshot), so a publish never reaches
 * a client that does not hold the tick before it, nor one over the soft limit: what was
 * published is what the client will have.
 *
 * The send buffer is asked for only every few ticks, or when a bound on it (the last measure plus
 * the States sent since) passes the soft limit: see bufferedBound.
 */
import { CLOSE } from '../../shared/protocol.ts';
import { ScratchList } from '../../shared/util/scratchList.ts';
import type { ClientSession } from '../ClientSession.ts';
import type { ServerStats } from '../ServerStats.ts';
import type { RoomSync } from './RoomSync.ts';

export interface SendLimits {
  softBackpressureBytes: number;
  hardBackpressureBytes: number;
  slowReaderTimeoutMs: number;
  maxTicksInFlight: number;
}

/** The room's state topic and the transport's native publish (false: the transport has none). */
export interface StateFanout {
  readonly topic: string;
  publish(topic: string, bytes: Uint8Array): boolean;
}

/** The clients in sync this tick (reused: refilling it allocates nothing). */
const inSync = new ScratchList<ClientSession>();

export function sendStates(
  sessions: Iterable<ClientSession>,
  sync: RoomSync,
  limits: SendLimits,
  stats: ServerStats,
  nowMs: number,
  fanout: StateFanout | null = null,
): void {
  inSync.clear();
  let shared: Uint8Array | null = null;
  for (const s of sessions) {
    // (A closed connection is not checked for here: that would touch every client's connection
    // object every tick. Its sends return 'closed', so nothing is committed for it, and its
    // session leaves the room when the transport reports the close.)
    const buffered = bufferedBound(s, limits.softBackpressureBytes);
    if (buffered > limits.hardBackpressureBytes) {
      s.conn.close(CLOSE.SlowReader, 'slow reader: send buffer over the hard limit');
      continue;
    }
    if (buffered > limits.softBackpressureBytes || s.tooManyInFlight(nowMs, limits.maxTicksInFlight)) {
      // Deltas would only queue: skip; once drained the client gets one catch-up delta.
      leaveStateTopic(s, fanout);
      s.skippingSinceMs ??= nowMs;
      if (nowMs - s.skippingSinceMs > limits.slowReaderTimeoutMs) {
        s.conn.close(CLOSE.SlowReader, 'slow reader: not draining its send buffer');
        continue;
      }
      s.statesSkipped++;
      stats.statesSkippedBackpressure++;
      continue;
    }
    s.skippingSinceMs = null;
    const bytes = sync.encodeFor(s);
    if (fanout && sync.lastWasShared) {
      shared = bytes; // the same bytes for every client in sync this tick
      inSync.push(s);
      continue;
    }
    leaveStateTopic(s, fanout);
    if (sendOne(s, bytes, stats)) {
      sync.commit(s);
      if (sync.lastWasCatchUp) stats.catchUpStates++;
    }
  }
  if (shared === null || !fanout) return;
  const bytes = shared;
  const n = inSync.n;
  const list = inSync.items;
  for (let i = 0; i < n; i++) {
    const s = list[i]!;
    if (!s.onStateTopic) {
      s.conn.subscribe?.(fanout.topic);
      s.onStateTopic = true;
    }
  }
  if (fanout.publish(fanout.topic, bytes)) {
    stats.messagesOut += n;
    stats.bytesOut += bytes.byteLength * n;
    stats.statesPublished += n;
    const grew = bytes.byteLength + FRAME_HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const s = list[i]!;
      s.bufferedBound += grew;
      sync.commitShared(s);
    }
  } else {
    for (let i = 0; i < n; i++) if (sendOne(list[i]!, bytes, stats)) sync.commitShared(list[i]!);
  }
  inSync.clear();
}

/** Bytes of a WebSocket frame's header, at most, from the server (no mask): counted in the bound. */
const FRAME_HEADER_BYTES = 10;
/** Ticks after which the bound is measured again anyway (it also covers sends other than States). */
export const REMEASURE_TICKS = 8;

/**
 * An upper bound on the bytes in the client's send buffer, asking the transport (a call into
 * native code, for every client every tick) only when the bound says the client may be over the
 * soft limit, or every REMEASURE_TICKS. The buffer only grows by what is sent to it, so the last
 * measure plus the States sent since is a bound; the other messages (Pong, errors, events, a few
 * hundred bytes a second) are covered by the periodic measure, far inside the margin between the
 * soft limit and the transport's own limit. A client the bound puts over the soft limit is
 * measured before it is skipped: a client is never skipped or closed on the bound alone.
 */
function bufferedBound(s: ClientSession, softLimit: number): number {
  if (s.bufferedBound <= softLimit && --s.ticksToMeasure > 0) return s.bufferedBound;
  const measured = s.conn.bufferedAmount();
  s.bufferedBound = measured;
  s.ticksToMeasure = REMEASURE_TICKS;
  return measured;
}

/** Send a State of its own; true when the transport accepted it (the client will have it, and its buffer bound grows by it). */
function sendOne(s: ClientSession, bytes: Uint8Array, stats: ServerStats): boolean {
  const r = stats.send(s.conn, bytes);
  if (r === 'ok' || r === 'backpressure') {
    s.bufferedBound += bytes.byteLength + FRAME_HEADER_BYTES;
    return true;
  }
  if (r === 'dropped') stats.statesDropped++;
  return false;
}

function leaveStateTopic(s: ClientSession, fanout: StateFanout | null): void {
  if (!s.onStateTopic || !fanout) return;
  s.conn.unsubscribe?.(fanout.topic);
  s.onStateTopic = false;
}
