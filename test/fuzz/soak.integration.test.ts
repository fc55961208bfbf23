/**
 * `npm run soak` for 12 seconds (12 bots, chaos among them, through the network simulator)
 * against the server it starts itself: exit 0, zero desyncs with every State checksummed, and
 * a report whose lines carry the figures docs/operations.md quotes. A host that is not this
 * machine is refused before anything starts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../loadtest/soak/main.ts', import.meta.url));

function runCli(args: string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('npm run soak', () => {
  it('a 0.2-minute soak: zero desyncs, exit 0, and every figure in its report', async () => {
    const { code, out } = await runCli(['--minutes', '0.2', '--bots', '12', '--status-every', '5'], 60_000);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^soak: 0\.2 min against http:\/\/127\.0\.0\.1:\d+ \(started here, pid \d+, --debug-checksum on\), 12 bots \(chaos:2,fighter:1,wander:1\) playing arena \(mode arena\), network simulator/);
    expect(out).toMatch(/^bots: 12, peak 1[0-2] connected, \d+ joins, \d+ reconnects \(\d+ failed\)$/m);
    expect(out).toMatch(/^errors seen by the bots: \d+ \(server errors: .*; unexpected closes: .*; failed joins: .*\)$/m);
    expect(out).toMatch(/^server: rejected messages: .*; closes: .*; handlers that threw: 0; ticks [1-9]\d* \(\d+ late\)$/m);
    expect(out).toMatch(/^RSS: \d+\.\d → \d+\.\d MB, slope [+-]\d+\.\d\d MB\/min \(least squares over \d+ scrapes\)$/m);
    expect(out).toMatch(/^tick: p99 \d+\.\d\d ms over the run/m);
    expect(lines.at(-1)).toMatch(/^soak: 0\.[12] min, 12 bots, desyncs 0, errors \d+, RSS slope [+-]\d+\.\d\d MB\/min, tick p99 \d+\.\d\d ms: ok$/);
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a host that is not this machine, and bad options, with exit code 2', () => {
    const refuse = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--minutes', '1', '--url', 'http://example.com:8080'], { encoding: 'utf8', timeout: 20_000 });
    expect(refuse.status).toBe(2);
    expect(refuse.stderr).toMatch(/only a server on this machine/);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--bots', '5'], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--minutes is required/);
  });
});
