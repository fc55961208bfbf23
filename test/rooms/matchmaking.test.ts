/** Matchmaking over HTTP on a real server: filling, the concurrency storm, errors, seats claimed over WebSocket. */
import { afterEach, describe, expect, it } from 'vitest';
import { ERR } from '../../shared/protocol.ts';
import type { RoomListing, SeatReservation } from '../../shared/sdk/api.ts';
import { joinRoom, listRooms, matchmake, ApiError } from '../../shared/sdk/rooms.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import { post, start, wsFactory, type Running } from './net.ts';
import { arena } from '../../games/arena/index.ts';
import type { ArenaInfo } from '../../games/arena/index.ts';

const running: Running[] = [];
const clients: GameClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.leave();
  for (const r of running.splice(0)) await r.server.stop();
});

async function server(config: Parameters<typeof start>[0] = {}): Promise<Running> {
  const r = await start(config);
  running.push(r);
  return r;
}

describe('matchmaking', () => {
  it('fills a room to capacity, then creates the next; the seats are claimed over WebSocket', async () => {
    const { httpUrl, server: s } = await server({ roomCapacity: 4 });
    const seats: SeatReservation[] = [];
    for (let i = 0; i < 9; i++) seats.push(await matchmake(httpUrl, { mode: 'arena', action: 'joinOrCreate', options: { name: `p${i}` } }));
    const roomIds = seats.map((r) => r.roomId);
    expect(new Set(roomIds.slice(0, 4)).size).toBe(1);
    expect(new Set(roomIds.slice(4, 8)).size).toBe(1);
    expect(new Set(roomIds).size).toBe(3);
    expect(s.rooms.rooms.size).toBe(3);
    expect(seats[0]!.wsUrl).toBe(`ws://${new URL(httpUrl).host}/ws`);
    expect(seats[0]!.expiresInMs).toBeGreaterThan(14_000);
    expect(seats[0]!.expiresInMs).toBeLessThanOrEqual(15_000);
    expect(Math.abs(seats[0]!.expiresAt - (Date.now() + 15_000))).toBeLessThan(2000);

    const listed = await listRooms(httpUrl, 'arena');
    expect(listed.map((r) => r.players).sort((x, y) => x - y)).toEqual([1, 4, 4]);
    expect(listed.filter((r) => r.locked).length).toBe(2);

    const first = await joinRoom(seats[0]!, { name: 'p0', socketFactory: wsFactory, game: arena });
    clients.push(first);
    expect(first.welcome!.roomId).toBe(seats[0]!.roomId);
    expect(typeof first.welcome!.reconnectToken).toBe('string');
    // Claiming does not change the count: the reserved seat became a player.
    expect((await listRooms(httpUrl)).find((r) => r.roomId === seats[0]!.roomId)!.players).toBe(4);
  });

  it('500 concurrent matchmake calls make exactly ceil(500/capacity) rooms, none overfull', async () => {
    const capacity = 16;
    const { httpUrl, server: s } = await server({ roomCapacity: capacity });
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => post(httpUrl, { mode: 'arena', action: 'joinOrCreate', options: { name: `bot${i}` } })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const perRoom = new Map<string, number>();
    for (const r of results) perRoom.set(r.body.roomId as string, (perRoom.get(r.body.roomId as string) ?? 0) + 1);
    expect(perRoom.size).toBe(Math.ceil(500 / capacity));
    expect(Math.max(...perRoom.values())).toBeLessThanOrEqual(capacity);
    expect(s.rooms.rooms.size).toBe(Math.ceil(500 / capacity));
    expect(new Set(results.map((r) => r.body.seatToken)).size).toBe(500);
    const listed: RoomListing[] = await listRooms(httpUrl);
    expect(listed.reduce((n, r) => n + r.players, 0)).toBe(500);
    expect(listed.every((r) => r.players <= r.capacity)).toBe(true);
  });

  it('answers full rooms, unknown modes, bad requests and the room limit with documented codes', async () => {
    const { httpUrl } = await server({ roomCapacity: 1, maxRooms: 2 });
    const a = await matchmake(httpUrl, { mode: 'arena', action: 'joinOrCreate' });
    const full = await post(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: a.roomId } });
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: ERR.RoomFull, name: 'RoomFull' });
    await matchmake(httpUrl, { mode: 'arena', action: 'create' });
    const limit = await post(httpUrl, { mode: 'arena', action: 'joinOrCreate' });
    expect(limit.status).toBe(503);
    expect(limit.body.error).toMatchObject({ code: ERR.MaxRooms, name: 'MaxRooms' });
    await expect(matchmake(httpUrl, { mode: 'arena', action: 'create' })).rejects.toMatchObject({ code: ERR.MaxRooms, status: 503 });
    expect((await post(httpUrl, { mode: 'nope', action: 'joinOrCreate' })).body.error).toMatchObject({ code: ERR.RoomUnavailable });
    expect((await post(httpUrl, { mode: 'arena', action: 'steal' })).status).toBe(400);
    expect((await post(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: 'missing' } })).status).toBe(404);
    const bad = await fetch(`${httpUrl}/api/matchmake`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(ERR.Malformed);
  });

  it('limits matchmake calls per address: a flood gets 429 RateLimited and holds no seats', async () => {
    const { httpUrl, server: srv } = await server({ matchmakePerSec: 1, matchmakeBurst: 5 });
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push(await post(httpUrl, { mode: 'arena', action: 'joinOrCreate' }));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(replies[7]!.body.error).toMatchObject({ code: ERR.RateLimited, name: 'RateLimited' });
    expect(String((replies[7]!.body.error as { message: string }).message)).toMatch(/too many matchmake calls/);
    const seats = [...srv.rooms.rooms.values()].reduce((n, r) => n + r.occupancy(), 0);
    expect(seats).toBe(5);
  });

  it('runs a registered room type with its admission hook', async () => {
    const r = await server();
    const joined: string[] = [];
    r.server.rooms.registerRoomType('duel', {
      capacity: 2,
      tickRate: 20,
      game: arena, params: { width: 1000, height: 800 },
      hooks: {
        onAuth: (_room, req) => (req.name === 'mallory' ? { ok: false, reason: 'mallory is banned' } : { ok: true }),
        onJoin: (_room, _id, name) => joined.push(name),
      },
    });
    const refused = await matchmake(r.httpUrl, { mode: 'duel', action: 'joinOrCreate', options: { name: 'mallory' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 403, code: ERR.AdmissionRefused, message: 'mallory is banned' });
    expect(r.server.rooms.publicRooms('duel')).toHaveLength(0); // the room made for the refused player is gone
    const seat = await matchmake(r.httpUrl, { mode: 'duel', action: 'joinOrCreate', options: { name: 'alice' } });
    const c = await joinRoom(seat, { name: 'alice', socketFactory: wsFactory, game: arena });
    clients.push(c);
    expect(c.welcome).toMatchObject({ roomType: 'duel', tickRate: 20 });
    expect((c.welcome!.info as ArenaInfo).map.width).toBe(1000);
    expect(joined).toEqual(['alice']);
  });
});
