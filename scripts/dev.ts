/**
 * `npm run dev`: the game server under `tsx watch` (restarts on server changes) on
 * 127.0.0.1:8081, and the Vite dev server (hot reload of the client) on :8080, which proxies
 * /ws, /api, /metrics, /healthz, /readyz and /admin to the game server (see vite.config.ts).
 * Open http://localhost:8080. Ctrl-C (SIGINT) or SIGTERM is passed to both; when either one
 * exits, the other is stopped and this process exits too.
 *
 * ARENA_DEV_PORT and ARENA_DEV_SERVER_PORT move the two ports. The game server gets
 * PUBLIC_URL=http://localhost:<web port> and ALLOWED_ORIGINS for Vite's page (the origin check
 * at the WebSocket upgrade, docs/operations.md "Security and limits").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FORCE_KILL_AFTER_MS = 5000;

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const require = createRequire(import.meta.url);
  const tsxCli = require.resolve('tsx/cli');
  const viteCli = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const webPort = process.env.ARENA_DEV_PORT ?? '8080';
  const serverPort = process.env.ARENA_DEV_SERVER_PORT ?? '8081';

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let exitCode = 0;

  const start = (name: string, args: string[], env: Record<string, string>): void => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) {
        console.error(`[dev] ${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
        exitCode = code === 0 || code === null ? 1 : code;
        stopAll('SIGTERM');
      }
      if (children.size === 0) process.exit(exitCode);
    });
    child.on('error', (e) => console.error(`[dev] ${name}: ${e.message}`));
  };

  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const child of children.values()) child.kill(signal);
    setTimeout(() => {
      for (const [name, child] of children) {
        console.error(`[dev] ${name} did not stop within ${FORCE_KILL_AFTER_MS} ms: killing it`);
        child.kill('SIGKILL');
      }
    }, FORCE_KILL_AFTER_MS).unref();
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log(`[dev] ${signal}: stopping the game server and Vite`);
      stopAll(signal);
    });
  }

  // The browser's page is Vite's (its origin is :webPort, not the game server's): the game server
  // allows that origin at the WebSocket upgrade, and puts Vite's address in matchmake replies.
  const pageOrigins = `http://localhost:${webPort},http://127.0.0.1:${webPort}`;
  start('server', [tsxCli, 'watch', '--clear-screen=false', 'server/main.ts'], {
    PORT: serverPort,
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${webPort}`,
    ALLOWED_ORIGINS: pageOrigins,
  });
  start('vite', [viteCli, '--port', webPort, '--strictPort'], { ARENA_DEV_SERVER_PORT: serverPort });
  console.log(`[dev] client with hot reload: http://localhost:${webPort} (game server on 127.0.0.1:${serverPort})`);
}

main();
