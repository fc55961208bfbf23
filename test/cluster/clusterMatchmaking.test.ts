/** Three nodes (in-process GameServers) share rooms, seats and codes through one real redis-server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE, ERR } from '../../shared/protocol.ts';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import type { RawSocket } from '../helpers/net.ts';
import { post, type Running } from '../rooms/net.ts';
import { joinSeat, rooms, startNodes, welcomed } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';
import { arena } from '../../games/arena/index.ts';

describe.skipIf(NO_REDIS)('cluster matchmaking through Redis', () => {
  let redis: RedisServer;
  let nodes: Running[] = [];
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    // (A generous command timeout and node TTL: 1,000 scripts queue in Redis at once, on a machine
    // other tests load, and a heartbeat queued behind them must not find its node expired.)
    nodes = await startNodes(redis.url, 3, { roomCapacity: 16, tickRate: 10, seatExpiryMs: 120_000, redisCommandTimeoutMs: 10_000, nodeTtlMs: 15_000 });
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.ws.terminate();
    for (const n of nodes) await n.server.stop();
    await redis?.stop();
  });

  const nodeOf = (wsUrl: string): Running => {
    const n = nodes.find((x) => x.wsUrl === wsUrl);
    if (!n) throw new Error(`no node has wsUrl ${wsUrl}`);
    return n;
  };

  it('registers every node; new rooms go to the node with the most free rooms; a seat is honoured on its owner only', async () => {
    const listed = await nodes[0]!.server.cluster!.nodes();
    expect(listed.map((n) => n.nodeId).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(listed.every((n) => !n.draining && n.capacity === 500)).toBe(true);

    // Three rooms created through node 1 land on three different nodes (each then has the most room).
    const created: SeatReservation[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await post(nodes[0]!.httpUrl, { mode: 'arena', action: 'create', options: {} });
      expect(r.status).toBe(200);
      created.push(r.body as unknown as SeatReservation);
    }
    expect(new Set(created.map((c) => c.wsUrl)).size).toBe(3);
    const remote = created.find((c) => c.wsUrl !== nodes[0]!.wsUrl)!;

    // Presented to a node that does not own the room: refused, and the seat stays usable.
    const wrong = await joinSeat(remote, nodes[0]!.wsUrl);
    expect(wrong.closeCode).toBe(CLOSE.SeatRefused);
    expect(wrong.errors()[0]?.code).toBe(ERR.SeatInvalid);
    const right = await joinSeat(remote);
    sockets.push(right);
    expect(welcomed(right)).toBe(true);
    expect(nodeOf(remote.wsUrl).server.rooms.get(remote.roomId)?.playerCount).toBe(1);
    // Used once only.
    const again = await joinSeat(remote);
    expect(again.closeCode).toBe(CLOSE.SeatRefused);

    // Every node lists every room, each with its node; joinById from any node routes to the owner.
    for (const n of nodes) {
      const listing = await rooms(n.httpUrl);
      const ids = listing.map((r) => r.roomId);
      for (const c of created) expect(ids).toContain(c.roomId);
      expect(listing.find((r) => r.roomId === remote.roomId)?.node).toBe(nodeOf(remote.wsUrl).server.nodeId);
    }
    const byId = await post(nodes[2]!.httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: remote.roomId } });
    expect(byId.status).toBe(200);
    expect(byId.body.wsUrl).toBe(remote.wsUrl);
    const s = await joinSeat(byId.body as unknown as SeatReservation);
    sockets.push(s);
    expect(welcomed(s)).toBe(true);
    expect((await post(nodes[1]!.httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: 'nosuchroom' } })).body.error).toMatchObject({ code: ERR.RoomUnavailable });
  });

  it('private codes work across nodes: created on one, joined by code through another, never listed', async () => {
    const made = await post(nodes[1]!.httpUrl, { mode: 'arena', action: 'create', options: { private: true } });
    expect(made.status).toBe(200);
    const code = String(made.body.code);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    const host = await joinSeat(made.body as unknown as SeatReservation);
    sockets.push(host);
    expect(welcomed(host)).toBe(true);
    const byCode = await post(nodes[2]!.httpUrl, { mode: 'arena', action: 'joinByCode', options: { code: code.toLowerCase() } });
    expect(byCode.status).toBe(200);
    expect(byCode.body.roomId).toBe(made.body.roomId);
    expect(byCode.body.wsUrl).toBe(made.body.wsUrl);
    const guest = await joinSeat(byCode.body as unknown as SeatReservation);
    sockets.push(guest);
    expect(welcomed(guest)).toBe(true);
    expect(nodeOf(String(made.body.wsUrl)).server.rooms.get(String(made.body.roomId))?.playerCount).toBe(2);
    for (const n of nodes) expect((await rooms(n.httpUrl)).map((r) => r.roomId)).not.toContain(made.body.roomId);
    const bad = await post(nodes[0]!.httpUrl, { mode: 'arena', action: 'joinByCode', options: { code: 'ZZZZZZ' } });
    expect(bad.status).toBe(404);
    expect(bad.body.error).toMatchObject({ code: ERR.BadCode });
  });

  it('1,000 concurrent quick plays over 3 nodes: no room over capacity, no needless room, every seat usable', async () => {
    for (const s of sockets.splice(0)) s.ws.terminate();
    // A fresh mode so the rooms of the tests above do not count.
    for (const n of nodes) n.server.rooms.registerRoomType('storm', { capacity: 16, tickRate: 10, game: arena, params: { width: 2400, height: 2400 } });
    const N = 1000;
    const t0 = performance.now();
    const replies = await Promise.all(Array.from({ length: N }, (_, i) => post(nodes[i % 3]!.httpUrl, { mode: 'storm', action: 'joinOrCreate', options: {} })));
    const matchmakeMs = performance.now() - t0;
    expect(replies.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    const seats = replies.map((r) => r.body as unknown as SeatReservation);
    const perRoom = new Map<string, number>();
    for (const s of seats) perRoom.set(s.roomId, (perRoom.get(s.roomId) ?? 0) + 1);
    expect(Math.max(...perRoom.values())).toBeLessThanOrEqual(16);
    expect(perRoom.size).toBe(Math.ceil(N / 16));
    expect(new Set(seats.map((s) => s.wsUrl)).size).toBe(3);

    const t1 = performance.now();
    const joined: RawSocket[] = [];
    for (let i = 0; i < N; i += 100) joined.push(...(await Promise.all(seats.slice(i, i + 100).map((s) => joinSeat(s)))));
    const joinMs = performance.now() - t1;
    sockets.push(...joined);
    expect(joined.filter((j) => !welcomed(j)).length).toBe(0);
    let players = 0;
    for (const n of nodes) for (const room of n.server.rooms.rooms.values()) if (room.opts.type === 'storm') {
      expect(room.playerCount).toBeLessThanOrEqual(16);
      players += room.playerCount;
    }
    expect(players).toBe(N);
    // Full rooms are listed as such, and quick play now opens a new room.
    const listing = await rooms(nodes[0]!.httpUrl, 'storm');
    expect(listing.length).toBe(perRoom.size);
    expect(listing.reduce((a, r) => a + r.players, 0)).toBe(N);
    console.log(`storm: ${N} quick plays over 3 nodes in ${Math.round(matchmakeMs)} ms, ${perRoom.size} rooms, all ${N} seats joined in ${Math.round(joinMs)} ms`);
  }, 60_000);
});
