/**
 * `npm run fuzz`'s own run (runFuzz) against the real server process: 20,000 frames over a few
 * connections. The verdict must be clean (no crash, no stall over 250 ms, memory back within
 * 64 MB, no handler that threw), the server must have refused frames with every kind of error,
 * and a normal client must still join and play afterwards.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ERR } from '../../shared/protocol.ts';
import { runFuzz, summaryLine, type FuzzResult } from '../../loadtest/fuzz/runFuzz.ts';
import { startLocalServer, type LocalServer } from '../../loadtest/localServer.ts';
import { client, until } from '../helpers/net.ts';

let server: LocalServer;
let result: FuzzResult;

beforeAll(async () => {
  server = await startLocalServer([]);
  result = await runFuzz({ url: server.httpUrl, frames: 20_000, seed: 7, connections: 16, perSec: 100, maxSeconds: 40, stallLimitMs: 250, rssLimitMB: 64, settleSeconds: 5 });
  console.log(summaryLine(result));
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

describe('a 20,000-frame fuzz run against the real server', () => {
  it('ends with a clean verdict and a last line that says so', () => {
    expect(result.failures).toEqual([]);
    expect(result.framesSent).toBeGreaterThanOrEqual(20_000);
    expect(result.watch.healthzPolls).toBeGreaterThan(50);
    expect(summaryLine(result)).toMatch(/^fuzz: \d+ frames sent, \d+ connections, worst stall \d+ ms, RSS delta [+-]\d+\.\d MB: ok$/);
    expect(server.hasExited()).toBe(false);
  });

  it('reached the validation: every kind of refusal, and closes for too many bad messages', () => {
    for (const code of [ERR.Malformed, ERR.UnknownType, ERR.BadField, ERR.Oversize, ERR.NotJoined]) expect(result.counts.serverErrors.get(code) ?? 0).toBeGreaterThan(0);
    expect(result.counts.closes.get(4003) ?? 0).toBeGreaterThan(0);
  });

  it('leaves a server that still serves a normal player', async () => {
    const c = client(`${server.httpUrl.replace('http', 'ws')}/ws`, 'after-fuzz');
    await c.connect();
    const states = c.stats.states;
    await until(() => c.stats.states >= states + 10, 5000, 'ten States');
    expect(c.stats.desyncs).toBe(0);
    c.leave();
  });

  it('the CLI refuses a host that is not this machine, before sending anything', () => {
    const cli = fileURLToPath(new URL('../../loadtest/fuzz/main.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, '--url', 'http://192.0.2.1:8080', '--frames', '10'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/only a server on this machine/);
  });
});
