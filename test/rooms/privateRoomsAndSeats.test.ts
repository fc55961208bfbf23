/** Private rooms (codes) and seat tokens (expiry, forgery, reuse) on a real server. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.ts';
import { CLOSE, ERR, MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { CODE_ALPHABET, normalizeRoomCode } from '../../server/rooms/roomCode.ts';
import { GameClient, JoinError } from '../../shared/sdk/GameClient.ts';
import { joinRoom, listRooms, matchmake } from '../../shared/sdk/rooms.ts';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import { RawSocket } from '../helpers/net.ts';
import { post, start, wsFactory, type Running } from './net.ts';
import { arena } from '../../games/arena/index.ts';

const running: Running[] = [];
const clients: GameClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.leave();
  for (const r of running.splice(0)) await r.server.stop();
});

async function server(config: Parameters<typeof start>[0] = {}, deps: Parameters<typeof start>[1] = {}): Promise<Running> {
  const r = await start(config, deps);
  running.push(r);
  return r;
}

/** Send a Join with a ticket on a raw socket and wait for the outcome. */
async function rawJoin(wsUrl: string, ticket: Record<string, string>): Promise<RawSocket> {
  const raw = new RawSocket(wsUrl);
  await raw.opened;
  raw.send([MSG.Join, PROTOCOL_VERSION, 'raw', 'arena', ticket]);
  return raw;
}

describe('private rooms', () => {
  it('are unlisted, joined by a unique 6-character code (any case), never by quick play', async () => {
    const { httpUrl } = await server({ roomCapacity: 4 });
    const created = await Promise.all(Array.from({ length: 40 }, () => matchmake(httpUrl, { mode: 'arena', action: 'create', options: { private: true } })));
    const codes = created.map((r) => r.code!);
    expect(new Set(codes).size).toBe(40);
    for (const code of codes) {
      expect(code).toHaveLength(6);
      for (const ch of code) expect(CODE_ALPHABET).toContain(ch);
    }
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    expect(await listRooms(httpUrl)).toEqual([]);

    const quick = await matchmake(httpUrl, { mode: 'arena', action: 'joinOrCreate' });
    expect(created.map((r) => r.roomId)).not.toContain(quick.roomId);
    const byId = await post(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: created[0]!.roomId } });
    expect(byId.status).toBe(404);

    const host = await joinRoom(created[0]!, { name: 'host', socketFactory: wsFactory, game: arena });
    clients.push(host);
    expect(host.welcome!.code).toBe(codes[0]);
    const friendSeat = await matchmake(httpUrl, { mode: 'arena', action: 'joinByCode', options: { code: codes[0]!.toLowerCase().replace(/^(...)/, '$1-') } });
    expect(friendSeat.roomId).toBe(created[0]!.roomId);
    const friend = await joinRoom(friendSeat, { name: 'friend', socketFactory: wsFactory, game: arena });
    clients.push(friend);
    expect(friend.welcome!.roomId).toBe(host.welcome!.roomId);
  });

  it('a wrong code is answered with ERR.BadCode (404)', async () => {
    const { httpUrl } = await server();
    const made = await matchmake(httpUrl, { mode: 'arena', action: 'create', options: { private: true } });
    const wrong = made.code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF';
    for (const code of [wrong, 'nope', '', 42]) {
      const r = await post(httpUrl, { mode: 'arena', action: 'joinByCode', options: { code } });
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: ERR.BadCode, name: 'BadCode' });
    }
    expect(normalizeRoomCode(' abc-def ')).toBe('ABCDEF');
    expect(normalizeRoomCode('ABCDE0')).toBeNull();
  });
});

describe('seat tokens', () => {
  it('an unclaimed seat expires and frees its place; the expired token is refused with CLOSE.SeatRefused', async () => {
    const clock = new ManualClock(1_000_000);
    const { httpUrl, wsUrl } = await server({ roomCapacity: 3, seatExpiryMs: 15_000 }, { clock });
    // A player in the room (a room nobody ever joined goes as soon as its seats expire).
    const host = await joinRoom(await matchmake(httpUrl, { mode: 'arena', action: 'joinOrCreate' }), { name: 'host', socketFactory: wsFactory, game: arena });
    clients.push(host);
    const a = await matchmake(httpUrl, { mode: 'arena', action: 'joinOrCreate' });
    expect(a.roomId).toBe(host.welcome!.roomId);
    await matchmake(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: a.roomId } });
    const full = await post(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: a.roomId } });
    expect(full.body.error).toMatchObject({ code: ERR.RoomFull });
    clock.advance(14_999);
    expect((await post(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: a.roomId } })).status).toBe(409);
    clock.advance(1);
    expect((await listRooms(httpUrl))[0]!.players).toBe(1);
    const again = await post(httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: a.roomId } });
    expect(again.status).toBe(200);

    const stale = await joinRoom(a, { name: 'late', socketFactory: wsFactory, game: arena }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(JoinError);
    expect(stale).toMatchObject({ code: CLOSE.SeatRefused, serverError: { code: ERR.SeatInvalid } });
    // The fresh seat works.
    const ok = await joinRoom(again.body as unknown as SeatReservation, { name: 'ok', socketFactory: wsFactory, game: arena, url: wsUrl });
    clients.push(ok);
    expect(ok.welcome!.roomId).toBe(a.roomId);
  });

  it('forged, foreign and reused seat tokens are refused with CLOSE.SeatRefused', async () => {
    const { httpUrl, wsUrl } = await server();
    const seat = await matchmake(httpUrl, { mode: 'arena', action: 'joinOrCreate' });
    const forged = [`${seat.roomId}.${'A'.repeat(22)}`, `nosuchroom.${seat.seatToken.split('.')[1]}`, 'garbage', seat.seatToken.slice(0, -1)];
    for (const token of forged) {
      const raw = await rawJoin(wsUrl, { seat: token });
      await raw.waitClose();
      expect(raw.closeCode).toBe(CLOSE.SeatRefused);
      expect(raw.errors()[0]!.code).toBe(ERR.SeatInvalid);
    }
    const first = await rawJoin(wsUrl, { seat: seat.seatToken });
    const reuse = await rawJoin(wsUrl, { seat: seat.seatToken });
    await reuse.waitClose();
    expect(reuse.closeCode).toBe(CLOSE.SeatRefused);
    expect(first.closeCode).toBeNull();
    expect(first.messages.some((m) => m[0] === MSG.Welcome)).toBe(true);
    first.ws.close();
  });

  it('a plain Join without a seat still joins or creates a room (bots, old clients)', async () => {
    const { wsUrl } = await server();
    const c = new GameClient({ game: arena, url: wsUrl, name: 'bot', socketFactory: wsFactory });
    clients.push(c);
    const w = await c.connect();
    expect(w.roomType).toBe('arena');
    expect(w.code).toBeUndefined();
  });
});
