/**
 * A seat reserved through the cluster's directory passes the owning room type's admission (the
 * game's seats.canJoin, then the type's onAuth) when it is claimed on the room's node, with the
 * options of the matchmake request that reserved it, wherever that request was made; and the
 * room's onCreate gets its creating request's options. Real redis-server, two in-process nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arena } from '../../games/arena/index.ts';
import { CLOSE, ERR } from '../../shared/protocol.ts';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import type { RawSocket } from '../helpers/net.ts';
import { post, sleep, until, type Running } from '../rooms/net.ts';
import { ADMIT, refuse, type AdmissionRequest } from '../../server/rooms/RoomType.ts';
import { joinSeat, rooms, startNodes, welcomed } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

/** Poll an asynchronous condition (a registry listing) every 50 ms for up to 5 s. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > 5000) throw new Error(`timed out after 5000 ms waiting for ${what}`);
    await sleep(50);
  }
}

describe.skipIf(NO_REDIS)('room admission for seats reserved through Redis', () => {
  let redis: RedisServer;
  let nodes: Running[] = [];
  const sockets: RawSocket[] = [];
  /** What each node's hooks saw: onCreate's options and onAuth's requests, by room id. */
  const created = new Map<string, Readonly<Record<string, unknown>>>();
  const asked: { node: string; roomId: string; request: AdmissionRequest }[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    nodes = await startNodes(redis.url, 2, { tickRate: 10, seatExpiryMs: 120_000 });
    for (const n of nodes) {
      const base = { game: arena, capacity: 4, tickRate: 10, params: { width: 1000, height: 800 } };
      n.server.rooms.registerRoomType('guarded', {
        ...base,
        hooks: {
          onCreate: (room, options) => void created.set(room.id, options),
          onAuth: (room, request) => {
            asked.push({ node: n.server.nodeId, roomId: room.id, request });
            return request.options.pass === 'open-sesame' ? ADMIT : refuse('wrong password');
          },
        },
      });
      // The game itself refuses (its seats.canJoin), whatever the hook would say.
      n.server.rooms.registerRoomType('closed', { ...base, game: { ...arena, seats: { ...arena.seats, canJoin: () => 'the game takes nobody' } } });
    }
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.ws.terminate();
    for (const n of nodes) await n.server.stop();
    await redis?.stop();
  });

  const nodeOf = (wsUrl: string): Running => nodes.find((n) => n.wsUrl === wsUrl)!;
  const otherThan = (n: Running): Running => nodes.find((x) => x !== n)!;
  const reserve = async (via: Running, mode: string, action: string, options: Record<string, unknown>): Promise<SeatReservation> => {
    const r = await post(via.httpUrl, { mode, action, options });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as unknown as SeatReservation;
  };
  const join = async (seat: SeatReservation): Promise<RawSocket> => {
    const s = await joinSeat(seat);
    sockets.push(s);
    return s;
  };

  it("runs onAuth on the room's node with the reserving request's options, from whichever node reserved; onCreate gets the creating request's", async () => {
    const first = await reserve(nodes[0]!, 'guarded', 'create', { name: 'alice', pass: 'open-sesame', theme: 'night' });
    const owner = nodeOf(first.wsUrl);
    expect(welcomed(await join(first))).toBe(true);
    expect(created.get(first.roomId)).toEqual({ name: 'alice', pass: 'open-sesame', theme: 'night' });
    expect(asked.at(-1)).toEqual({ node: owner.server.nodeId, roomId: first.roomId, request: { name: 'alice', options: { name: 'alice', pass: 'open-sesame', theme: 'night' } } });

    // Reserved through the other node (the directory cannot judge it): refused where the room is.
    const other = otherThan(owner);
    const bad = await reserve(other, 'guarded', 'joinById', { roomId: first.roomId, name: 'mallory', pass: 'guess' });
    expect(bad.wsUrl).toBe(owner.wsUrl);
    const refused = await join(bad);
    expect(refused.closeCode).toBe(CLOSE.AdmissionRefused);
    expect(refused.errors()[0]).toEqual({ code: ERR.AdmissionRefused, message: 'wrong password' });
    expect(asked.at(-1)).toMatchObject({ node: owner.server.nodeId, request: { name: 'mallory', options: { pass: 'guess' } } });
    const room = owner.server.rooms.get(first.roomId)!;
    expect(room.playerCount).toBe(1);
    // The refused seat holds no place: the registry counts one player again at the next heartbeat.
    await until(() => room.occupancy() === 1, 2000, 'local occupancy');
    await eventually(async () => (await rooms(other.httpUrl, 'guarded')).find((r) => r.roomId === first.roomId)?.players === 1, 'the registry to count one player');

    const good = await reserve(other, 'guarded', 'joinById', { roomId: first.roomId, name: 'bob', pass: 'open-sesame' });
    expect(welcomed(await join(good))).toBe(true);
    expect(room.playerCount).toBe(2);
  });

  it('a room made for a seat that admission refuses is gone at once, from its node and then from the directory', async () => {
    const seat = await reserve(nodes[1]!, 'guarded', 'create', { name: 'eve', pass: 'nope' });
    const owner = nodeOf(seat.wsUrl);
    const refused = await join(seat);
    expect(refused.closeCode).toBe(CLOSE.AdmissionRefused);
    expect(owner.server.rooms.get(seat.roomId)).toBeUndefined();
    await eventually(async () => !(await rooms(nodes[0]!.httpUrl, 'guarded')).some((r) => r.roomId === seat.roomId), 'the refused room to leave the directory');
  });

  it("the game's own admission (seats.canJoin) applies too", async () => {
    const seat = await reserve(nodes[0]!, 'closed', 'create', { name: 'carol' });
    const refused = await join(seat);
    expect(refused.closeCode).toBe(CLOSE.AdmissionRefused);
    expect(refused.errors()[0]).toEqual({ code: ERR.AdmissionRefused, message: 'the game takes nobody' });
  });

  it('options too large to keep with a seat are refused at matchmaking (400 BadField)', async () => {
    const r = await post(nodes[0]!.httpUrl, { mode: 'guarded', action: 'create', options: { pass: 'open-sesame', note: 'x'.repeat(5000) } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: ERR.BadField });
  });
});
