/** Server-wide counters. Plain numbers, read by the metrics endpoint and the tests. */
import type { Connection, SendResult } from './transport/types.ts';
import { ERR, type ErrCode } from '../shared/protocol.ts';

export class ServerStats {
  connectionsOpened = 0;
  connectionsClosed = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  /** State messages not sent because the client's send buffer was above the soft limit. */
  statesSkippedBackpressure = 0;
  /** State messages the transport dropped (the client's baseline did not advance). */
  statesDropped = 0;
  catchUpStates = 0;
  /** State messages that reached their client through one publish to the room's state topic (counted per client). */
  statesPublished = 0;
  roomsCreated = 0;
  roomsDisposed = 0;
  /** Never-joined rooms disposed at maxRooms to make room for a new one. */
  roomsReclaimed = 0;
  /** Matchmake calls refused, by ERR code (rate limit, per-address caps, max rooms, …). */
  readonly matchmakeRefused = new Map<ErrCode, number>();
  /** Rooms stopped because their tick threw. */
  roomsFailed = 0;
  /** Client messages whose handling threw (a server bug: logged, and the other messages go on). */
  messagesFailed = 0;
  readonly rejected = new Map<ErrCode, number>();
  readonly closedByCode = new Map<number, number>();
  /** Called after every room tick with its duration (the metrics histogram observes it). */
  onTickMeasured: ((roomType: string, durationMs: number) => void) | null = null;

  /**
   * Send on a connection and count what the transport accepted (written or queued). Every
   * message the server sends goes through here, so bytesOut is exactly what clients get.
   */
  send(conn: Connection, bytes: Uint8Array): SendResult {
    const r = conn.send(bytes);
    if (r === 'ok' || r === 'backpressure') {
      this.messagesOut++;
      this.bytesOut += bytes.byteLength;
    }
    return r;
  }

  reject(code: ErrCode): void {
    this.rejected.set(code, (this.rejected.get(code) ?? 0) + 1);
  }

  matchmakeRefusedWith(code: ErrCode): void {
    this.matchmakeRefused.set(code, (this.matchmakeRefused.get(code) ?? 0) + 1);
  }

  closed(code: number): void {
    this.connectionsClosed++;
    this.closedByCode.set(code, (this.closedByCode.get(code) ?? 0) + 1);
  }

  rejectedTotal(): number {
    let n = 0;
    for (const v of this.rejected.values()) n += v;
    return n;
  }

  rejectedByName(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, code] of Object.entries(ERR)) {
      const v = this.rejected.get(code);
      if (v) out[name] = v;
    }
    return out;
  }
}
