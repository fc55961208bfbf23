/** Operating a cluster: the admin endpoint lists every node and room, /metrics reports Redis health, the flags are checked. */
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { parsePrometheus, sampleValue, startOps } from '../ops/opsHelpers.ts';
import { post, until } from '../rooms/net.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

const TOKEN = 'cluster-admin-token-0123456789';

describe('cluster flags', () => {
  it('--redis takes redis:// URLs (never echoing one back), --node-id short names', () => {
    const parsed = parseConfig(['--redis', 'redis://127.0.0.1:6390', '--node-id', 'eu-1.a_b'], {});
    expect(parsed.help ? null : parsed.options.game).toMatchObject({ redisUrl: 'redis://127.0.0.1:6390', nodeId: 'eu-1.a_b' });
    const fromEnv = parseConfig([], { REDIS_URL: 'rediss://h:1', NODE_ID: 'n7' });
    expect(fromEnv.help ? null : fromEnv.options.game).toMatchObject({ redisUrl: 'rediss://h:1', nodeId: 'n7' });
    const bad = (argv: string[]): string => {
      try {
        parseConfig(argv, {});
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    const m = bad(['--redis', 'http://user:secret@host:6379']);
    expect(m).toMatch(/--redis=\(hidden\) is invalid: expected a redis:\/\//);
    expect(m).not.toContain('secret');
    expect(bad(['--node-id', 'a,b'])).toMatch(/--node-id="a,b" is invalid/);
    expect(DEFAULT_CONFIG.redisUrl).toBeNull();
  });
});

describe.skipIf(NO_REDIS)('cluster operations', () => {
  let redis: RedisServer | null = null;
  const ops: OpsServer[] = [];
  afterAll(async () => {
    for (const o of ops) await o.server.stop();
    await redis?.stop();
  });

  it('GET /admin/api/cluster lists every node and room; /metrics has the registry and Redis health', async () => {
    redis = await RedisServer.start();
    const started = await Promise.all(
      ['x', 'y'].map((nodeId) => startOps({ game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null, redisUrl: redis!.url, nodeId }, adminToken: TOKEN })),
    );
    ops.push(...started.map((s) => s.ops));
    await until(() => ops.every((o) => o.server.cluster!.available), 5000, 'registered');
    const made = await post(started[1]!.httpUrl, { mode: 'arena', action: 'create', options: {} });
    expect(made.status).toBe(200);

    const res = await fetch(`${started[0]!.httpUrl}/admin/api/cluster`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { cluster: boolean; nodes: { nodeId: string; rooms: number }[]; rooms: { roomId: string; node: string }[] };
    expect(view.cluster).toBe(true);
    expect(view.nodes.map((n) => n.nodeId).sort()).toEqual(['x', 'y']);
    expect(view.nodes.reduce((a, n) => a + n.rooms, 0)).toBe(1);
    expect(view.rooms.map((r) => r.roomId)).toEqual([made.body.roomId]);
    expect((await fetch(`${started[0]!.httpUrl}/admin/api/cluster`)).status).toBe(401);

    const metrics = parsePrometheus(await (await fetch(`${started[0]!.httpUrl}/metrics`)).text());
    expect(sampleValue(metrics, 'game_cluster_redis_up')).toBe(1);
    expect(sampleValue(metrics, 'game_cluster_heartbeats_total', { result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, 'game_cluster_heartbeat_age_seconds')).toBeLessThan(3);

    await redis.stop();
    await until(() => !ops[0]!.server.cluster!.available, 3000, 'link down');
    const down = parsePrometheus(await (await fetch(`${started[0]!.httpUrl}/metrics`)).text());
    expect(sampleValue(down, 'game_cluster_redis_up')).toBe(0);
    expect((await fetch(`${started[0]!.httpUrl}/admin/api/cluster`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(503);
  }, 20_000);
});
