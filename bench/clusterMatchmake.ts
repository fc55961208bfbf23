/**
 * `npm run bench:cluster-matchmake [-- --rate 200 --seconds 10]`: matchmaking latency of quick
 * plays (POST /api/matchmake, joinOrCreate) at a steady rate, spread round-robin over 3 nodes
 * sharing a redis-server (from PATH, on a free port), and, for reference, over one node without
 * Redis. Every process it starts is stopped by its PID at the end. Prints p50/p99/max per setup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../scripts/freePort.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  throw new Error(`${url} did not answer`);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function run(label: string, bases: string[], ratePerSec: number, seconds: number): Promise<void> {
  const latencies: number[] = [];
  let failed = 0;
  const total = Math.round(ratePerSec * seconds);
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / ratePerSec;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sentAt = performance.now();
    pending.push(
      fetch(`${bases[i % bases.length]}/api/matchmake`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'arena', action: 'joinOrCreate', options: {} }) }).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.status === 200) latencies.push(performance.now() - sentAt);
          else failed++;
        },
        () => void failed++,
      ),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const f = (ms: number): string => ms.toFixed(2);
  console.log(`${label}: ${latencies.length} quick plays at ${ratePerSec}/s over ${bases.length} node(s), ${failed} failed: p50 ${f(quantile(latencies, 0.5))} ms, p99 ${f(quantile(latencies, 0.99))} ms, max ${f(latencies.at(-1) ?? 0)} ms`);
}

async function main(): Promise<void> {
  const rate = arg('rate', 200);
  const seconds = arg('seconds', 10);
  const children: ChildProcess[] = [];
  const stop = (): void => {
    for (const c of children) if (c.exitCode === null && c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const node = (port: number, env: Record<string, string>): string => {
    children.push(spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STATIC_DIR: '', LOG_LEVEL: 'warn', MATCHMAKE_PER_SEC: '100000', MATCHMAKE_BURST: '100000', ...env }, stdio: 'ignore' }));
    return `http://127.0.0.1:${port}`;
  };
  try {
    const redisPort = await freePort();
    children.push(spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const cluster = await Promise.all([0, 1, 2].map(async (i) => node(await freePort(), { REDIS_URL: redisUrl, NODE_ID: `bench-${i + 1}` })));
    const single = node(await freePort(), {});
    await Promise.all([...cluster, single].map((b) => waitHttp(`${b}/readyz`)));
    await sleep(1500); // every node's first heartbeat
    await run('3 nodes + Redis', cluster, rate, seconds);
    await run('1 node in memory', [single], rate, seconds);
  } finally {
    stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
