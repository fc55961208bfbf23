/** Redis stops: rooms keep ticking and players keep playing, matchmaking answers 503 ClusterUnavailable; Redis back: the node re-registers. */
import { afterAll, describe, expect, it } from 'vitest';
import { ERR, MSG } from '../../shared/protocol.ts';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import type { RawSocket } from '../helpers/net.ts';
import { post, sleep, until, type Running } from '../rooms/net.ts';
import { joinSeat, rooms, startNodes, welcomed } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

describe.skipIf(NO_REDIS)('Redis outage', () => {
  let redis: RedisServer | null = null;
  let nodes: Running[] = [];
  const sockets: RawSocket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    for (const n of nodes) await n.server.stop();
    await redis?.stop();
  });

  it('rooms tick through it, matchmaking is 503 during it and works again within seconds after', async () => {
    redis = await RedisServer.start();
    nodes = await startNodes(redis.url, 2);
    const [a, b] = nodes as [Running, Running];
    const seat = (await post(b.httpUrl, { mode: 'arena', action: 'joinOrCreate', options: {} })).body as unknown as SeatReservation;
    const player = await joinSeat(seat);
    sockets.push(player);
    expect(welcomed(player)).toBe(true);
    const owner = nodes.find((n) => n.wsUrl === seat.wsUrl)!;
    const room = owner.server.rooms.get(seat.roomId)!;

    await redis.stop();
    const tick0 = room.tick;
    const states0 = player.messages.filter((m) => m[0] === MSG.State).length;
    await sleep(1000);
    // 30 Hz: about 30 ticks in that second, and a state message each to the player.
    expect(room.tick - tick0).toBeGreaterThanOrEqual(20);
    expect(player.messages.filter((m) => m[0] === MSG.State).length - states0).toBeGreaterThanOrEqual(15);
    expect(player.closeCode).toBeNull();
    for (const n of [a, b]) {
      const r = await post(n.httpUrl, { mode: 'arena', action: 'joinOrCreate', options: {} });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({ code: ERR.ClusterUnavailable, name: 'ClusterUnavailable' });
      expect((await fetch(`${n.httpUrl}/api/rooms`)).status).toBe(503);
    }

    // Back (empty: no persistence): each node registers itself and its rooms again.
    const restartedAt = performance.now();
    await redis.restart();
    await until(() => nodes.every((n) => n.server.cluster!.available), 5000, 're-registered');
    const r = await post(a.httpUrl, { mode: 'arena', action: 'joinOrCreate', options: {} });
    expect(r.status).toBe(200);
    // The running room is back in the directory and quick play fills it.
    expect(r.body.roomId).toBe(seat.roomId);
    const second = await joinSeat(r.body as unknown as SeatReservation);
    sockets.push(second);
    expect(welcomed(second)).toBe(true);
    expect((await rooms(a.httpUrl)).find((x) => x.roomId === seat.roomId)?.players).toBeGreaterThanOrEqual(2);
    console.log(`redis outage: matchmaking back ${Math.round(performance.now() - restartedAt)} ms after redis-server restarted`);
  }, 30_000);
});
