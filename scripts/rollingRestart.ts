/**
 * `npm run cluster:rolling-restart -- [--nodes 3] [--bots 300] [--port 8181] [--deadline-sec 3]`
 * proves a rolling restart loses no player: it starts `redis-server` (from PATH) on a free
 * loopback port and N node processes on consecutive ports (as `npm run cluster` does), puts the
 * load-test bots on them (quick play through all N URLs, as behind a load balancer), waits
 * until every bot plays, then restarts the nodes one after the other: SIGTERM (the node drains:
 * no new rooms or seats, rooms play on for --deadline-sec, then its players get 4017 and the
 * SDK moves them to another node), wait for the exit, start it again on its port, wait until
 * every bot plays again. It prints the figures and exits 1 if a join failed, a bot was lost or
 * an error was counted. Everything it starts is stopped by PID, at the end and on Ctrl-C;
 * 127.0.0.1 only, bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './freePort.ts';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OPTIONS } from '../loadtest/options.ts';
import { startLoadTest } from '../loadtest/runLoadTest.ts';

interface Args {
  nodes: number;
  bots: number;
  port: number;
  deadlineSec: number;
  workers: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The longest wait for one step (a node up, every bot back) before the run fails. */
const STEP_TIMEOUT_MS = 60_000;

function parseArgs(argv: string[]): Args {
  const a: Args = { nodes: 3, bots: 300, port: 8181, deadlineSec: 3, workers: 2 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const v = Number(argv[++i]);
    const key = ({ '--nodes': 'nodes', '--bots': 'bots', '--port': 'port', '--deadline-sec': 'deadlineSec', '--workers': 'workers' } as const)[flag];
    if (key === undefined || !Number.isInteger(v) || v < 0) throw new Error(`unknown flag or bad value: ${flag} ${argv[i] ?? ''}`);
    a[key] = v;
  }
  if (a.nodes < 2 || a.nodes > 16) throw new Error('--nodes: 2 to 16 (a rolling restart needs somewhere to move players)');
  if (a.bots < 1 || a.bots > 5000) throw new Error('--bots: 1 to 5000');
  if (a.deadlineSec > 60) throw new Error('--deadline-sec: at most 60');
  if (a.port < 1024 || a.port + a.nodes > 65535) throw new Error('--port: 1024 and up');
  return a;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  while (!(await cond().catch(() => false))) {
    if (performance.now() - t0 > STEP_TIMEOUT_MS) throw new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`);
    await sleep(100);
  }
  return performance.now() - t0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const children = new Set<ChildProcess>();
  const stopAll = (): void => {
    for (const c of children) if (c.pid !== undefined && c.exitCode === null) process.kill(c.pid, 'SIGKILL');
  };
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  const run = (command: string, argv: string[], env: Record<string, string>): ChildProcess => {
    const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  try {
    const redisPort = await freePort();
    run('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {});
    const ports = Array.from({ length: args.nodes }, (_, i) => args.port + i);
    const http = ports.map((p) => `http://127.0.0.1:${p}`);
    const startNode = (i: number): ChildProcess =>
      run(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        PORT: String(ports[i]),
        HOST: '127.0.0.1',
        NODE_ID: `node-${i + 1}`,
        PUBLIC_URL: http[i]!,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        STATIC_DIR: '',
        LOG_LEVEL: 'warn',
        DRAIN_DEADLINE_SEC: String(args.deadlineSec),
        SHUTDOWN_TIMEOUT_MS: String(args.deadlineSec * 1000 + 10_000),
      });
    const ready = (i: number): Promise<boolean> => fetch(`${http[i]}/readyz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200);
    /** Seats taken in the directory's public rooms (every bot plays: this equals the bots). */
    const seated = async (): Promise<number> => {
      for (const base of http) {
        try {
          const res = await fetch(`${base}/api/rooms`, { signal: AbortSignal.timeout(1000) });
          if (res.status !== 200) continue;
          const rooms = ((await res.json()) as { rooms: { players: number }[] }).rooms;
          return rooms.reduce((a, r) => a + r.players, 0);
        } catch {
          // that node is restarting: ask the next
        }
      }
      return -1;
    };
    const nodes = ports.map((_, i) => startNode(i));
    for (let i = 0; i < nodes.length; i++) await waitFor(`node-${i + 1} ready`, () => ready(i));
    console.log(`[rolling] redis-server on ${redisPort}, ${args.nodes} nodes on ${http.join(', ')}`);

    const rampSec = args.bots / 100;
    const perNodeSec = args.deadlineSec + 8;
    const durationMs = Math.round((rampSec + 5 + args.nodes * perNodeSec + 5) * 1000);
    const load = startLoadTest({ ...DEFAULT_OPTIONS, url: http.join(','), bots: args.bots, rampPerSec: 100, durationMs, workers: args.workers, behaviors: [{ name: 'wander', weight: 1 }] });
    await waitFor(`all ${args.bots} bots seated`, async () => (await seated()) === args.bots);
    console.log(`[rolling] ${args.bots} bots playing; restarting the nodes one by one (drain deadline ${args.deadlineSec} s)`);
    const steps: { node: string; exitMs: number; upMs: number; backMs: number }[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const t0 = performance.now();
      const old = nodes[i]!;
      const exited = new Promise<void>((r) => old.once('exit', () => r()));
      process.kill(old.pid!, 'SIGTERM');
      await exited;
      const exitMs = performance.now() - t0;
      nodes[i] = startNode(i);
      await waitFor(`node-${i + 1} ready again`, () => ready(i));
      const upMs = performance.now() - t0;
      await waitFor(`every bot seated after restarting node-${i + 1}`, async () => (await seated()) === args.bots);
      const backMs = performance.now() - t0;
      steps.push({ node: `node-${i + 1}`, exitMs: Math.round(exitMs), upMs: Math.round(upMs), backMs: Math.round(backMs) });
      console.log(`[rolling] node-${i + 1}: exited ${Math.round(exitMs)} ms after SIGTERM, ready again at ${Math.round(upMs)} ms, every bot seated at ${Math.round(backMs)} ms`);
      await sleep(2000);
    }
    load.stop();
    const report = await load.done;
    const t = report.totals;
    const e = report.errors;
    const lost = args.bots - t.botsPeakConnected;
    console.log('');
    console.log('| figure | value |');
    console.log('|---|---|');
    console.log(`| bots / nodes / drain deadline | ${args.bots} / ${args.nodes} / ${args.deadlineSec} s |`);
    console.log(`| joins ok / failed | ${t.joinsOk} / ${t.joinsFailed} |`);
    console.log(`| moves (room lost to a drain, SDK rematch) | ${t.moves} |`);
    console.log(`| reconnects resumed / failed | ${t.reconnects} / ${t.reconnectsFailed} |`);
    console.log(`| unexpected closes | ${JSON.stringify(e.unexpectedCloses)} |`);
    console.log(`| errors | ${e.total} |`);
    console.log(`| move time (drop → new room) p50 / p99 / max | ${report.latency.reconnect.p50.toFixed(0)} / ${report.latency.reconnect.p99.toFixed(0)} / ${report.latency.reconnect.max.toFixed(0)} ms |`);
    for (const s of steps) console.log(`| ${s.node}: SIGTERM → exit / ready / every bot seated | ${s.exitMs} / ${s.upMs} / ${s.backMs} ms |`);
    const ok = t.joinsFailed === 0 && e.total === 0 && lost <= 0;
    console.log(ok ? '\n[rolling] ok: zero failed joins, no bot lost' : '\n[rolling] FAILED');
    return ok ? 0 : 1;
  } finally {
    stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[rolling] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
