/**
 * Composition root: reads the environment once, checks that the uWebSockets.js binary loads on
 * this Node.js and platform, then starts the server.
 */
import { ConfigError, configFromEnv } from './config.ts';

const SUPPORTED = 'uWebSockets.js 20.0.8 runs on Node.js 18, 20, 21 and 22 (glibc Linux, macOS, Windows; x64/arm64)';

async function main(): Promise<void> {
  let app: typeof import('./app.ts');
  try {
    app = await import('./app.ts');
  } catch (e) {
    const msg = String((e as Error)?.message ?? e);
    if (/uWS|uWebSockets|\.node\b|supports only/i.test(msg)) {
      console.error(`Cannot start: the uWebSockets.js binary does not load on Node.js ${process.version} (${process.platform}-${process.arch}). ${SUPPORTED}.`);
      process.exit(1);
    }
    throw e;
  }
  let config;
  try {
    config = configFromEnv(process.env, app.CLIENT_DIST_DIR);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Cannot start: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const server = app.createGameServer(config);
  const port = await server.start();
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`arena server listening on http://${shown}:${port} (WebSocket ws://${shown}:${port}/ws, ${config.tickRate} Hz, ${config.roomCapacity} per room)`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing connections`);
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Cannot start: ${(e as Error)?.message ?? String(e)}`);
  process.exit(1);
});
