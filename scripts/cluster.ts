/**
 * `npm run cluster -- --nodes 3 [--port 8081]`: a local cluster for development. Starts
 * `redis-server` (from PATH) on a free loopback port without persistence, and N game nodes on
 * consecutive ports from --port (node-1 on 8081, node-2 on 8082, …), each with its own
 * PUBLIC_URL and NODE_ID and the same REDIS_URL. Open any node's page or API: matchmaking sees
 * every node. Ctrl-C (SIGINT) or SIGTERM stops every child by its PID; when one exits, the rest
 * are stopped too. Other flags after the two are passed to every node (e.g. --room-capacity 8).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './freePort.ts';
import { fileURLToPath } from 'node:url';

const FORCE_KILL_AFTER_MS = 5000;

function parseArgs(argv: string[]): { nodes: number; port: number; rest: string[] } {
  let nodes = 3;
  let port = 8081;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 65535) throw new Error(`${arg} needs a positive integer`);
      return v;
    };
    if (arg === '--nodes') nodes = value();
    else if (arg === '--port') port = value();
    else rest.push(arg);
  }
  if (nodes > 32 || port + nodes - 1 > 65535) throw new Error('--nodes: 1 to 32 nodes on ports up to 65535');
  return { nodes, port, rest };
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { nodes, port, rest } = parseArgs(process.argv.slice(2));
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const child of children.values()) if (child.pid !== undefined) process.kill(child.pid, signal);
    setTimeout(() => {
      for (const [name, child] of children) {
        console.error(`[cluster] ${name} did not stop within ${FORCE_KILL_AFTER_MS} ms: killing it`);
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      }
    }, FORCE_KILL_AFTER_MS).unref();
  };
  const start = (name: string, command: string, args: string[], env: Record<string, string> = {}): void => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) {
        console.error(`[cluster] ${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
        exitCode = 1;
        stopAll('SIGTERM');
      }
      if (children.size === 0) process.exit(exitCode);
    });
    child.on('error', (e) => console.error(`[cluster] ${name}: ${e.message} (is redis-server on PATH? Debian package redis-server)`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log(`[cluster] ${signal}: stopping redis-server and ${nodes} nodes`);
      stopAll('SIGTERM');
    });
  }

  const redisPort = await freePort();
  start('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning']);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  console.log(`[cluster] redis-server on ${redisUrl}`);
  for (let i = 0; i < nodes; i++) {
    const p = port + i;
    const nodeId = `node-${i + 1}`;
    start(nodeId, process.execPath, ['--import', 'tsx', 'server/main.ts', ...rest], {
      PORT: String(p),
      HOST: process.env.HOST ?? '127.0.0.1',
      NODE_ID: nodeId,
      PUBLIC_URL: `http://localhost:${p}`,
      REDIS_URL: redisUrl,
    });
    console.log(`[cluster] ${nodeId} on http://localhost:${p}`);
  }
}

main().catch((e: unknown) => {
  console.error(`[cluster] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
