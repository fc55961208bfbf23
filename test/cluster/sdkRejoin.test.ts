/**
 * kill -9 of a node under SDK players: their quick-play clients (shared/sdk quickPlay, as the
 * browser lobby uses it) see the drop, fail to resume on the dead node, matchmake again by
 * themselves, and play on a live node, with a `moved` event and no call from the test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import type { LostRoom } from '../../shared/sdk/rematch.ts';
import { quickPlay } from '../../shared/sdk/rooms.ts';
import { freePort, ServerProcess } from '../ops/opsHelpers.ts';
import { until, wsFactory } from '../rooms/net.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';
import { arena } from '../../games/arena/index.ts';

describe.skipIf(NO_REDIS)('SDK rejoin after a node death', () => {
  const procs: ServerProcess[] = [];
  const clients: GameClient[] = [];
  let redis: RedisServer | null = null;
  afterAll(async () => {
    for (const c of clients) c.leave();
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited));
    await redis?.stop();
  });

  it('quick-play clients of a killed node land in rooms of live nodes by themselves, within seconds', async () => {
    redis = await RedisServer.start();
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    for (const [i, port] of ports.entries()) procs.push(new ServerProcess([], { PORT: String(port), REDIS_URL: redis.url, NODE_ID: `node${i + 1}`, ROOM_CAPACITY: '2' }));
    await until(() => procs.every((p) => p.find('listening') !== undefined || p.exit !== null), 60_000, 'nodes listening');
    expect(procs.map((p) => p.exit)).toEqual([null, null, null]);
    // Every node registered (its first heartbeat in), so the first rooms spread over all three.
    const registering = Date.now();
    while ((await redis.registeredNodes()) < 3 && Date.now() - registering < 10_000) await new Promise((r) => setTimeout(r, 50));
    const http = ports.map((p) => `http://127.0.0.1:${p}`);
    const nodeOf = (c: GameClient): number => ports.findIndex((p) => c.serverUrl.includes(`:${p}/`));

    // Six players through node 1 (any would do), two a room: each new room goes to the node with
    // the most free rooms, so every node gets one. (The first heartbeats may still be on their way.)
    for (let i = 0; i < 6; i++) {
      let c: GameClient | null = null;
      for (let tries = 0; c === null && tries < 50; tries++) {
        c = await quickPlay(http, { name: `p${i}`, mode: 'arena', socketFactory: wsFactory, game: arena, reconnect: true }).catch(async () => {
          await new Promise((r) => setTimeout(r, 100));
          return null;
        });
      }
      expect(c).not.toBeNull();
      clients.push(c!);
    }
    const onNode = (n: number): GameClient[] => clients.filter((c) => nodeOf(c) === n);
    expect([0, 1, 2].map((n) => onNode(n).length)).toEqual([2, 2, 2]);

    const victims = onNode(2);
    const survivors = clients.filter((c) => !victims.includes(c));
    const moved: { client: GameClient; from: LostRoom; atMs: number }[] = [];
    for (const c of victims) c.on('moved', (_w, from) => moved.push({ client: c, from, atMs: performance.now() }));
    const oldRooms = victims.map((c) => c.roomId);
    const closes: number[] = [];
    for (const c of clients) c.on('close', (code) => closes.push(code));

    const killedAt = performance.now();
    process.kill(procs[2]!.child.pid!, 'SIGKILL');
    await procs[2]!.exited;
    await until(() => moved.length === victims.length, 20_000, 'both players of the killed node to move');
    const movedAfterMs = Math.max(...moved.map((m) => m.atMs - killedAt));
    // 1 s heartbeat, 3 s TTL: a few seconds (two failed resumes, then a seat away from the dead node).
    expect(movedAfterMs).toBeLessThan(10_000);
    for (const m of moved) {
      expect(oldRooms).toContain(m.from.roomId);
      expect(nodeOf(m.client)).not.toBe(2);
      expect(m.client.roomId).not.toBe(m.from.roomId);
      expect(m.client.reconnecting).toBe(false);
    }
    // They play there: states keep coming and each sees its own player.
    const statesAt = victims.map((c) => c.stats.states);
    await until(() => victims.every((c, i) => c.stats.states > statesAt[i]! + 10 && c.view.entities.has(c.playerId)), 5000, 'states in the new rooms');
    expect(closes).toEqual([]);
    expect(survivors.every((c) => c.isOpen && !c.reconnecting)).toBe(true);
    console.log(`sdk rejoin: ${victims.length} players of a kill -9'd node moved to live nodes ${Math.round(movedAfterMs)} ms after the kill`);
  }, 100_000);
});
