/**
 * The per-address quotas hold cluster-wide: one address spreading its matchmake calls over three
 * nodes (one after another, or all at once) holds no more unclaimed seats and never-joined rooms
 * than one node would give it. Real redis-server, in-process nodes, requests from chosen
 * loopback addresses (--limit-loopback on, so the caps apply to them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERR } from '../../shared/protocol.ts';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import type { RawSocket } from '../helpers/net.ts';
import { postFrom } from '../helpers/fromAddress.ts';
import { sleep, until, type Running } from '../rooms/net.ts';
import { joinSeat, rooms, startNodes, welcomed } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

const MAX_SEATS = 3;
const MAX_ROOMS = 2;

/** Matchmake from `address` through node `nodes[i % 3]`. */
function matchmakeFrom(
  nodes: Running[],
  i: number,
  address: string,
  action: string,
  options: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return postFrom(`${nodes[i % nodes.length]!.httpUrl}/api/matchmake`, { mode: 'arena', action, options }, { localAddress: address });
}

const statuses = (rs: { status: number }[]): number[] => rs.map((r) => r.status).sort((a, b) => a - b);

/** Wait until `node` has heartbeated twice more: the registry then holds what the node held now. */
async function registryCaughtUp(node: Running): Promise<void> {
  const cluster = node.server.cluster!;
  const start = cluster.heartbeatsOk;
  await until(() => cluster.heartbeatsOk >= start + 2, 5000, 'two heartbeats');
}

describe.skipIf(NO_REDIS)('per-address quotas across a cluster', () => {
  let redis: RedisServer;
  let nodes: Running[] = [];
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    nodes = await startNodes(redis.url, 3, {
      limitLoopback: true,
      maxPendingPerAddress: MAX_SEATS,
      maxUnjoinedRoomsPerAddress: MAX_ROOMS,
      roomCapacity: 16,
      tickRate: 10,
      seatExpiryMs: 120_000,
    });
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.ws.terminate();
    for (const n of nodes) await n.server.stop();
    await redis?.stop();
  });

  const nodeOf = (wsUrl: string): Running => nodes.find((n) => n.wsUrl === wsUrl)!;

  it('unclaimed seats: 12 quick plays at once from one address over 3 nodes get 3 seats; a claim frees one place', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => matchmakeFrom(nodes, i, '127.0.0.2', 'joinOrCreate')));
    expect(statuses(burst)).toEqual([...Array<number>(MAX_SEATS).fill(200), ...Array<number>(12 - MAX_SEATS).fill(429)]);
    for (const r of burst.filter((x) => x.status === 429)) expect(r.body.error).toMatchObject({ code: ERR.TooManyPending, name: 'TooManyPending' });
    expect(String((burst.find((x) => x.status === 429)!.body.error as { message: string }).message)).toContain(`at most ${MAX_SEATS}`);
    // Refused on every node, one call after another as well.
    for (let i = 0; i < 3; i++) expect((await matchmakeFrom(nodes, i, '127.0.0.2', 'joinOrCreate')).status).toBe(429);
    // Another address is not held to this one's quota.
    expect((await matchmakeFrom(nodes, 1, '127.0.0.3', 'joinOrCreate')).status).toBe(200);

    // A claimed seat no longer counts: one more seat (through another node), then the cap again.
    const seat = burst.find((r) => r.status === 200)!.body as unknown as SeatReservation;
    const s = await joinSeat(seat);
    sockets.push(s);
    expect(welcomed(s)).toBe(true);
    expect((await matchmakeFrom(nodes, 2, '127.0.0.2', 'joinOrCreate')).status).toBe(200);
    expect((await matchmakeFrom(nodes, 0, '127.0.0.2', 'joinOrCreate')).status).toBe(429);
  });

  it('rooms nobody has joined: 9 creates at once from one address over 3 nodes make 2 rooms; a joined room no longer counts', async () => {
    const before = (await rooms(nodes[0]!.httpUrl)).length;
    const burst = await Promise.all(Array.from({ length: 9 }, (_, i) => matchmakeFrom(nodes, i, '127.0.0.4', 'create')));
    expect(statuses(burst)).toEqual([...Array<number>(MAX_ROOMS).fill(200), ...Array<number>(9 - MAX_ROOMS).fill(429)]);
    const refusal = burst.find((x) => x.status === 429)!.body.error as { code: number; message: string };
    expect(refusal.code).toBe(ERR.TooManyPending);
    expect(refusal.message).toContain('rooms nobody has joined');
    expect((await rooms(nodes[0]!.httpUrl)).length).toBe(before + MAX_ROOMS);
    // Seats are not the limit here (2 of 3 held): joining a room that exists is still allowed.
    const made = burst.filter((x) => x.status === 200).map((x) => x.body as unknown as SeatReservation);
    expect((await matchmakeFrom(nodes, 0, '127.0.0.4', 'joinById', { roomId: made[0]!.roomId })).status).toBe(200);

    // A player joins one of the rooms: once its node has told the registry, it no longer counts.
    const s = await joinSeat(made[0]!);
    sockets.push(s);
    expect(welcomed(s)).toBe(true);
    await registryCaughtUp(nodeOf(made[0]!.wsUrl));
    expect((await matchmakeFrom(nodes, 1, '127.0.0.4', 'create')).status).toBe(200);
    expect((await matchmakeFrom(nodes, 2, '127.0.0.4', 'create')).status).toBe(429);
  });

  it('loopback keeps its exemption without --limit-loopback: the quota is keyed by the addresses the node limits', async () => {
    const open = await startNodes(redis.url, 1, { nodeId: 'n-open', maxPendingPerAddress: MAX_SEATS, roomCapacity: 16, tickRate: 10, seatExpiryMs: 120_000 });
    try {
      const many = await Promise.all(
        Array.from({ length: 8 }, () => postFrom(`${open[0]!.httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, { localAddress: '127.0.0.5' })),
      );
      expect(statuses(many)).toEqual(Array<number>(8).fill(200));
    } finally {
      await open[0]!.server.stop();
    }
  });
});

describe.skipIf(NO_REDIS)('per-address quotas across a cluster: expiry', () => {
  it('an expired seat frees its place on every node', async () => {
    const redis = await RedisServer.start();
    const nodes = await startNodes(redis.url, 2, { limitLoopback: true, maxPendingPerAddress: 2, roomCapacity: 16, tickRate: 10, seatExpiryMs: 1000 });
    try {
      expect(statuses(await Promise.all([0, 1, 2].map((i) => matchmakeFrom(nodes, i, '127.0.0.6', 'joinOrCreate'))))).toEqual([200, 200, 429]);
      await sleep(1100);
      expect(statuses(await Promise.all([1, 0, 1].map((i) => matchmakeFrom(nodes, i, '127.0.0.6', 'joinOrCreate'))))).toEqual([200, 200, 429]);
    } finally {
      for (const n of nodes) await n.server.stop();
      await redis.stop();
    }
  });
});
