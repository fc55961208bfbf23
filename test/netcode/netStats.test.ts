/** The F3 overlay's figures: rates over the last second from the session's counters, on a manual clock. */
import { describe, expect, it } from 'vitest';
import { NetSession } from '../../client/net/NetSession.ts';
import { NetStats } from '../../client/net/NetStats.ts';
import { ManualClock } from '../../shared/clock.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { arena } from '../../games/arena/index.ts';

describe('NetStats', () => {
  it('turns counters into per-second rates and reads the clock sync and interpolation', () => {
    const clock = new ManualClock(0);
    const client = new GameClient({ game: arena, url: 'ws://unused', name: 'n', clock, socketFactory: () => ({}) as SocketLike });
    const session = new NetSession(client, { protocol: 1, roomId: 'r', playerId: 1, tickRate: 30, game: 'arena', info: { map: { width: 100, height: 100, obstacles: [] } } }, clock, { game: arena });
    const stats = new NetStats(session);
    client.clockSync.addSample(0, 5000, 100);
    for (let f = 0; f <= 120; f++) {
      // 30 states of 100 bytes a second in, 30 inputs of 20 bytes out, one correction of 2 units per 0.5 s.
      if (f % 2 === 0) {
        client.stats.states++;
        client.stats.bytesIn += 100;
        client.stats.bytesOut += 20;
        client.view.tick++;
      }
      if (f % 30 === 0) {
        session.predictor!.stats.corrections++;
        session.predictor!.stats.errorSumUnits += 2;
      }
      stats.sample(clock.now());
      clock.advance(1000 / 60);
    }
    const v = stats.read();
    expect(v.rttMs).toBe(100);
    expect(v.clockOffsetMs).toBe(5000 + 50 - 100);
    // Counters are sampled every 250 ms, so a rate is within a few percent of the true one.
    const near = (x: number, target: number): void => expect(Math.abs(x - target) / target).toBeLessThan(0.06);
    near(v.snapshotRate, 30);
    near(v.serverTickRate, 30);
    near(v.bytesInPerSec, 3000);
    near(v.bytesOutPerSec, 600);
    expect(v.correctionsPerSec).toBeGreaterThan(1.5);
    expect(v.correctionsPerSec).toBeLessThan(3.1);
    expect(v.correctionUnits).toBe(2);
    expect(v.interpDelayMs).toBeGreaterThan(0);
    expect(Number.isNaN(v.inputBufferTicks)).toBe(true); // no report from the server yet
  });
});
