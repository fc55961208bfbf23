/**
 * Startup time and memory of the server as `npm start` runs it (built JavaScript) against the
 * TypeScript sources under tsx (what `npm start` ran before): each command is started `--runs`
 * times on a free loopback port; time is from spawn to the `listening` log line, RSS is the sum
 * over the process tree (tsx runs the server in a child process) one second after listening.
 * Linux only (reads /proc). Build first (`npm run build`).
 *
 *   node scripts/startupCost.ts [--runs 5]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function treePids(pid: number): number[] {
  const out = [pid];
  const taskDir = `/proc/${pid}/task`;
  if (!existsSync(taskDir)) return out;
  for (const tid of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(...treePids(Number(tid)));
  return out;
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function once(args: string[]): Promise<{ ms: number; rssMiB: number; processes: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const ms = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('"event":"listening"')) resolve(performance.now() - t0);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code} before listening`)));
  });
  await new Promise((r) => setTimeout(r, 1000));
  const pids = treePids(child.pid ?? 0);
  const rss = pids.reduce((sum, p) => sum + rssKiB(p), 0);
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { ms, rssMiB: rss / 1024, processes: pids.length };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const built = join('dist', 'server', 'server', 'main.js');
  if (!existsSync(join(root, built))) throw new Error('no build: run `npm run build` first');
  const commands: Array<[string, string[]]> = [
    ['tsx server/main.ts', [tsxCli, 'server/main.ts']],
    [`node ${built}`, [built]],
  ];
  console.log(`node ${process.version}, ${RUNS} runs each, medians`);
  for (const [label, args] of commands) {
    const results = [];
    for (let i = 0; i < RUNS; i++) results.push(await once(args));
    console.log(
      `${label.padEnd(36)} start ${median(results.map((r) => r.ms)).toFixed(0)} ms   RSS ${median(results.map((r) => r.rssMiB)).toFixed(1)} MiB   processes ${results[0]?.processes}`,
    );
  }
}

await main();
