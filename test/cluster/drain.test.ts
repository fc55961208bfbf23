/** A draining node (SIGTERM, graceful shutdown) takes no new rooms or seats from anywhere in the cluster, and still matchmakes onto the others. */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import { quickPlay } from '../../shared/sdk/rooms.ts';
import { startOps } from '../ops/opsHelpers.ts';
import { post, until, wsFactory, type Running } from '../rooms/net.ts';
import { startNodes } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';
import { arena } from '../../games/arena/index.ts';

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

describe.skipIf(NO_REDIS)('admin drain with a deadline', () => {
  const TOKEN = 'drain-admin-token-0123456789';
  let redis: RedisServer | null = null;
  const ops: OpsServer[] = [];
  const clients: GameClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.leave();
    for (const o of ops) await o.server.stop();
    await redis?.stop();
  });

  it('rooms play on until the deadline, then their players get 4017 and the SDK moves them to another node', async () => {
    redis = await RedisServer.start();
    const started = await Promise.all(
      ['x', 'y'].map((nodeId) => startOps({ game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null, redisUrl: redis!.url, nodeId }, adminToken: TOKEN, drainDeadlineMs: 30_000 })),
    );
    ops.push(...started.map((s) => s.ops));
    await until(() => ops.every((o) => o.server.cluster!.available), 5000, 'registered');
    const [x, y] = started as [(typeof started)[0], (typeof started)[0]];
    const bases = [x.httpUrl, y.httpUrl];
    for (let i = 0; i < 3; i++) clients.push(await quickPlay(bases, { name: `d${i}`, mode: 'arena', socketFactory: wsFactory, game: arena, reconnect: true }));
    // One room: on x (equal free rooms, the lower id wins).
    expect(clients.map((c) => c.serverUrl)).toEqual(clients.map(() => x.wsUrl));
    const moved: { code: number; url: string }[] = [];
    for (const c of clients) c.on('moved', (_w, from) => moved.push({ code: from.code, url: c.serverUrl }));

    const admin = (path: string, body?: unknown): Promise<Response> =>
      fetch(`${x.httpUrl}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await fetch(`${x.httpUrl}/admin/api/drain`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await admin('/admin/api/drain', { deadlineSec: 'soon' })).status).toBe(400);
    const startedAt = performance.now();
    const res = await admin('/admin/api/drain', { deadlineSec: 1.5 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ draining: true, connections: 3, cancellable: true });
    expect((await fetch(`${x.httpUrl}/readyz`)).status).toBe(503);
    // No new seat on x, from either node; the registry says so.
    const fresh = await post(x.httpUrl, { mode: 'arena', action: 'joinOrCreate', options: {} });
    expect(fresh.body.wsUrl).toBe(y.wsUrl);

    // Before the deadline the game goes on.
    const statesAt = clients.map((c) => c.stats.states);
    await until(() => clients.every((c, i) => c.stats.states > statesAt[i]! + 5), 1000, 'play on while draining');
    expect(moved).toEqual([]);
    await until(() => moved.length === clients.length, 10_000, 'the players to move');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(1400);
    expect(moved).toEqual(clients.map(() => ({ code: CLOSE.NodeDraining, url: y.wsUrl })));
    await until(() => clients.every((c) => c.view.entities.has(c.playerId)), 5000, 'playing on y');
    await until(() => x.ops.server.sessions.size === 0, 2000, 'x empty');
    expect(await (await admin('/admin/api/drain')).json()).toMatchObject({ draining: true, connections: 0 });

    // Serving again.
    expect((await admin('/admin/api/drain', { cancel: true })).status).toBe(200);
    expect(x.ops.server.draining).toBe(false);
    await x.ops.server.cluster!.heartbeat();
    expect((await y.ops.server.cluster!.nodes()).find((n) => n.nodeId === 'x')?.draining).toBe(false);
    expect((await admin('/admin/api/drain', { cancel: true })).status).toBe(409);
  }, 30_000);
});
