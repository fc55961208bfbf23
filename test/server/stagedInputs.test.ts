/**
 * Inputs staged until the tick (GameServer + InputStage through SocketHandlers.take), with a
 * transport that offers messages to `take` and resolves senders as the uWS transport does:
 * an input is handled in the next tick, in order with its client's other messages, never after
 * its connection closed, and within a bound when no room ticks.
 */
import { describe, expect, it } from 'vitest';
import { encode } from '../../shared/codec.ts';
import { ERR, MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { DEFAULT_CONFIG, GameServer } from '../../server/GameServer.ts';
import type { SocketHandlers } from '../../server/transport/types.ts';
import { ManualTimers } from '../netcode/manualTimers.ts';
import { FakeConnection } from '../rooms/fakes.ts';
import { GAMES } from '../../games/index.ts';
import type { World } from '../../games/arena/shared/world.ts';

/** A socket as uWS gives it: the connection and its attachment live on the socket object. */
class FakeSocket {
  constructor(readonly conn: FakeConnection) {}
}

function setup() {
  const timers = new ManualTimers();
  const clock = timers.clock;
  let h: SocketHandlers | null = null;
  const server = new GameServer(
    { ...DEFAULT_CONFIG, port: 0, session: { messagesPerSec: 1e6, messageBurst: 1e6, maxViolationScore: 1e6 } },
    {
      clock,
      games: GAMES,
      scheduler: { schedule: timers.schedule },
      transport: (_opts, handlers) => {
        h = handlers;
        return {
          listen: async () => 1,
          stopListening: () => {},
          closeAll: () => {},
          attachmentOf: (from) => {
            const conn = (from as FakeSocket).conn;
            return conn.closed ? undefined : conn.attachment;
          },
        };
      },
    },
  );
  let nextId = 1;
  const connect = () => {
    const conn = new FakeConnection(nextId++);
    h!.open(conn);
    return { conn, sock: new FakeSocket(conn) };
  };
  /** What uWS does with a message: offer it to `take`, else deliver it. */
  const send = (c: { conn: FakeConnection; sock: FakeSocket }, msg: unknown[]): boolean => {
    const bytes = encode(msg);
    if (h!.take?.(c.sock, bytes)) return true;
    if (!c.conn.closed) h!.message(c.conn, bytes, c.conn.attachment);
    return false;
  };
  const close = (c: { conn: FakeConnection }) => {
    c.conn.closed = true;
    h!.close(c.conn, 1006, '');
  };
  /** Advance one tick and run what came due. */
  const tick = () => timers.advance(1000 / 30);
  return { server, clock, connect, send, close, tick };
}

const input = (seq: number, mx = 1) => [MSG.Input, seq, mx, 0, 0, 0];
const errors = (conn: FakeConnection) => conn.of(MSG.Error).map((m) => m[1]);

describe('staged inputs', () => {
  it('an input is taken on arrival and handled at the start of the next tick', async () => {
    const { server, connect, send, tick } = setup();
    await server.start();
    const c = connect();
    send(c, [MSG.Join, PROTOCOL_VERSION, 'ann', 'arena']);
    const { playerId, roomId } = c.conn.welcome();
    const room = server.rooms.rooms.get(roomId)!;
    tick();
    expect(send(c, input(1))).toBe(true);
    expect(server.stats.messagesIn).toBe(2);
    const p = (room.world as World).players.get(playerId)!;
    expect(p.lastInput).toBe(0); // not yet handled
    const x0 = p.x;
    tick();
    expect(p.lastInput).toBe(1);
    expect(p.x).toBeGreaterThan(x0);
    await server.stop();
  });

  it("keeps a client's order: staged inputs are handled before its next other message", async () => {
    const { server, connect, send } = setup();
    await server.start();
    const c = connect();
    // Before joining: the inputs are refused (NotJoined; BadField first for a NaN), in their
    // order, and the Join after them is handled after them.
    expect(send(c, input(1))).toBe(true);
    expect(send(c, [MSG.Input, 2, Number.NaN, 0, 0, 0])).toBe(true);
    expect(errors(c.conn)).toEqual([]);
    expect(send(c, [MSG.Join, PROTOCOL_VERSION, 'ann', 'arena'])).toBe(false);
    expect(errors(c.conn)).toEqual([ERR.NotJoined, ERR.BadField]);
    expect(c.conn.of(MSG.Welcome)).toHaveLength(1);
    // Joined: a bad input staged, then a Ping: the Error comes before the Pong.
    send(c, [MSG.Input, 3, 'left', 0, 0, 0]);
    send(c, [MSG.Ping, 5]);
    const kinds = c.conn.received.map((m) => m[0]).filter((k) => k === MSG.Error || k === MSG.Pong);
    expect(kinds.slice(-2)).toEqual([MSG.Error, MSG.Pong]);
    expect(errors(c.conn).at(-1)).toBe(ERR.BadField);
    await server.stop();
  });

  it("drops the staged inputs of a connection closed before the tick, and handles everyone else's", async () => {
    const { server, connect, send, close, tick } = setup();
    await server.start();
    const a = connect();
    const b = connect();
    send(a, [MSG.Join, PROTOCOL_VERSION, 'a', 'arena']);
    send(b, [MSG.Join, PROTOCOL_VERSION, 'b', 'arena']);
    const room = server.rooms.rooms.get(b.conn.welcome().roomId)!;
    send(a, [MSG.Input, 1, 'bad', 0, 0, 0]); // would be answered with BadField
    send(b, input(1));
    a.conn.closed = true; // closed by the transport; its close not yet reported
    tick();
    expect(errors(a.conn)).toEqual([]);
    expect((room.world as World).players.get(b.conn.welcome().playerId)!.lastInput).toBe(1);
    close(a);
    expect(server.stats.rejected.get(ERR.BadField) ?? 0).toBe(0);
    await server.stop();
  });

  it('bounds the stage: past its capacity it is drained, and every input is still handled', async () => {
    const { server, connect, send } = setup();
    await server.start();
    const c = connect();
    const n = 25_000;
    for (let i = 1; i <= n; i++) send(c, input(i));
    send(c, [MSG.Ping, 1]); // drains the rest
    expect(server.stats.rejected.get(ERR.NotJoined)).toBe(n);
    await server.stop();
  });

  it('with no room ticking, an input is still answered, once it is a few tens of milliseconds old', async () => {
    const { server, connect, send } = setup();
    await server.start();
    const c = connect();
    send(c, input(1));
    expect(errors(c.conn)).toEqual([]);
    const t0 = Date.now();
    // (Well inside the server's 1 s sweep, which drains the stage too.)
    while (errors(c.conn).length === 0 && Date.now() - t0 < 500) await new Promise((r) => setTimeout(r, 10));
    expect(errors(c.conn)).toEqual([ERR.NotJoined]);
    await server.stop();
  });
});
