/**
 * The end of a room's tick: one State message to each client, or none to a client that could
 * not take it. A client whose send buffer is over the soft limit, or with too many states sent
 * but not acknowledged, is skipped (its baseline stays, so it later gets one catch-up delta);
 * one stuck like that for too long, or over the hard limit, is closed with CLOSE.SlowReader.
 */
import { CLOSE } from '../../shared/protocol.ts';
import type { ClientSession } from '../ClientSession.ts';
import type { ServerStats } from '../ServerStats.ts';
import type { RoomSync } from './RoomSync.ts';

export interface SendLimits {
  softBackpressureBytes: number;
  hardBackpressureBytes: number;
  slowReaderTimeoutMs: number;
  maxTicksInFlight: number;
}

export function sendStates(sessions: Iterable<ClientSession>, sync: RoomSync, limits: SendLimits, stats: ServerStats, nowMs: number): void {
  for (const s of sessions) {
    if (s.conn.closed) continue;
    const buffered = s.conn.bufferedAmount();
    if (buffered > limits.hardBackpressureBytes) {
      s.conn.close(CLOSE.SlowReader, 'slow reader: send buffer over the hard limit');
      continue;
    }
    if (buffered > limits.softBackpressureBytes || s.ticksInFlight(nowMs) > limits.maxTicksInFlight) {
      // Deltas would only queue: skip; once drained the client gets one catch-up delta.
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
    const bytes = sync.encodeFor(s, s.inputs.lastAppliedSeq);
    const r = stats.send(s.conn, bytes);
    if (r === 'ok' || r === 'backpressure') {
      sync.commit(s);
      if (sync.lastWasCatchUp) stats.catchUpStates++;
    } else if (r === 'dropped') {
      stats.statesDropped++;
    }
  }
}
