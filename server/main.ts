/**
 * Composition root: reads the flags and the environment once, checks that the uWebSockets.js
 * binary loads on this Node.js and platform, starts the server with its operations endpoints,
 * and shuts it down gracefully (and within a bound) on SIGTERM or SIGINT.
 */
import { ConfigError, helpText, parseConfig, type ServerOptions } from './config.ts';
import { createLogger, type Logger } from './ops/logger.ts';

const SUPPORTED = 'uWebSockets.js 20.0.8 runs on Node.js 18, 20, 21 and 22 (glibc Linux, macOS, Windows; x64/arm64)';

function readOptions(): ServerOptions {
  try {
    const parsed = parseConfig(process.argv.slice(2), process.env);
    if (parsed.help) {
      process.stdout.write(helpText());
      process.exit(0);
    }
    return parsed.options;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`Cannot start: ${e.message}`);
    process.exit(1);
  }
}

async function loadServerModule(): Promise<typeof import('./ops/opsServer.ts')> {
  try {
    return await import('./ops/opsServer.ts');
  } catch (e) {
    const msg = String((e as Error)?.message ?? e);
    if (/uWS|uWebSockets|\.node\b|supports only/i.test(msg)) {
      console.error(`Cannot start: the uWebSockets.js binary does not load on Node.js ${process.version} (${process.platform}-${process.arch}). ${SUPPORTED}.`);
      process.exit(1);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const log = createLogger({ level: options.logLevel, format: options.logFormat });
  installCrashHandlers(log);
  const { createOpsServer } = await loadServerModule();
  let ops: ReturnType<typeof createOpsServer>;
  let port: number;
  try {
    ops = createOpsServer(options, log);
    port = await ops.start();
  } catch (e) {
    const hint = options.tls ? ' (are TLS_KEY_FILE and TLS_CERT_FILE a PEM private key and its certificate?)' : '';
    throw new Error(`${(e as Error)?.message ?? String(e)}${hint}`);
  }
  const { host, tickRate, roomCapacity, publicUrl } = options.game;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const http = options.tls ? 'https' : 'http';
  const url = publicUrl ?? `${http}://${shown}:${port}`;
  const wsUrl = ops.server.endpoint.wsUrl(undefined, null);
  const allowedOrigins = ops.server.endpoint.describe();
  log.info(
    // (Not the Redis URL: it may hold a password.)
    { event: 'listening', host, port, tls: options.tls !== null, tickRate, roomCapacity, admin: options.adminToken !== null, url, wsUrl, allowedOrigins, nodeId: ops.server.nodeId, cluster: options.game.redisUrl !== null },
    `arena server listening on ${url}`,
  );

  const onSignal = (signal: NodeJS.Signals): void => {
    if (ops.server.draining) {
      log.warn({ event: 'shutdown_forced', signal }, 'second signal: exiting now');
      process.exit(1);
    }
    // The bound: whatever happens, the process is gone after shutdownTimeoutMs.
    setTimeout(() => {
      log.error({ event: 'shutdown_timeout', timeoutMs: options.shutdownTimeoutMs }, 'graceful shutdown took too long: exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs).unref();
    ops.shutdown(signal).then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ event: 'error', err: e }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Log what would otherwise crash the process without a trace, then exit 1. */
function installCrashHandlers(log: Logger): void {
  process.on('uncaughtException', (err) => {
    log.fatal({ event: 'error', err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.fatal({ event: 'error', err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}

main().catch((e: unknown) => {
  console.error(`Cannot start: ${(e as Error)?.message ?? String(e)}`);
  process.exit(1);
});
