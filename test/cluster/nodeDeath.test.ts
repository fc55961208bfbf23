/** kill -9 of one of 3 node processes: its rooms leave the others' /api/rooms within the TTL, and quick play goes elsewhere. */
import { afterAll, describe, expect, it } from 'vitest';
import type { SeatReservation } from '../../shared/sdk/api.ts';
import type { RawSocket } from '../helpers/net.ts';
import { freePort, ServerProcess } from '../ops/opsHelpers.ts';
import { post, until } from '../rooms/net.ts';
import { joinSeat, rooms, welcomed } from './clusterHelpers.ts';
import { NO_REDIS, RedisServer } from './redisServer.ts';

describe.skipIf(NO_REDIS)('node death', () => {
  const procs: ServerProcess[] = [];
  const sockets: RawSocket[] = [];
  let redis: RedisServer | null = null;
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited));
    await redis?.stop();
  });

  it('a killed node and its rooms are gone from every listing within 5 s; its players matchmake onto live nodes', async () => {
    redis = await RedisServer.start();
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    for (const [i, port] of ports.entries()) procs.push(new ServerProcess([], { PORT: String(port), REDIS_URL: redis.url, NODE_ID: `node${i + 1}`, LOG_LEVEL: 'info' }));
    await until(() => procs.every((p) => p.find('listening') !== undefined || p.exit !== null), 60_000, 'nodes listening');
    expect(procs.map((p) => p.exit)).toEqual([null, null, null]);
    // Every node registered (its first heartbeat in), so the first rooms spread over all three.
    const registering = Date.now();
    while ((await redis.registeredNodes()) < 3 && Date.now() - registering < 10_000) await new Promise((r) => setTimeout(r, 50));
    const http = ports.map((p) => `http://127.0.0.1:${p}`);

    // One room with a player on each node (rooms go to the node with the most free rooms).
    const seats: SeatReservation[] = [];
    for (let i = 0; i < 3; i++) {
      let r = await post(http[0]!, { mode: 'arena', action: 'create', options: {} });
      // (The first heartbeats may still be on their way.)
      for (let tries = 0; r.status !== 200 && tries < 50; tries++) {
        await new Promise((res) => setTimeout(res, 100));
        r = await post(http[0]!, { mode: 'arena', action: 'create', options: {} });
      }
      expect(r.status).toBe(200);
      seats.push(r.body as unknown as SeatReservation);
    }
    expect(new Set(seats.map((s) => s.wsUrl)).size).toBe(3);
    for (const s of seats) {
      const raw = await joinSeat(s);
      sockets.push(raw);
      expect(welcomed(raw)).toBe(true);
    }

    const victim = seats.find((s) => s.wsUrl.includes(`:${ports[2]}/`))!;
    const victimPid = procs[2]!.child.pid!;
    const killedAt = performance.now();
    process.kill(victimPid, 'SIGKILL');
    await procs[2]!.exited;
    const victimSocket = sockets[seats.indexOf(victim)]!;
    await victimSocket.waitClose(5000);

    let goneMs = -1;
    while (performance.now() - killedAt < 6000) {
      const [a, b] = await Promise.all([rooms(http[0]!), rooms(http[1]!)]);
      if (!a.some((r) => r.roomId === victim.roomId) && !b.some((r) => r.roomId === victim.roomId)) {
        goneMs = performance.now() - killedAt;
        break;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(goneMs).toBeGreaterThanOrEqual(0);
    expect(goneMs).toBeLessThan(5000);
    // The other nodes' rooms are still listed.
    const left = await rooms(http[1]!);
    for (const s of seats) if (s !== victim) expect(left.map((r) => r.roomId)).toContain(s.roomId);

    // The dropped player matchmakes again (through any live node) and lands on a live node.
    for (let i = 0; i < 10; i++) {
      const again = await post(http[i % 2]!, { mode: 'arena', action: 'joinOrCreate', options: {} });
      expect(again.status).toBe(200);
      expect(again.body.wsUrl).not.toContain(`:${ports[2]}/`);
      const raw = await joinSeat(again.body as unknown as SeatReservation);
      sockets.push(raw);
      expect(welcomed(raw)).toBe(true);
    }
    console.log(`node death: the killed node's room left the directory ${Math.round(goneMs)} ms after kill -9 (heartbeat 1 s, TTL 3 s)`);
  }, 100_000);
});
