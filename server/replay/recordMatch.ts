/**
 * Record real matches: a server of this checkout with `--record DIR` (on a free loopback port),
 * load-test bots of each asked game through the real protocol for a few seconds, then a graceful
 * stop (SIGTERM: the recordings are ended and flushed). Used to make the test fixtures
 * (`npm run replay:fixtures`) and by the recording's integration test.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from '../../loadtest/localServer.ts';

const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface MatchPlan {
  /** The room type (mode) the bots play. */
  readonly mode: string;
  readonly bots: number;
  readonly behavior?: string;
}

export interface RecordOptions {
  readonly dir: string;
  readonly matches: readonly MatchPlan[];
  /** How long the bots play (s). */
  readonly seconds: number;
  /** Stop the server this long after the bots start (s): before they end, the recordings end with 'shutdown'. Default: after they end. */
  readonly stopAfterSec?: number;
  readonly serverFlags?: readonly string[];
  /** Called while the server runs, bots playing (e.g. to use the admin API). */
  readonly during?: (httpUrl: string) => Promise<void>;
}

/** The recordings made, by file name. */
export async function recordMatches(opts: RecordOptions): Promise<string[]> {
  const server = await startLocalServer(['--record', opts.dir, ...(opts.serverFlags ?? [])]);
  const bots = opts.matches.map((m) =>
    spawn(
      process.execPath,
      ['--import', 'tsx', 'loadtest/main.ts', '--url', server.httpUrl, '--mode', m.mode, '--bots', String(m.bots), '--duration', `${opts.seconds}s`, '--workers', '1', '--status', 'off', ...(m.behavior ? ['--behavior', m.behavior] : [])],
      { cwd: REPO_DIR, stdio: 'ignore' },
    ),
  );
  const done = bots.map((b) => new Promise<void>((resolve) => b.once('exit', () => resolve())));
  try {
    if (opts.during) {
      await sleep(Math.min(opts.seconds, opts.stopAfterSec ?? opts.seconds) * 500);
      await opts.during(server.httpUrl);
    }
    if (opts.stopAfterSec !== undefined) {
      await Promise.race([Promise.all(done), sleep(opts.stopAfterSec * 1000)]);
      await server.stop();
    }
    await Promise.all(done);
  } finally {
    for (const b of bots) if (b.exitCode === null && b.pid !== undefined) b.kill('SIGTERM');
    await server.stop();
  }
  return readdirSync(opts.dir).filter((f) => f.endsWith('.rec')).map((f) => join(opts.dir, f));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
