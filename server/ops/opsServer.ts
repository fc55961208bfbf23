/**
 * The game server with everything an operator needs around it: structured lifecycle logs,
 * /metrics, /healthz, /readyz, the token-protected /admin page, TLS, graceful shutdown.
 * main.ts and the integration tests build it from ServerOptions.
 */
import { createGameServer } from '../app.ts';
import type { GameServer, GameServerDeps } from '../GameServer.ts';
import type { ServerOptions } from '../config.ts';
import { createUwsTransport } from '../transport/uws.ts';
import type { Route } from '../transport/types.ts';
import { adminRoutes } from './admin/adminRoutes.ts';
import { healthRoutes } from './health.ts';
import { logHooks } from './logHooks.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { NodeDrain } from './drain.ts';
import { gracefulShutdown, type ShutdownResult } from './shutdown.ts';

export interface OpsServer {
  readonly server: GameServer;
  readonly metrics: Metrics;
  /** The node's drain: SIGTERM and the admin drain share it. */
  readonly drain: NodeDrain;
  /** Resolves with the bound port. */
  start(): Promise<number>;
  /** Drain, close every client with 1001, stop. Calling it again returns the same promise. */
  shutdown(reason: string): Promise<ShutdownResult>;
}

export type OpsServerOptions = Pick<ServerOptions, 'game' | 'adminToken' | 'tls' | 'shutdownTimeoutMs' | 'drainDelayMs'> & Partial<Pick<ServerOptions, 'drainDeadlineMs'>>;

export function createOpsServer(options: OpsServerOptions, log: Logger, deps: Partial<GameServerDeps> = {}): OpsServer {
  const routes: Route[] = [];
  const { tls } = options;
  const server = createGameServer({ ...options.game, secure: options.game.secure || tls !== null }, {
    routes,
    hooks: logHooks(log),
    recordingLog: log,
    ...(tls ? { transport: (opts, handlers) => createUwsTransport({ ...opts, tls }, handlers) } : {}),
    ...deps,
  });
  const metrics = createMetrics(server);
  const drain = new NodeDrain(server);
  const drainDeadlineMs = options.drainDeadlineMs ?? 0;
  routes.push(
    ...healthRoutes(server),
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => ({ status: 200, headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' }, body: await metrics.text() }),
    },
    ...adminRoutes(server, options.adminToken, log, { drain, defaultDeadlineMs: drainDeadlineMs }),
  );
  let stopping: Promise<ShutdownResult> | null = null;
  return {
    server,
    metrics,
    drain,
    start: () => server.start(),
    shutdown: (reason) => {
      stopping ??= gracefulShutdown(server, log, { drainDelayMs: options.drainDelayMs, drainDeadlineMs, timeoutMs: options.shutdownTimeoutMs, drain }, reason).finally(() => metrics.close());
      return stopping;
    },
  };
}
