/**
 * Valid-message floods (issue 16): a client that stays over its message rate is closed with
 * 4016 MessageFlood once it has been over it for maxOverRateMs without a break; a client that
 * stalls (a bad network) and then bursts what it held back is not. Real server, raw sockets,
 * bounded: each test sends for at most a few seconds and stops by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE, ERR, MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { opened, Recorder } from '../helpers/fromAddress.ts';
import { start, sleep, until, type Running } from '../rooms/net.ts';

const running: Running[] = [];
const sockets: Recorder[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  for (const r of running.splice(0)) await r.server.stop();
});

const MAX_OVER_RATE_MS = 2000;

async function joined(): Promise<{ rec: Recorder; run: Running }> {
  const run = await start({ session: { messagesPerSec: 120, messageBurst: 120, maxViolationScore: 20, maxOverRateMs: MAX_OVER_RATE_MS } });
  running.push(run);
  const rec = new Recorder(await opened(run.wsUrl));
  sockets.push(rec);
  rec.send([MSG.Join, PROTOCOL_VERSION, 'p', 'arena']);
  await until(() => rec.of(MSG.Welcome).length > 0, 5000, 'welcome');
  return { rec, run };
}

/** Send `perTick` inputs every 10 ms for `ms` (or until the socket closes). */
async function send(rec: Recorder, perTick: number, ms: number, seq: { n: number }): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && rec.closeCode === null) {
    for (let i = 0; i < perTick; i++) rec.send([MSG.Input, ++seq.n, 0, 0, 0, 0]);
    await sleep(10);
  }
}

describe('message floods', () => {
  it('a client over its rate without a break is closed with 4016 after maxOverRateMs', async () => {
    const { rec, run } = await joined();
    const t0 = Date.now();
    // About 400 messages a second against 120 allowed, for at most 5 s.
    await send(rec, 4, 5000, { n: 0 });
    await until(() => rec.closeCode !== null, 2000, 'the close');
    expect(rec.closeCode).toBe(CLOSE.MessageFlood);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThan(MAX_OVER_RATE_MS);
    expect(elapsed).toBeLessThan(MAX_OVER_RATE_MS + 2000);
    expect(run.server.stats.closedByCode.get(CLOSE.MessageFlood)).toBe(1);
    expect(rec.of(MSG.Error).some((m) => m[1] === ERR.RateLimited)).toBe(true);
  });

  it('a stall of 2 s, then a burst of what was held back (beyond the burst allowance), then normal play is not closed', async () => {
    const { rec } = await joined();
    const seq = { n: 0 };
    await send(rec, 1, 1000, seq); // ~100/s: within the rate
    await sleep(2000); // the network stalls
    for (let i = 0; i < 300; i++) rec.send([MSG.Input, ++seq.n, 0, 0, 0, 0]); // it all arrives at once
    await send(rec, 1, MAX_OVER_RATE_MS + 1500, seq);
    await sleep(200);
    expect(rec.closeCode).toBeNull();
    // The burst was over the allowance: some of it was refused for the rate.
    expect(rec.of(MSG.Error).some((m) => m[1] === ERR.RateLimited)).toBe(true);
  });
});
