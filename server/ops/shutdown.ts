/**
 * Graceful shutdown: mark the server draining (joins refused, /readyz 503), optionally keep
 * playing for drainDelayMs so load balancers notice, then close every client with
 * CLOSE.GoingAway (1001) and stop the rooms and the listener, and wait until every socket has
 * reported its close. JavaScript runs one tick at a time, so this runs between ticks: each room
 * has finished its current tick and sent its states before its players are told to go.
 * The caller bounds the whole thing (main.ts exits when timeoutMs passes).
 */
import { systemClock, type Clock } from '../../shared/clock.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { GameServer } from '../GameServer.ts';
import type { Logger } from './logger.ts';

export interface ShutdownOptions {
  drainDelayMs: number;
  /** Give up waiting for sockets to report their close after this long. */
  timeoutMs: number;
  /** Resolves after ms, and the clock that measures the bound (injected for tests). */
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
}

export interface ShutdownResult {
  /** Clients told to go away. */
  clients: number;
  /** Sockets that had not reported their close when we stopped waiting. */
  unclosed: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function gracefulShutdown(server: GameServer, log: Logger, opts: ShutdownOptions, reason: string): Promise<ShutdownResult> {
  const sleep = opts.sleep ?? defaultSleep;
  const clock = opts.clock ?? systemClock;
  const startMs = clock.now();
  server.draining = true;
  // In a cluster the registry hears of it now (no new rooms or seats here), not at the next heartbeat.
  void server.cluster?.heartbeat();
  log.info({ event: 'shutdown', reason, drainDelayMs: opts.drainDelayMs, timeoutMs: opts.timeoutMs }, 'draining: joins refused, /readyz reports 503');
  if (opts.drainDelayMs > 0) await sleep(opts.drainDelayMs);
  const clients = server.sessions.size;
  const rooms = server.rooms.rooms.size;
  await server.stop(CLOSE.GoingAway, 'server shutting down');
  const pollMs = 10;
  while (server.sessions.size > 0 && clock.now() - startMs < opts.timeoutMs - pollMs) await sleep(pollMs);
  const unclosed = server.sessions.size;
  log.info({ event: 'shutdown_done', clients, rooms, unclosed, elapsedMs: Math.round(clock.now() - startMs) }, 'clients closed, rooms stopped');
  return { clients, unclosed };
}
