/** The real server on an ephemeral port, driven by real WebSocket clients using the SDK. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND, PlayerSchema } from '../../games/arena/shared/kinds.ts';
import { CLOSE, ERR, MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { fromRecord } from '../../shared/schema.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import type { GameServer } from '../../server/GameServer.ts';
import { client, RawSocket, startServer, until } from '../helpers/net.ts';
import { arena } from '../../games/arena/index.ts';
import type { ArenaInfo } from '../../games/arena/index.ts';

let server: GameServer;
let wsUrl: string;

beforeAll(async () => {
  ({ server, wsUrl } = await startServer({ roomCapacity: 4 }));
});
afterAll(async () => {
  await server.stop();
});

function player(c: GameClient, id: number) {
  const e = c.view.entities.get(id);
  return e && e.kind === KIND.Player ? fromRecord(PlayerSchema, e.rec) : undefined;
}

describe('arena over the real protocol', () => {
  it('two players land in the same room, see each other move, shoot and damage each other', async () => {
    // A small open arena (a room type registered in a few lines) so the duel is quick.
    server.rooms.registerRoomType('duel', { capacity: 2, tickRate: 30, game: arena, params: { width: 800, height: 800, obstacleDensity: 0 } });
    const a = client(wsUrl, 'alice', { mode: 'duel' });
    const b = client(wsUrl, 'bob', { mode: 'duel' });
    const [wa, wb] = await Promise.all([a.connect(), b.connect()]);
    expect(wa.roomId).toBe(wb.roomId);
    expect(wa.protocol).toBe(PROTOCOL_VERSION);
    expect((wa.info as ArenaInfo).map.width).toBe(800);
    await until(() => player(a, wb.playerId) !== undefined && player(b, wa.playerId) !== undefined, 3000, 'both visible');
    expect(player(b, wa.playerId)!.name).toBe('alice');

    // Alice walks right: Bob sees her x increase, and Alice's acks advance.
    const x0 = player(b, wa.playerId)!.x;
    for (let i = 0; i < 10; i++) {
      a.sendInput({ mx: x0 > 400 ? -1 : 1, my: 0, aim: 0, fire: false });
      await new Promise((r) => setTimeout(r, 33));
    }
    await until(() => a.ackSeq >= 10, 3000, 'acks');
    await until(() => Math.abs(player(b, wa.playerId)!.x - x0) > 20, 3000, 'bob sees alice move');

    // Both walk toward each other and fire until someone is hit.
    const t0 = Date.now();
    const hit = () => player(a, wb.playerId)!.hp < 100 || player(b, wa.playerId)!.hp < 100 || player(a, wb.playerId)!.deaths > 0;
    while (!hit() && Date.now() - t0 < 15000) {
      for (const [me, other, meId, otherId] of [[a, b, wa.playerId, wb.playerId], [b, a, wb.playerId, wa.playerId]] as const) {
        const p = player(me, meId)!;
        const q = player(me, otherId)!;
        const aim = Math.atan2(q.y - p.y, q.x - p.x);
        const dist = Math.hypot(q.x - p.x, q.y - p.y);
        // Close in (weaving a little) while far; stand and shoot when near: the duel map has no
        // walls, so a standing target is hit by the next shot.
        const strafe = Math.sin((Date.now() - t0) / 700);
        const toward = dist > 150 ? 1 : 0;
        const side = dist > 150 ? strafe : 0;
        me.sendInput({ mx: toward * Math.cos(aim) - side * Math.sin(aim), my: toward * Math.sin(aim) + side * Math.cos(aim), aim, fire: true });
        void other;
      }
      await new Promise((r) => setTimeout(r, 33));
    }
    // Leave even when an expectation fails, so the next test starts with no room.
    try {
      expect(hit()).toBe(true);
      expect(a.stats.desyncs + b.stats.desyncs).toBe(0);
    } finally {
      a.leave();
      b.leave();
    }
  }, 30_000);

  it('rejects malformed, unknown, wrong-typed, NaN and oversize messages with codes, and keeps ticking for others', async () => {
    const watcher = client(wsUrl, 'watcher');
    await watcher.connect();
    const raw = new RawSocket(wsUrl);
    await raw.opened;
    raw.send([MSG.Join, PROTOCOL_VERSION, 'mallory', 'arena']);
    await until(() => raw.messages.some((m) => m[0] === MSG.Welcome), 3000, 'welcome');
    const statesBefore = watcher.stats.states;
    const rejectedBefore = server.stats.rejectedTotal();

    raw.sendBytes(new Uint8Array([0x93, 0x01])); // truncated msgpack
    raw.send({ not: 'an array' });
    raw.send([99, 1, 2]); // unknown type
    raw.send([MSG.Input, 1, 'left', 0, 0, 0]); // wrong field type
    raw.send([MSG.Input, 2, NaN, 0, 0, 0]); // NaN
    raw.send([MSG.Input, 3, 0, Infinity, 0, 0]); // Infinity
    raw.send([MSG.Input, -4, 0, 0, 0, 0]); // negative seq
    raw.sendBytes(new Uint8Array(2000)); // over the per-message limit, under the frame limit
    await until(() => raw.errors().length >= 8, 3000, 'eight errors');
    expect(raw.errors().map((e) => e.code)).toEqual([
      ERR.Malformed,
      ERR.Malformed,
      ERR.UnknownType,
      ERR.BadField,
      ERR.BadField,
      ERR.BadField,
      ERR.BadField,
      ERR.Oversize,
    ]);
    expect(server.stats.rejectedTotal() - rejectedBefore).toBe(8);
    expect(raw.closeCode).toBeNull(); // a few bad messages do not close the connection

    // Meanwhile the watcher kept receiving states at the tick rate.
    await new Promise((r) => setTimeout(r, 500));
    expect(watcher.stats.states - statesBefore).toBeGreaterThan(10);
    // Mallory's player still exists and did not move from the bad inputs.
    raw.ws.close();
    watcher.leave();
  });

  it('closes a client that keeps sending garbage with CLOSE.TooManyErrors; others keep playing', async () => {
    const watcher = client(wsUrl, 'watcher2');
    await watcher.connect();
    const raw = new RawSocket(wsUrl);
    await raw.opened;
    for (let i = 0; i < 100 && raw.ws.readyState === raw.ws.OPEN; i++) raw.sendBytes(new Uint8Array([0xc1, 0xc1, 0xc1]));
    await raw.waitClose();
    expect(raw.closeCode).toBe(CLOSE.TooManyErrors);
    const before = watcher.stats.states;
    await until(() => watcher.stats.states > before + 5, 3000, 'watcher still receives states');
    watcher.leave();
  });

  it('drops a connection whose frame is above the transport limit, and counts it', async () => {
    const raw = new RawSocket(wsUrl);
    await raw.opened;
    const before = server.stats.connectionsClosed;
    raw.sendBytes(new Uint8Array(64 * 1024));
    await raw.waitClose();
    // uWS terminates the connection without a close frame: the client sees 1006.
    expect(raw.closeCode).toBe(1006);
    await until(() => server.stats.connectionsClosed > before, 2000, 'server counted the close');
  });

  it('refuses a protocol version mismatch with a clear error and CLOSE.ProtocolVersion', async () => {
    const c = client(wsUrl, 'old', { protocolVersion: PROTOCOL_VERSION + 1 });
    const errors: string[] = [];
    c.on('serverError', (code, message) => errors.push(`${code}:${message}`));
    await expect(c.connect()).rejects.toThrow(/4001/);
    expect(c.closed?.code).toBe(CLOSE.ProtocolVersion);
    expect(errors[0]).toMatch(new RegExp(`^${ERR.VersionMismatch}:.*version ${PROTOCOL_VERSION}`));
  });

  it('answers input before join with ERR.NotJoined and rate-limits floods', async () => {
    const raw = new RawSocket(wsUrl);
    await raw.opened;
    raw.send([MSG.Input, 1, 0, 0, 0, 0]);
    await until(() => raw.errors().length >= 1, 3000, 'not-joined error');
    expect(raw.errors()[0]!.code).toBe(ERR.NotJoined);
    raw.send([MSG.Join, PROTOCOL_VERSION, 'flooder', 'arena']);
    const before = server.stats.rejected.get(ERR.RateLimited) ?? 0;
    for (let i = 0; i < 400; i++) raw.send([MSG.Ping, i]);
    await until(() => (server.stats.rejected.get(ERR.RateLimited) ?? 0) > before, 3000, 'rate limit');
    await until(() => raw.errors().some((e) => e.code === ERR.RateLimited), 3000, 'rate-limit notice');
    raw.ws.close();
  });

  it('fills a room to capacity, then creates the next; an empty room is disposed', async () => {
    await until(() => server.rooms.rooms.size === 0, 3000, 'earlier rooms disposed');
    const before = 0;
    const clients = Array.from({ length: 5 }, (_, i) => client(wsUrl, `c${i}`));
    const welcomes = [];
    for (const c of clients) welcomes.push(await c.connect());
    const rooms = new Set(welcomes.map((w) => w.roomId));
    expect(rooms.size).toBe(2); // capacity 4 in this test
    expect((welcomes[0]!.info as ArenaInfo).map.width).toBeGreaterThanOrEqual(2000);
    expect((welcomes[0]!.info as ArenaInfo).map.obstacles.length).toBeGreaterThan(10);
    expect(welcomes[0]!.tickRate).toBe(30);
    expect(server.rooms.rooms.size).toBe(before + 2);
    for (const c of clients) c.leave();
    await until(() => server.rooms.rooms.size === before, 3000, 'rooms disposed');
  });

  it('a room whose tick throws is closed with 1011; other rooms keep ticking', async () => {
    let armed = false;
    server.rooms.registerRoomType('boom', {
      capacity: 4,
      tickRate: 30,
      game: arena, params: { width: 800, height: 800 },
      hooks: {
        onTick: () => {
          if (armed) throw new Error('bug in a room hook');
        },
      },
    });
    const safe = client(wsUrl, 'safe');
    await safe.connect();
    const victim = client(wsUrl, 'victim', { mode: 'boom' });
    await victim.connect();
    const failedBefore = server.stats.roomsFailed;
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      armed = true;
      await until(() => victim.closed !== null, 3000, 'victim closed');
    } finally {
      console.error = orig;
    }
    expect(victim.closed!.code).toBe(1011);
    expect(server.stats.roomsFailed).toBe(failedBefore + 1);
    expect(JSON.stringify(errors)).toMatch(/room tick failed/);
    const before = safe.stats.states;
    await until(() => safe.stats.states > before + 10, 3000, 'the other room still ticks');
    safe.leave();
  });
});
