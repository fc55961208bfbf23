/**
 * The load-test tool against a cluster: pointed at one node's URL, its bots follow each seat's
 * wsUrl to the node that owns the room; and through a rolling restart of all 3 nodes (each
 * drained with a deadline, stopped and started again on its port) no join fails: the bots of a
 * drained node are moved by the SDK's rematch (`npm run cluster:rolling-restart` does the same
 * with 300 bots and real processes).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../loadtest/options.ts';
import { startLoadTest } from '../../loadtest/runLoadTest.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { freePort, startOps } from '../ops/opsHelpers.ts';
import { sleep, until } from '../rooms/net.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

describe.skipIf(NO_REDIS)('load tests against a cluster', () => {
  let redis: RedisServer | null = null;
  const nodes: (OpsServer | null)[] = [];
  afterAll(async () => {
    for (const n of nodes) await n?.server.stop();
    await redis?.stop();
  });

  const startNode = async (redisUrl: string, nodeId: string, port: number): Promise<OpsServer> => {
    const { ops } = await startOps({ game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port, staticDir: null, redisUrl, nodeId, roomCapacity: 4 }, drainDeadlineMs: 1000 });
    await until(() => ops.server.cluster!.available, 5000, `${nodeId} registered`);
    return ops;
  };
  const players = (): number[] => nodes.map((n) => (n === null ? 0 : [...n.server.rooms.rooms.values()].reduce((a, r) => a + r.playerCount, 0)));

  it('bots matchmade through one node play on every node', async () => {
    redis = await RedisServer.start();
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    for (const [i, port] of ports.entries()) nodes.push(await startNode(redis.url, `n${i + 1}`, port));
    const bots = 24;
    const run = startLoadTest({ ...DEFAULT_OPTIONS, url: `http://127.0.0.1:${ports[0]}`, bots, rampPerSec: 100, durationMs: 8000, workers: 1 }, { onProgress: () => {} });
    // The most players each node held (no bot leaves before the end).
    const seen = [0, 0, 0];
    const watch = setInterval(() => players().forEach((n, i) => (seen[i] = Math.max(seen[i]!, n))), 50);
    const report = await run.done;
    clearInterval(watch);
    expect(report.totals.joinsOk).toBe(bots);
    expect(report.joins.matchmaking).toBe(bots);
    expect(report.errors.total).toBe(0);
    // 6 rooms of 4, spread over the 3 nodes (new rooms go to the node with the most free rooms).
    expect(seen).toEqual([8, 8, 8]);
  }, 60_000);

  it('a rolling restart of the 3 nodes under load: zero failed joins, the drained bots move', async () => {
    const ports = nodes.map((n) => n!.server.port);
    const bots = 40;
    const run = startLoadTest(
      { ...DEFAULT_OPTIONS, url: ports.map((p) => `http://127.0.0.1:${p}`).join(','), bots, rampPerSec: 100, durationMs: 16_000, workers: 1 },
      { onProgress: () => {} },
    );
    await until(() => players().reduce((a, b) => a + b, 0) === bots, 10_000, 'every bot in');
    await sleep(500);
    const restarts: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const t0 = performance.now();
      await nodes[i]!.shutdown('rolling restart');
      nodes[i] = null;
      nodes[i] = await startNode(redis!.url, `n${i + 1}`, ports[i]!);
      restarts.push(Math.round(performance.now() - t0));
      // Every bot is back in a room before the next node goes.
      await until(() => players().reduce((a, b) => a + b, 0) === bots, 10_000, `every bot back after restarting n${i + 1}`);
    }
    const report = await run.done;
    expect(report.errors.joinFailures).toBe(0);
    expect(report.errors.total).toBe(0);
    expect(report.totals.joinsOk).toBe(bots);
    // Each node held bots when it drained: they were moved, not dropped.
    expect(report.totals.moves).toBeGreaterThanOrEqual(bots);
    expect(report.totals.closesExpected).toBe(bots);
    console.log(`rolling restart (in-process, ${bots} bots): restarts took ${restarts.join(', ')} ms; ${report.totals.moves} moves, ${report.errors.joinFailures} failed joins`);
  }, 90_000);
});
