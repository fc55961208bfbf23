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
 */
import { CLOSE } from '../../shared/protocol.ts';
import { ScratchList } from '../../shared/sim/scratchList.ts';
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
    if (s.conn.closed) continue;
    const buffered = s.conn.bufferedAmount();
    if (buffered > limits.hardBackpressureBytes) {
      s.conn.close(CLOSE.SlowReader, 'slow reader: send buffer over the hard limit');
      continue;
    }
    if (buffered > limits.softBackpressureBytes || s.ticksInFlight(nowMs) > limits.maxTicksInFlight) {
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
    for (let i = 0; i < n; i++) sync.commitShared(list[i]!);
  } else {
    for (let i = 0; i < n; i++) if (sendOne(list[i]!, bytes, stats)) sync.commitShared(list[i]!);
  }
  inSync.clear();
}

/** Send a State of its own; true when the transport accepted it (the client will have it). */
function sendOne(s: ClientSession, bytes: Uint8Array, stats: ServerStats): boolean {
  const r = stats.send(s.conn, bytes);
  if (r === 'ok' || r === 'backpressure') return true;
  if (r === 'dropped') stats.statesDropped++;
  return false;
}

function leaveStateTopic(s: ClientSession, fanout: StateFanout | null): void {
  if (!s.onStateTopic || !fanout) return;
  s.conn.unsubscribe?.(fanout.topic);
  s.onStateTopic = false;
}
