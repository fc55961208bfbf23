/**
 * Draining a node: taking it out of service without dropping a game at once. SIGTERM/SIGINT
 * (shutdown.ts) and the admin drain (POST /admin/api/drain) both start one:
 *
 * 1. The node is marked draining (`server.draining`): in a cluster the registry hears of it at
 *    once (a heartbeat), so no node places new rooms or seats here; /readyz answers 503; Joins
 *    that hold a seat reserved before, or resume a held player, are still honoured.
 * 2. Running rooms play on until the node has no connection left or the deadline passes.
 * 3. Connections still open at the deadline are closed with 4017 NodeDraining in a cluster (the
 *    SDK matchmakes again and lands on another node) or 1001 GoingAway on a lone node.
 *
 * A drain the admin started can be cancelled before its deadline (the node serves again); one a
 * signal started cannot. Time comes from the injected clock and sleep (tests run it instantly).
 */
import { systemClock, type Clock } from '../../shared/clock.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { GameServer } from '../GameServer.ts';

export interface DrainDeps {
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** How often the drain looks at the node's connections. */
  pollMs?: number;
  /**
   * An empty node ends its drain no sooner than this after it began (1 s by default, within the
   * deadline): a seat reserved here just before the registry heard of the drain is then claimed,
   * not refused by a node that already stopped.
   */
  settleMs?: number;
}

export interface DrainResult {
  /** Connections when the drain began, and those closed at the deadline. */
  connections: number;
  closedAtDeadline: number;
  elapsedMs: number;
  cancelled: boolean;
}

export interface DrainStatus {
  draining: boolean;
  /** Time left before the connections left are closed; null when no drain runs (or before the drain delay of a shutdown). */
  remainingMs: number | null;
  connections: number;
  cancellable: boolean;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The close code for connections left at the deadline: elsewhere in a cluster, away otherwise. */
export function drainCloseCode(server: GameServer): number {
  return server.cluster !== null ? CLOSE.NodeDraining : CLOSE.GoingAway;
}

export class NodeDrain {
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollMs: number;
  private readonly settleMs: number;
  private running: { startedAtMs: number; deadlineAtMs: number; cancellable: boolean; cancelled: boolean; done: Promise<DrainResult> } | null = null;

  constructor(
    private readonly server: GameServer,
    deps: DrainDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.sleep = deps.sleep ?? defaultSleep;
    this.pollMs = deps.pollMs ?? 100;
    this.settleMs = deps.settleMs ?? 1000;
  }

  status(): DrainStatus {
    const r = this.running;
    return {
      draining: this.server.draining,
      remainingMs: r === null ? null : Math.max(0, r.deadlineAtMs - this.clock.now()),
      connections: this.server.sessions.size,
      cancellable: r !== null && r.cancellable && !r.cancelled,
    };
  }

  /**
   * Start draining with this deadline (from now). A drain already running keeps going; a signal's
   * drain (cancellable false) replaces an admin's cancellable one and may only shorten its deadline.
   */
  start(deadlineMs: number, opts: { cancellable: boolean }): Promise<DrainResult> {
    const now = this.clock.now();
    const r = this.running;
    if (r !== null && !r.cancelled) {
      r.deadlineAtMs = Math.min(r.deadlineAtMs, now + deadlineMs);
      if (!opts.cancellable) r.cancellable = false;
      return r.done;
    }
    this.server.draining = true;
    // The registry hears of it now, not at the next heartbeat.
    void this.server.cluster?.heartbeat();
    const run = { startedAtMs: now, deadlineAtMs: now + deadlineMs, cancellable: opts.cancellable, cancelled: false, done: Promise.resolve<DrainResult>(null!) };
    run.done = this.run(run);
    this.running = run;
    return run.done;
  }

  /** Back to serving (an admin drain before its deadline only); false when there is nothing to cancel. */
  cancel(): boolean {
    const r = this.running;
    if (r === null || !r.cancellable || r.cancelled) return false;
    r.cancelled = true;
    this.running = null;
    this.server.draining = false;
    void this.server.cluster?.heartbeat();
    return true;
  }

  private async run(r: { startedAtMs: number; deadlineAtMs: number; cancelled: boolean }): Promise<DrainResult> {
    const { server } = this;
    const connections = server.sessions.size;
    const settledAtMs = r.startedAtMs + this.settleMs;
    while (!r.cancelled && (server.sessions.size > 0 || this.clock.now() < settledAtMs) && this.clock.now() < r.deadlineAtMs) {
      await this.sleep(Math.min(this.pollMs, Math.max(1, r.deadlineAtMs - this.clock.now())));
    }
    let closedAtDeadline = 0;
    if (!r.cancelled) {
      const code = drainCloseCode(server);
      const reason = code === CLOSE.NodeDraining ? 'node draining: matchmake again' : 'server shutting down';
      server.drainInputs();
      for (const s of [...server.sessions.values()]) {
        s.conn.close(code, reason);
        closedAtDeadline++;
      }
    }
    return { connections, closedAtDeadline, elapsedMs: this.clock.now() - r.startedAtMs, cancelled: r.cancelled };
  }
}
