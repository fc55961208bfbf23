/**
 * Clock sync through the network simulator on a manual clock: pings go up and pongs come back
 * through DelayQueues (150 ms RTT ± 30 ms, plus stalled outliers); the server's clock is far
 * off the client's and drifts. The estimate converges, ignores outliers, follows the drift
 * slowly, and the server time it gives never goes backwards.
 */
import { describe, expect, it } from 'vitest';
import { ClockSync } from '../../shared/netcode/ClockSync.ts';
import { DelayQueue } from '../../shared/netcode/DelayQueue.ts';
import { ManualTimers, seededRandom } from './manualTimers.ts';

interface Setup {
  timers: ManualTimers;
  sync: ClockSync;
  /** The server's clock at a client time. */
  serverTime: (clientMs: number) => number;
  ping: () => void;
}

function setup(offsetMs: number, driftPpm: number, outlierEvery: number): Setup {
  const timers = new ManualTimers();
  const deps = { clock: timers.clock, schedule: timers.schedule, random: seededRandom(42) };
  const sync = new ClockSync();
  const serverTime = (c: number): number => c * (1 + driftPpm / 1e6) + offsetMs;
  const down = new DelayQueue<[number, number]>({ lagMs: 150, jitterMs: 30 }, deps, ([sent, server]) => sync.addSample(sent, server, timers.clock.now()));
  // A stalled path (a GC pause, a retransmission): these pongs come 300 ms late.
  const stalled = new DelayQueue<[number, number]>({ lagMs: 750, jitterMs: 0 }, deps, ([sent, server]) => sync.addSample(sent, server, timers.clock.now()));
  let n = 0;
  const up = new DelayQueue<number>({ lagMs: 150, jitterMs: 30 }, deps, (sent) => {
    const pong: [number, number] = [sent, serverTime(timers.clock.now())];
    if (++n % outlierEvery === 0) stalled.push(pong);
    else down.push(pong);
  });
  return { timers, sync, serverTime, ping: () => up.push(timers.clock.now()) };
}

describe('ClockSync', () => {
  it('converges on the server offset under jitter and ignores outliers', () => {
    const { timers, sync, serverTime, ping } = setup(123_456, 0, 8);
    for (let i = 0; i < 40; i++) {
      ping();
      timers.advance(250);
    }
    timers.advance(1000);
    const trueOffset = serverTime(timers.clock.now()) - timers.clock.now();
    const s = sync.stats;
    expect(s.samples).toBe(40);
    expect(Math.abs(s.offsetMs - trueOffset)).toBeLessThan(6);
    expect(s.rttMs).toBeGreaterThan(130);
    expect(s.rttMs).toBeLessThan(175);
    expect(s.minRttMs).toBeGreaterThanOrEqual(120);
    expect(s.jitterMs).toBeGreaterThan(2);
    expect(s.jitterMs).toBeLessThan(60);
  });

  it('follows a drifting server clock slowly and never goes backwards', () => {
    // 2000 ppm: the server gains 2 ms per second.
    const { timers, sync, serverTime, ping } = setup(-50_000, 2000, 7);
    let last = -Infinity;
    let backwards = 0;
    for (let i = 0; i < 600; i++) {
      if (i % 10 === 0) ping(); // one ping every 500 ms
      timers.advance(50);
      const t = sync.serverNow(timers.clock.now());
      if (t < last) backwards++;
      last = t;
    }
    expect(backwards).toBe(0);
    const trueOffset = serverTime(timers.clock.now()) - timers.clock.now();
    expect(Math.abs(sync.stats.offsetMs - trueOffset)).toBeLessThan(8);
  });

  it('takes a first sample at once and ignores impossible ones', () => {
    const sync = new ClockSync();
    expect(sync.ready).toBe(false);
    sync.addSample(1000, 5000, 990); // negative RTT
    expect(sync.ready).toBe(false);
    sync.addSample(1000, 5050, 1100);
    expect(sync.stats.offsetMs).toBe(5050 + 50 - 1100);
    expect(sync.stats.rttMs).toBe(100);
  });
});
