/**
 * The server's network simulator on a real server (ephemeral port): every connection's messages
 * are delayed both ways, so the RTT a client measures includes the configured lag; the game goes
 * on normally through it (states, acks), and Pongs carry the input timing report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { client, startServer, until } from '../helpers/net.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';

describe('server network simulator (--net-sim-lag-ms)', () => {
  let server: GameServer | null = null;
  const clients: GameClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.leave();
    clients.length = 0;
    await server?.stop();
    server = null;
  });

  it('adds the lag to the measured RTT and the game runs through it', async () => {
    const started = await startServer({ netSimLagMs: 120, netSimJitterMs: 20 });
    server = started.server;
    const c = client(started.wsUrl, 'lagged', { pingIntervalMs: 100 });
    clients.push(c);
    const t0 = performance.now();
    await c.connect();
    // Join up (60 ms) and Welcome down (60 ms): at least the lag.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    let seq = 0;
    // Pings go 4× as often as usual for the first clock samples, faster than ticks: a Pong may
    // report a period without a tick, so look for any report that counted ticks.
    let reportedTicks = 0;
    c.on('inputTiming', (t) => (reportedTicks = Math.max(reportedTicks, t.ticks)));
    const timer = setInterval(() => {
      c.maybePing();
      if (c.isOpen) seq = c.sendInput({ mx: 1, my: 0, aim: 0, fire: false }, c.view.tick).seq;
    }, 33);
    try {
      await until(() => c.clockSync.stats.samples >= 6 && c.ackSeq >= 10 && reportedTicks > 0, 10_000, 'pongs and acks through the simulator');
    } finally {
      clearInterval(timer);
    }
    const s = c.clockSync.stats;
    expect(s.minRttMs).toBeGreaterThanOrEqual(100); // 120 ± 20 (each way 60 ± 10)
    expect(s.rttMs).toBeLessThan(120 + 20 + 150); // plus the real (local) round trip and timer slack
    expect(c.ackSeq).toBeLessThanOrEqual(seq);
    expect(c.stats.desyncs).toBe(0);
    expect(reportedTicks).toBeGreaterThan(0);
  });
});
