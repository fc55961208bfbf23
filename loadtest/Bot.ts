/**
 * One bot: a GameClient driven by a behaviour. It joins through joinRoom, sends one input per
 * tick and a ping a second when its worker's timer calls tick(), decodes every message (the
 * SDK applies every State to its ClientView), and records what it measures into the worker's
 * metrics. Bots own no timers.
 */
import type { Clock } from '../shared/clock.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';
import type { NetSimOptions } from '../shared/netcode/DelayQueue.ts';
import type { GameClient } from '../shared/sdk/GameClient.ts';
import type { SocketFactory, SocketLike } from '../shared/sdk/socket.ts';
import type { Brain, BrainContext } from './behaviors/types.ts';
import { joinFailureReason } from './joinFailureReason.ts';
import { joinRoom } from './joinRoom.ts';
import { PendingInputs } from './metrics/PendingInputs.ts';
import type { SeatSource } from './SeatSource.ts';
import type { WorkerMetrics } from './metrics/WorkerMetrics.ts';

export interface BotDeps {
  baseUrl: string;
  mode: string;
  /** The game the mode plays (its kinds decode the States, its input shape is what the brain returns). */
  game: AnyGame;
  clock: Clock;
  /** Must return a socket with terminate() (NetWebSocket, or the `ws` package's WebSocket). */
  socketFactory: (url: string) => SocketLike & { terminate(): void };
  seats: SeatSource;
  metrics: WorkerMetrics;
  joinTimeoutMs: number;
  /** The worker's deferred calls (the SDK's reconnection backoff). */
  schedule: (fn: () => void, delayMs: number) => () => void;
  /** Network simulator on the bot's connection (null: off). */
  netSim: NetSimOptions | null;
}

type Phase = 'waiting' | 'joining' | 'joined' | 'stopped';

const MAX_RETRY_DELAY_MS = 30_000;

export class Bot {
  private phase: Phase = 'waiting';
  /** The current connection; `byUs` once the bot itself closes it (stop, chaos). */
  private conn: { client: GameClient | null; socket: (SocketLike & { terminate(): void }) | null; byUs: boolean } | null = null;
  private startAtMs = Infinity;
  private joinStartMs = 0;
  private joinedAtMs = 0;
  private lastStateMs = NaN;
  private tickIntervalMs = 1000 / 30;
  private readonly pending = new PendingInputs();
  /** Byte and message totals of this bot's previous connections (chaos reconnects). */
  readonly retired = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, states: 0 };
  private closedResolve: (() => void) | null = null;
  private joins = 0;
  private timedOut = false;
  private failedJoins = 0;
  /** The brain's context, reused every tick. */
  private ctx: BrainContext | null = null;

  constructor(
    readonly index: number,
    readonly name: string,
    private readonly brain: Brain,
    /** Resume lost connections through the SDK (chaos) instead of joining afresh. */
    private readonly reconnects: boolean,
    private readonly deps: BotDeps,
  ) {}

  /** When the first join begins (the ramp). */
  startAt(ms: number): void {
    if (this.phase === 'waiting') this.startAtMs = ms;
  }

  /** Whether the bot has begun its first join. */
  hasStarted(nowMs: number): boolean {
    return this.phase !== 'waiting' || nowMs >= this.startAtMs || this.retired.messagesOut > 0;
  }

  get isJoined(): boolean {
    return this.phase === 'joined';
  }

  /** The room of a joined bot whose connection is up (not while it reconnects). */
  get roomId(): string | null {
    const c = this.conn?.client;
    return this.phase === 'joined' && c && !c.reconnecting ? (c.welcome?.roomId ?? null) : null;
  }

  get tickRate(): number {
    return this.conn?.client?.welcome?.tickRate ?? 0;
  }

  /** Live totals including the current connection. */
  totals(): { bytesIn: number; bytesOut: number; messagesIn: number; messagesOut: number; states: number } {
    const s = this.conn?.client?.stats;
    const r = this.retired;
    if (!s) return { ...r };
    return { bytesIn: r.bytesIn + s.bytesIn, bytesOut: r.bytesOut + s.bytesOut, messagesIn: r.messagesIn + s.messagesIn, messagesOut: r.messagesOut + s.messagesOut, states: r.states + s.states };
  }

  /** Driven by the worker's single timer. */
  tick(nowMs: number): void {
    switch (this.phase) {
      case 'waiting':
        if (nowMs >= this.startAtMs) this.join(nowMs);
        return;
      case 'joining':
        if (nowMs - this.joinStartMs > this.deps.joinTimeoutMs) {
          this.timedOut = true;
          this.conn?.socket?.terminate();
        }
        return;
      case 'joined':
        this.step(nowMs);
        return;
      case 'stopped':
        return;
    }
  }

  /** Leave and close; resolves when the socket has closed. Idempotent. */
  stop(): Promise<void> {
    const wasLive = this.phase === 'joined' || this.phase === 'joining';
    this.phase = 'stopped';
    const conn = this.conn;
    if (!wasLive || !conn) return Promise.resolve();
    conn.byUs = true;
    const done = new Promise<void>((resolve) => (this.closedResolve = resolve));
    conn.client?.leave(); // without a client (still matchmaking) the join's end resolves `done`
    return done;
  }

  /** Close the socket at once (after stop() timed out). */
  terminate(): void {
    this.conn?.socket?.terminate();
  }

  private join(nowMs: number): void {
    this.phase = 'joining';
    this.joinStartMs = nowMs;
    this.timedOut = false;
    const conn: NonNullable<Bot['conn']> = { client: null, socket: null, byUs: false };
    this.conn = conn;
    const { metrics } = this.deps;
    const factory: SocketFactory = (url) => {
      const s = this.deps.socketFactory(url);
      conn.socket = s;
      return s;
    };
    const req = { baseUrl: this.deps.baseUrl, mode: this.deps.mode, game: this.deps.game, name: this.name, index: this.index, attempt: this.joins++, reconnect: this.reconnects };
    const joinDeps = { clock: this.deps.clock, socketFactory: factory, seats: this.deps.seats, schedule: this.deps.schedule, random: () => this.brain.jitter(), netSim: this.deps.netSim };
    joinRoom(req, joinDeps, (c) => this.attach(conn, c))
      .then((joined) => {
        metrics.counters.joinsOk++;
        this.failedJoins = 0;
        metrics.joinsVia[joined.via]++;
        metrics.record('join', joined.joinMs);
        if (this.phase === 'stopped') {
          joined.client.leave(); // stopped while matchmaking: the close resolves stop()
          return;
        }
        this.phase = 'joined';
        this.joinedAtMs = this.deps.clock.now();
        this.tickIntervalMs = 1000 / (joined.client.welcome?.tickRate ?? 30);
        this.lastStateMs = NaN;
      })
      .catch((e: unknown) => {
        if (this.phase === 'stopped') {
          const resolve = this.closedResolve;
          this.closedResolve = null;
          resolve?.();
        }
        if (conn.byUs) return;
        metrics.counters.joinsFailed++;
        metrics.joinFailed(joinFailureReason(e, this.timedOut));
        this.retire(conn);
        this.failedJoins++;
        // Back off (1 s, 2 s, 4 s ... 30 s, with jitter) so a struggling server is not stampeded.
        const backoffMs = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (this.failedJoins - 1)) * (0.5 + 0.5 * this.brain.jitter());
        if (this.phase === 'joining' && this.conn === conn) this.scheduleReconnect(backoffMs);
      });
  }

  private attach(conn: NonNullable<Bot['conn']>, client: GameClient): void {
    conn.client = client;
    const m = this.deps.metrics;
    client.on('pong', (rttMs) => m.record('rtt', rttMs));
    client.on('serverError', (code, message) => m.serverError(code, message));
    client.on('desync', () => m.counters.desyncs++);
    client.on('state', (st) => {
      if (!Number.isNaN(this.lastStateMs)) {
        const interval = st.receivedAtMs - this.lastStateMs;
        m.record('snapshotInterval', interval);
        m.record('jitter', Math.abs(interval - this.tickIntervalMs));
      }
      this.lastStateMs = st.receivedAtMs;
      this.ack(st.ackSeq, st.receivedAtMs);
    });
    let droppedAtMs = 0;
    let gaveUp = false;
    client.on('disconnected', () => {
      droppedAtMs = this.deps.clock.now();
      this.clearPending();
    });
    client.on('reconnected', () => {
      m.counters.reconnects++;
      m.record('reconnect', this.deps.clock.now() - droppedAtMs);
      this.lastStateMs = NaN;
    });
    client.on('moved', () => {
      m.counters.moves++;
      m.record('reconnect', this.deps.clock.now() - droppedAtMs);
      this.lastStateMs = NaN;
    });
    client.on('reconnectFailed', () => {
      gaveUp = true;
      m.counters.reconnectsFailed++;
    });
    client.on('close', (code) => {
      const current = this.conn === conn;
      if (conn.byUs) m.counters.closesExpected++;
      else if (current && this.phase === 'joined' && !gaveUp) m.unexpectedClose(code);
      this.retire(conn);
      if (!current) return;
      if (this.phase === 'stopped') {
        const resolve = this.closedResolve;
        this.closedResolve = null;
        resolve?.();
      } else if (this.phase === 'joined') this.scheduleReconnect(this.brain.reconnectDelayMs());
    });
  }

  private step(nowMs: number): void {
    const conn = this.conn;
    const client = conn?.client;
    if (!conn || !client || client.reconnecting) return;
    const ctx = (this.ctx ??= { view: client.view, entities: client.view.entities, info: null, selfId: 0, nowMs: 0, joinedForMs: 0 });
    ctx.view = client.view;
    ctx.entities = client.view.entities;
    ctx.info = client.welcome?.info ?? null;
    ctx.selfId = client.playerId;
    ctx.nowMs = nowMs;
    ctx.joinedForMs = nowMs - this.joinedAtMs;
    const life = this.brain.lifecycle(ctx);
    if (life === 'drop' && this.reconnects) {
      conn.socket?.terminate(); // a lost network: the SDK resumes the same player
      return;
    }
    if (life !== 'stay') {
      conn.byUs = true;
      this.scheduleReconnect(this.brain.reconnectDelayMs());
      if (life === 'leave') client.leave();
      else conn.socket?.terminate();
      return;
    }
    if (!client.isOpen) return;
    this.pending.sent(client.sendInput(this.brain.input(ctx)).seq, nowMs);
    client.maybePing();
  }

  private readonly recordAck = (latencyMs: number): void => this.deps.metrics.record('ack', latencyMs);

  private ack(ackSeq: number, nowMs: number): void {
    this.pending.acknowledge(ackSeq, nowMs, this.recordAck);
  }

  private clearPending(): void {
    this.pending.clear();
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.phase === 'stopped') return;
    this.phase = 'waiting';
    this.startAtMs = this.deps.clock.now() + delayMs;
  }

  /** Fold a finished connection's counters into `retired` (once). */
  private retire(conn: NonNullable<Bot['conn']>): void {
    const c = conn.client;
    if (!c) return;
    conn.client = null;
    const s = c.stats;
    this.retired.bytesIn += s.bytesIn;
    this.retired.bytesOut += s.bytesOut;
    this.retired.messagesIn += s.messagesIn;
    this.retired.messagesOut += s.messagesOut;
    this.retired.states += s.states;
    if (this.conn === conn) this.clearPending();
  }
}
