/**
 * Graceful shutdown: mark the server draining (no new rooms or seats, /readyz 503), optionally
 * keep playing for drainDelayMs so load balancers notice, then drain (drain.ts): rooms play on
 * until their players leave or drainDeadlineMs passes, and the players left are closed (4017
 * NodeDraining in a cluster, so the SDK matchmakes elsewhere; 1001 GoingAway on a lone node).
 * Then stop the rooms and the listener, and wait until every socket has reported its close.
 * JavaScript runs one tick at a time, so this runs between ticks: each room has finished its
 * current tick and sent its states before its players are told to go.
 * The caller bounds the whole thing (main.ts exits when timeoutMs passes).
 */
import { systemClock, type Clock } from '../../shared/clock.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { GameServer } from '../GameServer.ts';
import { NodeDrain } from './drain.ts';
import type { Logger } from './logger.ts';

export interface ShutdownOptions {
  drainDelayMs: number;
  /** Rooms play on at most this long after the delay (0: players closed at once). */
  drainDeadlineMs?: number;
  /** Give up waiting for sockets to report their close after this long. */
  timeoutMs: number;
  /** Resolves after ms, and the clock that measures the bound (injected for tests). */
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
  /** The node's drain (shared with the admin drain); one on the same clock and sleep by default. */
  drain?: NodeDrain;
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
  const drain = opts.drain ?? new NodeDrain(server, { clock, sleep });
  const deadlineMs = opts.drainDeadlineMs ?? 0;
  const startMs = clock.now();
  server.draining = true;
  // In a cluster the registry hears of it now (no new rooms or seats here), not at the next heartbeat.
  void server.cluster?.heartbeat();
  log.info({ event: 'shutdown', reason, drainDelayMs: opts.drainDelayMs, drainDeadlineMs: deadlineMs, timeoutMs: opts.timeoutMs }, 'draining: no new rooms or seats, /readyz reports 503');
  if (opts.drainDelayMs > 0) await sleep(opts.drainDelayMs);
  const clients = server.sessions.size;
  const rooms = server.rooms.rooms.size;
  const drained = await drain.start(deadlineMs, { cancellable: false });
  await server.stop(CLOSE.GoingAway, 'server shutting down');
  const pollMs = 10;
  while (server.sessions.size > 0 && clock.now() - startMs < opts.timeoutMs - pollMs) await sleep(pollMs);
  const unclosed = server.sessions.size;
  log.info(
    { event: 'shutdown_done', clients, rooms, closedAtDeadline: drained.closedAtDeadline, unclosed, elapsedMs: Math.round(clock.now() - startMs) },
    'clients closed, rooms stopped',
  );
  return { clients, unclosed };
}
