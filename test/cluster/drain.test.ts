/** A draining node (SIGTERM, graceful shutdown) takes no new rooms or seats from anywhere in the cluster, and still matchmakes onto the others. */
import { afterAll, describe, expect, it } from 'vitest';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import { post, type Running } from '../rooms/net.ts';
import { startNodes } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

describe.skipIf(NO_REDIS)('cluster drain', () => {
  let redis: RedisServer | null = null;
  let nodes: Running[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.server.stop();
    await redis?.stop();
  });

  it('no new rooms or seats on a draining node; a stopped node leaves the registry at once', async () => {
    redis = await RedisServer.start();
    nodes = await startNodes(redis.url, 2);
    const [a, b] = nodes as [Running, Running];
    // A room on b, then b drains.
    let onB: SeatReservation | null = null;
    for (let i = 0; i < 4 && onB === null; i++) {
      const r = (await post(a.httpUrl, { mode: 'arena', action: 'create', options: {} })).body as unknown as SeatReservation;
      if (r.wsUrl === b.wsUrl) onB = r;
    }
    expect(onB).not.toBeNull();
    b.server.draining = true;
    await b.server.cluster!.heartbeat();
    expect((await a.server.cluster!.nodes()).find((n) => n.nodeId === b.server.nodeId)?.draining).toBe(true);
    for (let i = 0; i < 10; i++) {
      const r = await post(a.httpUrl, { mode: 'arena', action: 'create', options: {} });
      expect(r.body.wsUrl).toBe(a.wsUrl);
    }
    const byId = await post(a.httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: onB!.roomId } });
    expect(byId.status).toBe(404);
    // The draining node still matchmakes, onto the others.
    const viaB = await post(b.httpUrl, { mode: 'arena', action: 'joinOrCreate', options: {} });
    expect(viaB.status).toBe(200);
    expect(viaB.body.wsUrl).toBe(a.wsUrl);

    await b.server.stop();
    nodes = [a];
    const left = await a.server.cluster!.nodes();
    expect(left.map((n) => n.nodeId)).toEqual([a.server.nodeId]);
  }, 20_000);
});
