/** In-process fakes for room tests: a recording connection and a room manager on a manual clock. */
import { ManualClock } from '../../shared/clock.ts';
import { decode } from '../../shared/codec.ts';
import { MSG, type RoomEvent, type WelcomeInfo } from '../../shared/protocol.ts';
import { ClientSession } from '../../server/ClientSession.ts';
import { RoomManager, type RoomManagerOptions } from '../../server/rooms/RoomManager.ts';
import { ServerStats } from '../../server/ServerStats.ts';
import type { Scheduler } from '../../server/TickLoop.ts';
import type { Connection, SendResult } from '../../server/transport/types.ts';
import { arena } from '../../games/arena/index.ts';

export class FakeConnection implements Connection {
  readonly remoteAddress = '127.0.0.1';
  readonly url = '/ws';
  readonly received: unknown[][] = [];
  closed = false;
  closeCode: number | null = null;
  attachment: unknown = undefined;

  constructor(readonly id: number) {}

  send(bytes: Uint8Array): SendResult {
    if (this.closed) return 'closed';
    this.received.push(decode(bytes) as unknown[]);
    return 'ok';
  }

  bufferedAmount(): number {
    return 0;
  }

  close(code: number): void {
    this.closed = true;
    this.closeCode = code;
  }

  of(type: number): unknown[][] {
    return this.received.filter((m) => m[0] === type);
  }

  welcome(): WelcomeInfo {
    const w = this.of(MSG.Welcome).at(-1);
    if (!w) throw new Error('no welcome');
    return w[1] as WelcomeInfo;
  }

  events(): RoomEvent[] {
    return this.of(MSG.Event).map((m) => m[1] as RoomEvent);
  }
}

/** A scheduler that never fires: the test drives ticks with room.loop.runDue(). */
export const idleScheduler: Scheduler = { schedule: () => () => {} };

export function session(clock: ManualClock, connId: number): { s: ClientSession; conn: FakeConnection } {
  const conn = new FakeConnection(connId);
  return { s: new ClientSession(conn, { messagesPerSec: 100, messageBurst: 100, maxViolationScore: 20 }, clock.now()), conn };
}

export function manager(opts: Partial<RoomManagerOptions> = {}): { rooms: RoomManager; clock: ManualClock; stats: ServerStats } {
  const clock = new ManualClock(1000);
  const stats = new ServerStats();
  const rooms = new RoomManager(
    { maxRooms: 10, softBackpressureBytes: 1 << 20, hardBackpressureBytes: 1 << 22, emptyRoomTtlMs: 5000, reconnectGraceMs: 20_000, ...opts },
    { clock, stats, scheduler: idleScheduler },
  );
  rooms.registerRoomType('arena', { capacity: 4, tickRate: 30, game: arena, params: { width: 1200, height: 1200 }, seed: 7 });
  return { rooms, clock, stats };
}
