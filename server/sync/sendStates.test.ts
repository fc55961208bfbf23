/**
 * sendStates asks the transport for a client's send buffer only every few ticks, keeping a bound
 * (the last measure plus the States sent since) in between. These tests hold it to the rule the
 * measure-every-tick version kept: no State is published or sent to a client whose buffer is
 * over the soft limit, and a client that stops reading is skipped from the tick its buffer passes
 * the soft limit, and closed past the hard limit once measured.
 */
import { describe, expect, it } from 'vitest';
import { fixtureOpenGame } from '../../shared/game/testing/fixtureGame.ts';
import { GameHarness } from '../../shared/game/testing/testKit.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { ClientSession } from '../ClientSession.ts';
import { ServerStats } from '../ServerStats.ts';
import type { Connection, SendResult } from '../transport/types.ts';
import { RoomSync } from './RoomSync.ts';
import { REMEASURE_TICKS, sendStates, type SendLimits, type StateFanout } from './sendStates.ts';

const SOFT = 4000;
const HARD = 40_000;
const TOPIC = 'room/1/state';

/** A socket whose buffer fills with what is sent and empties only as fast as its reader drains it. */
class FakeSocket implements Connection {
  readonly remoteAddress = '127.0.0.1';
  readonly url = '/ws';
  attachment: unknown = undefined;
  closed = false;
  closeCode = 0;
  buffered = 0;
  /** Bytes the reader takes per tick (Infinity: it keeps up). */
  drainPerTick = Infinity;
  subscribed = false;
  measures = 0;
  /** States that reached the buffer while it was over the soft limit (must stay 0). */
  receivedOverSoft = 0;
  constructor(readonly id: number) {}
  receive(bytes: number): void {
    if (this.buffered > SOFT) this.receivedOverSoft++;
    this.buffered += bytes + 4;
  }
  send(bytes: Uint8Array): SendResult {
    if (this.closed) return 'closed';
    this.receive(bytes.byteLength);
    return 'ok';
  }
  bufferedAmount(): number {
    this.measures++;
    return this.buffered;
  }
  close(code: number): void {
    this.closed = true;
    this.closeCode = code;
  }
  subscribe(): void {
    this.subscribed = true;
  }
  unsubscribe(): void {
    this.subscribed = false;
  }
  drain(): void {
    this.buffered = Math.max(0, this.buffered - this.drainPerTick);
  }
}

function room(clients: number) {
  // The open fixture: no owner-only kind, so the clients in sync share one published State.
  const h = new GameHarness(fixtureOpenGame, { size: 2000 }, 7);
  const sync = new RoomSync({ aoi: null, checksum: false, mode: 'delta', seat: fixtureOpenGame.seat, kinds: fixtureOpenGame.kinds });
  const stats = new ServerStats();
  const limits: SendLimits = { softBackpressureBytes: SOFT, hardBackpressureBytes: HARD, slowReaderTimeoutMs: 60_000, maxTicksInFlight: 1e9 };
  const sockets: FakeSocket[] = [];
  const sessions: ClientSession[] = [];
  for (let i = 0; i < clients; i++) {
    const conn = new FakeSocket(i + 1);
    const s = new ClientSession(conn, { messagesPerSec: 100, messageBurst: 100, maxViolationScore: 10 }, 0);
    s.playerId = h.join(`p${i}`);
    sockets.push(conn);
    sessions.push(s);
  }
  const fanout: StateFanout = {
    topic: TOPIC,
    publish: (_topic, bytes) => {
      for (const c of sockets) if (c.subscribed && !c.closed) c.receive(bytes.byteLength);
      return true;
    },
  };
  let t = 0;
  const tick = (): void => {
    t++;
    // Everyone moves every tick, so every State carries a delta.
    const prev = h.snapshot;
    h.step(new Map(sessions.map((s) => [s.playerId, [{ seq: t, mx: Math.cos(t / 5 + s.playerId), my: Math.sin(t / 7), aim: t / 3 }]])));
    sync.beginTick(prev, h.snapshot);
    sendStates(
      sessions.filter((s) => !s.conn.closed),
      sync,
      limits,
      stats,
      t * 33,
      fanout,
    );
    for (const c of sockets) c.drain();
  };
  return { sockets, sessions, stats, tick };
}

describe('sendStates: the send buffer measured every few ticks, bounded in between', () => {
  it('asks the transport about once every REMEASURE_TICKS for clients that keep up', () => {
    const { sockets, tick } = room(20);
    const ticks = 240;
    for (let i = 0; i < ticks; i++) tick();
    for (const c of sockets) {
      expect(c.closed).toBe(false);
      expect(c.subscribed).toBe(true);
      expect(c.measures).toBeGreaterThanOrEqual(Math.floor(ticks / REMEASURE_TICKS));
      expect(c.measures).toBeLessThanOrEqual(Math.ceil(ticks / REMEASURE_TICKS) + 1);
    }
  });

  it('never sends to a client over the soft limit, and skips it from the tick it passes it', () => {
    const { sockets, sessions, stats, tick } = room(12);
    for (let i = 0; i < 20; i++) tick();
    // Half the readers slow down (at different rates), one stops reading at all.
    sockets.forEach((c, i) => {
      if (i % 2 === 0) c.drainPerTick = i === 0 ? 0 : 40 * i;
    });
    let skippedTicks = 0;
    for (let i = 0; i < 400; i++) {
      const before = sockets.map((c) => c.buffered);
      const skippedBefore = sessions.map((s) => s.statesSkipped);
      tick();
      sockets.forEach((c, k) => {
        if (c.closed) return;
        const skipped = sessions[k]!.statesSkipped > skippedBefore[k]!;
        // Skipped exactly when the buffer was over the soft limit before this tick's State.
        expect(skipped).toBe(before[k]! > SOFT);
        if (skipped) skippedTicks++;
      });
    }
    for (const c of sockets) expect(c.receivedOverSoft).toBe(0);
    expect(skippedTicks).toBeGreaterThan(0);
    expect(stats.statesSkippedBackpressure).toBe(skippedTicks);
    // The reader that stopped was never closed for the hard limit: skipped, its buffer stops growing.
    expect(sockets[0]!.buffered).toBeLessThanOrEqual(SOFT + 1000);
    // Readers that keep up were measured rarely; slow ones as often as their bound says they may be over.
    expect(sockets[1]!.measures).toBeLessThan(420 / REMEASURE_TICKS + 2);
  });

  it('closes a client whose buffer is over the hard limit when it is measured', () => {
    const { sockets, tick } = room(3);
    for (let i = 0; i < 5; i++) tick();
    // Something other than States (a burst of events, say) filled this socket's buffer.
    sockets[1]!.drainPerTick = 0;
    sockets[1]!.buffered = HARD + 1;
    for (let i = 0; i <= REMEASURE_TICKS; i++) tick();
    expect(sockets[1]!.closed).toBe(true);
    expect(sockets[1]!.closeCode).toBe(CLOSE.SlowReader);
    expect(sockets[0]!.closed).toBe(false);
  });
});
