/**
 * The fuzzer's verdict is not a formality: against the real server process, a stall made from
 * outside (SIGSTOP for 600 ms, then SIGCONT) fails the run as a stall, and a server killed
 * mid-run (SIGKILL) fails it as a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runFuzz, type FuzzOptions } from '../../loadtest/fuzz/runFuzz.ts';
import { startLocalServer, type LocalServer } from '../../loadtest/localServer.ts';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.stop(2000);
  server = null;
});

const options = (url: string): FuzzOptions => ({ url, frames: 1_000_000, seed: 3, connections: 4, perSec: 100, maxSeconds: 5, stallLimitMs: 250, rssLimitMB: 64, settleSeconds: 1 });

describe('the fuzz verdict against a server that misbehaves', () => {
  it('a server stopped for 600 ms is a stall', async () => {
    server = await startLocalServer([]);
    const pid = server.pid;
    const stop = setTimeout(() => {
      process.kill(pid, 'SIGSTOP');
      setTimeout(() => process.kill(pid, 'SIGCONT'), 600);
    }, 2000);
    const r = await runFuzz(options(server.httpUrl));
    clearTimeout(stop);
    expect(r.failures.some((f) => f.startsWith('stall:'))).toBe(true);
    expect(r.watch.worstStallMs).toBeGreaterThan(400);
    expect(r.failures.some((f) => f.startsWith('crash'))).toBe(false);
  }, 30_000);

  it('a server killed mid-run is a crash', async () => {
    server = await startLocalServer([]);
    const pid = server.pid;
    const kill = setTimeout(() => process.kill(pid, 'SIGKILL'), 2000);
    const r = await runFuzz(options(server.httpUrl));
    clearTimeout(kill);
    expect(r.failures).toContain('crash: the server stopped answering');
  }, 30_000);
});
