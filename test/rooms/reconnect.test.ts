/** Reconnection on a real server: drops are cut sockets (no close frame), as after a Wi-Fi blip. */
import { afterEach, describe, expect, it } from 'vitest';
import { KIND, PlayerSchema } from '../../games/arena/shared/kinds.ts';
import { CLOSE, ERR, MSG, PROTOCOL_VERSION, type RoomEvent } from '../../shared/protocol.ts';
import { fromRecord, type WireValue } from '../../shared/schema.ts';
import { backoffDelayMs, DEFAULT_RECONNECT } from '../../shared/sdk/backoff.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { joinRoom, matchmake } from '../../shared/sdk/rooms.ts';
import { RawSocket } from '../helpers/net.ts';
import { cuttableSockets, sleep, start, until, wsFactory, type Running } from './net.ts';
import { arena } from '../../games/arena/index.ts';
import type { World } from '../../games/arena/shared/world.ts';

const running: Running[] = [];
const clients: GameClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.leave();
  for (const r of running.splice(0)) await r.server.stop();
});

const FAST = { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 8, giveUpAfterMs: 5000 };

/** A server with a 'scored' room type whose onJoin gives each player a score to keep. */
async function server(reconnectGraceMs: number): Promise<Running> {
  const r = await start({ reconnectGraceMs, roomCapacity: 4 });
  running.push(r);
  r.server.rooms.registerRoomType('scored', {
    capacity: 4,
    tickRate: 30,
    game: arena, params: { width: 1600, height: 1600 },
    hooks: {
      onJoin: (room, id) => {
        const p = (room.world as World).players.get(id)!;
        p.kills = 7;
        p.deaths = 2;
        p.hp = 55;
      },
    },
  });
  return r;
}

function me(c: GameClient, id = c.playerId) {
  const e = c.view.entities.get(id);
  return e && e.kind === KIND.Player ? fromRecord(PlayerSchema, e.rec as WireValue[]) : undefined;
}

async function pair(r: Running, cut: ReturnType<typeof cuttableSockets>): Promise<{ a: GameClient; b: GameClient; bEvents: RoomEvent[] }> {
  const seatA = await matchmake(r.httpUrl, { mode: 'scored', action: 'create', options: { private: true } });
  const seatB = await matchmake(r.httpUrl, { mode: 'scored', action: 'joinByCode', options: { code: seatA.code! } });
  const a = await joinRoom(seatA, { name: 'alice', socketFactory: cut.factory, game: arena, reconnect: FAST });
  const b = await joinRoom(seatB, { name: 'bob', socketFactory: wsFactory, game: arena });
  clients.push(a, b);
  const bEvents: RoomEvent[] = [];
  b.on('roomEvent', (e) => bEvents.push(e));
  await until(() => me(a) !== undefined && me(b, a.playerId) !== undefined, 3000, 'both see alice');
  return { a, b, bEvents };
}

describe('reconnection', () => {
  it('resumes the same player (id, score, hp, position) with a full snapshot after a drop within the grace period', async () => {
    const r = await server(5000);
    const cut = cuttableSockets();
    const { a, bEvents } = await pair(r, cut);
    const before = me(a)!;
    expect(before).toMatchObject({ kills: 7, deaths: 2, hp: 55 });
    const id = a.playerId;
    const fullBefore = a.stats.fullStates;
    const seen: string[] = [];
    a.on('disconnected', (code) => seen.push(`disconnected:${code}`));
    a.on('reconnecting', (n) => seen.push(`reconnecting:${n}`));
    a.on('reconnected', () => seen.push('reconnected'));
    a.on('close', () => seen.push('close'));

    cut.cutLast();
    await until(() => seen.includes('reconnected'), 5000, 'reconnected');
    expect(seen.slice(0, 2)).toEqual(['disconnected:1006', 'reconnecting:1']);
    expect(seen).not.toContain('close');
    expect(a.playerId).toBe(id);
    expect(a.welcome!.resumed).toBe(true);
    await until(() => a.stats.fullStates > fullBefore && me(a) !== undefined, 3000, 'full snapshot');
    expect(me(a)).toEqual(before);
    expect(bEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['disconnected', 'reconnected']));
    // And it plays on: inputs are applied to the same entity.
    for (let i = 0; i < 6; i++) {
      a.sendInput({ mx: before.x < 800 ? 1 : -1, my: 0, aim: 0, fire: false });
      await sleep(34);
    }
    await until(() => me(a)!.x !== before.x, 3000, 'moved after resume');
  });

  it('after the grace period the player is gone: left (timeout) for the others, the token refused', async () => {
    const r = await server(300);
    const cut = cuttableSockets();
    const { a, b, bEvents } = await pair(r, cut);
    const token = a.welcome!.reconnectToken!;
    const roomId = a.roomId;
    const id = a.playerId;
    a.leave(); // this client is done; a raw socket plays the late reconnect below
    await until(() => bEvents.some((e) => e.type === 'left' && e.playerId === id), 2000, 'left');
    expect(bEvents.find((e) => e.type === 'left')).toMatchObject({ reason: 'left' });

    // A second player drops and is not back in time.
    const seat = await matchmake(r.httpUrl, { mode: 'scored', action: 'joinById', options: { roomId } }).catch(() => null);
    expect(seat).toBeNull(); // private: by code only
    const c = await joinRoom(
      await matchmake(r.httpUrl, { mode: 'scored', action: 'joinByCode', options: { code: b.welcome!.code! } }),
      { name: 'carol', socketFactory: cut.factory, game: arena },
    );
    clients.push(c);
    const cToken = c.welcome!.reconnectToken!;
    cut.cutLast();
    await until(() => bEvents.some((e) => e.type === 'disconnected' && e.playerId === c.playerId), 2000, 'disconnected');
    await until(() => bEvents.some((e) => e.type === 'left' && e.playerId === c.playerId), 2500, 'left after grace');
    expect(bEvents.find((e) => e.type === 'left' && e.playerId === c.playerId)).toMatchObject({ reason: 'timeout' });
    expect(b.view.entities.has(c.playerId)).toBe(false);
    for (const t of [cToken, token]) {
      const raw = new RawSocket(r.wsUrl);
      await raw.opened;
      raw.send([MSG.Join, PROTOCOL_VERSION, 'carol', 'scored', { roomId, reconnect: t }]);
      await raw.waitClose();
      expect(raw.closeCode).toBe(CLOSE.ReconnectRefused);
      expect(raw.errors()[0]!.code).toBe(ERR.ReconnectRefused);
    }
  });

  it('the SDK gives up with reconnectFailed when the server refuses the resume', async () => {
    const r = await server(150);
    const cut = cuttableSockets();
    const seat = await matchmake(r.httpUrl, { mode: 'scored', action: 'joinOrCreate' });
    // Backoff longer than the grace period: the first attempt is already too late.
    const a = await joinRoom(seat, { name: 'slow', socketFactory: cut.factory, game: arena, reconnect: { baseDelayMs: 600, maxDelayMs: 600 }, random: () => 0.99 });
    clients.push(a);
    const failed: string[] = [];
    a.on('reconnectFailed', (why) => failed.push(why));
    cut.cutLast();
    await until(() => a.closed !== null, 5000, 'closed');
    expect(a.closed!.code).toBe(CLOSE.ReconnectRefused);
    expect(failed[0]).toMatch(/refused/);
  });

  it('leave() during the backoff cancels the reconnection', async () => {
    const r = await server(5000);
    const cut = cuttableSockets();
    const a = await joinRoom(await matchmake(r.httpUrl, { mode: 'scored', action: 'joinOrCreate' }), {
      name: 'quitter',
      socketFactory: cut.factory, game: arena,
      reconnect: { baseDelayMs: 300, maxDelayMs: 300 },
    });
    const events: string[] = [];
    a.on('reconnecting', () => events.push('reconnecting'));
    a.on('reconnectFailed', () => events.push('reconnectFailed'));
    a.on('close', (code) => events.push(`close:${code}`));
    cut.cutLast();
    await until(() => events.includes('reconnecting'), 2000, 'reconnecting');
    a.leave();
    await sleep(400);
    expect(events).toEqual(['reconnecting', 'close:1000']);
    expect(cut.sockets).toHaveLength(1); // no attempt was made
  });

  it('refuses a reconnect token presented for another room', async () => {
    const r = await server(5000);
    const cut = cuttableSockets();
    const one = await joinRoom(await matchmake(r.httpUrl, { mode: 'scored', action: 'create' }), { name: 'one', socketFactory: cut.factory, game: arena });
    const two = await joinRoom(await matchmake(r.httpUrl, { mode: 'scored', action: 'create' }), { name: 'two', socketFactory: wsFactory, game: arena });
    clients.push(one, two);
    expect(one.roomId).not.toBe(two.roomId);
    cut.cutLast();
    await until(() => r.server.rooms.get(one.roomId)!.seats.heldCount === 1, 2000, 'held');
    const raw = new RawSocket(r.wsUrl);
    await raw.opened;
    raw.send([MSG.Join, PROTOCOL_VERSION, 'one', 'scored', { roomId: two.roomId, reconnect: one.welcome!.reconnectToken! }]);
    await raw.waitClose();
    expect(raw.closeCode).toBe(CLOSE.ReconnectRefused);
    // The right room still takes it.
    const back = new RawSocket(r.wsUrl);
    await back.opened;
    back.send([MSG.Join, PROTOCOL_VERSION, 'one', 'scored', { roomId: one.roomId, reconnect: one.welcome!.reconnectToken! }]);
    await until(() => back.messages.some((m) => m[0] === MSG.Welcome), 2000, 'welcome');
    expect((back.messages.find((m) => m[0] === MSG.Welcome)![1] as { playerId: number }).playerId).toBe(one.playerId);
    back.ws.close();
  });

  it('a deliberate leave frees the seat at once', async () => {
    const r = await server(20_000);
    const seat = await matchmake(r.httpUrl, { mode: 'scored', action: 'joinOrCreate' });
    const a = await joinRoom(seat, { name: 'a', socketFactory: wsFactory, game: arena, reconnect: true });
    const room = r.server.rooms.get(a.roomId)!;
    expect(room.occupancy()).toBe(1);
    a.leave();
    await until(() => room.occupancy() === 0, 2000, 'seat freed');
    expect(room.seats.heldCount).toBe(0);
  });

  it('chat reaches the room as text, long lines and floods are refused', async () => {
    const r = await server(5000);
    const cut = cuttableSockets();
    const { a, b } = await pair(r, cut);
    const lines: string[] = [];
    b.on('chat', (l) => lines.push(`${l.name}: ${l.text}`));
    const errors: number[] = [];
    a.on('serverError', (code) => errors.push(code));
    a.sendChat('<img src=x onerror=alert(1)> hi');
    await until(() => lines.length === 1, 2000, 'chat');
    expect(lines[0]).toBe('alice: <img src=x onerror=alert(1)> hi');
    a.sendRaw(new Uint8Array([0x92, 0x06, 0xd9, 141, ...new Array<number>(141).fill(0x61)]));
    await until(() => errors.includes(ERR.BadField), 2000, 'length refused');
    for (let i = 0; i < 10; i++) a.sendChat(`line ${i}`);
    await until(() => errors.includes(ERR.RateLimited), 2000, 'rate limited');
    await sleep(100);
    expect(lines.length).toBeLessThanOrEqual(5);
  });
});

describe('backoff', () => {
  it('grows exponentially to the cap with jitter in [d/2, d]', () => {
    const p = { ...DEFAULT_RECONNECT, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, p, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, p, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
