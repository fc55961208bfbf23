/**
 * The client SDK: one connection to a room. Used by the browser client and the bots alike.
 * It joins, decodes every message with the shared codec, keeps the ClientView in sync (asking
 * for a resync on any gap), numbers and sends inputs, and measures RTT from pings.
 * It owns no timers: the caller drives it (maybePing) from its own loop; the one exception is
 * the reconnection backoff (opt-in), scheduled through `schedule`.
 *
 * Rooms: pass `seat` (from matchmake(), see rooms.ts) to claim a reserved seat. With `reconnect`
 * on, a lost connection is retried with exponential backoff and jitter using the reconnect
 * token from Welcome; the server resumes the same player and sends a full snapshot.
 * With `rematch` (quick play: rooms.ts quickPlay sets it), a room that is gone for good (its node
 * died, drained or shut down) is replaced: the client matchmakes again, joins the new seat on its
 * node and emits `moved` (see rematch.ts).
 */
import { readStateHeader } from '../sync/stateHeader.ts';
import { systemClock, type Clock } from '../clock.ts';
import { decode, encode } from '../codec.ts';
import { CLOSE, MSG, PROTOCOL_VERSION, type InputTimingReport, type JoinTicket, type RoomEvent, type WelcomeInfo } from '../protocol.ts';
import { ClockSync } from '../netcode/ClockSync.ts';
import { parseInputTiming } from '../netcode/inputTiming.ts';
import { delayedSocketFactory } from '../netcode/DelayedSocket.ts';
import type { NetSimOptions } from '../netcode/DelayQueue.ts';
import { ClientView, DesyncError } from '../sync/clientView.ts';
import { ACK_BITS } from '../game/defineGame.ts';
import type { AnyGame } from '../game/GameDefinition.ts';
import { buttonBits, type InputValues } from '../game/inputPlan.ts';
import { unwrapCounter } from '../schema.ts';
import { backoffDelayMs, DEFAULT_RECONNECT, RETRYABLE_CLOSE_CODES, type ReconnectPolicy } from './backoff.ts';
import { Emitter } from './Emitter.ts';
import { DEFAULT_LIVENESS, Liveness, type LivenessOptions } from './Liveness.ts';
import { REMATCH_AFTER_FAILED_RESUMES, REMATCH_CLOSE_CODES, REMATCH_ON_REFUSAL, type LostRoom, type NewSeat, type Rematch } from './rematch.ts';
import { messageBytes, OPEN, type SocketFactory, type SocketLike } from './socket.ts';


export interface GameClientOptions {
  /** The game the room plays (its kinds decode the State messages). */
  game: AnyGame;
  /** WebSocket URL, e.g. ws://127.0.0.1:8080/ws */
  url: string;
  name: string;
  /** Room type to join (default: the game's default variant, its name). */
  mode?: string;
  socketFactory: SocketFactory;
  clock?: Clock;
  pingIntervalMs?: number;
  protocolVersion?: number;
  /** Seat token of a matchmake reservation, claimed by the first Join. */
  seat?: string;
  /** Resume a held player from an earlier connection (e.g. after a page reload) instead of joining anew. */
  resume?: { roomId: string; reconnectToken: string };
  /** 'nodebuffer' with the `ws` package in Node saves a copy of every message (default 'arraybuffer'). */
  binaryType?: 'arraybuffer' | 'nodebuffer';
  /** Retry a lost connection and resume the same player (off unless set). */
  reconnect?: boolean | Partial<ReconnectPolicy>;
  /** Timer for the reconnection backoff (setTimeout by default). */
  schedule?: (fn: () => void, delayMs: number) => () => void;
  /** Jitter source, [0, 1) (Math.random by default). */
  random?: () => number;
  /** Network simulator: delay what this client sends and receives (e.g. from `?lag=150&jitter=30`). */
  netSim?: NetSimOptions | null;
  /**
   * When silence from the server counts as a stall, and when the connection is dropped and
   * resumed (with `reconnect` on) as after a real drop; checked by checkLiveness().
   */
  liveness?: Partial<LivenessOptions>;
  /**
   * A new seat when the room is gone for good (node killed, drained, shut down): the client joins
   * it and emits `moved` instead of closing. Retried with the reconnection backoff (the default
   * policy when `reconnect` is off). See rematch.ts (quickPlayAgain).
   */
  rematch?: Rematch;
}

/** connect() failed: the server refused the join (code is the close code, serverError the last Error message). */
export class JoinError extends Error {
  override readonly name = 'JoinError';
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly serverError: { code: number; message: string } | null,
  ) {
    super(`connection closed before welcome: ${code} ${reason}`);
  }
}

export interface ChatLine {
  playerId: number;
  name: string;
  text: string;
}

/** An input of the client's game: its fields by name (the arena's mx, my, aim, fire). */
export type InputState = Readonly<InputValues>;

/** An input as sent, with its sequence number. */
export type SentInput<I extends InputState = InputState> = I & { seq: number };

export interface StateInfo {
  tick: number;
  baseTick: number;
  ackSeq: number;
  full: boolean;
  bytes: number;
  receivedAtMs: number;
}

export interface ClientStats {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  states: number;
  fullStates: number;
  desyncs: number;
  serverErrors: number;
}

type Events = {
  welcome: [WelcomeInfo];
  state: [StateInfo];
  pong: [rttMs: number];
  /** The server's report on how this client's inputs arrive (with a Pong). */
  inputTiming: [InputTimingReport];
  serverError: [code: number, message: string];
  desync: [reason: string];
  /** Final: the client is closed (after a leave, a refusal, or when reconnection gave up). */
  close: [code: number, reason: string];
  chat: [ChatLine];
  roomEvent: [RoomEvent];
  /** The connection was lost; reconnection starts (only with `reconnect` on). */
  disconnected: [code: number, reason: string];
  reconnecting: [attempt: number, delayMs: number];
  /** Resumed as the same player; a full snapshot follows. */
  reconnected: [WelcomeInfo];
  reconnectFailed: [reason: string];
  /** The server has been silent for `silentMs` although the socket is open (checkLiveness). */
  stalled: [silentMs: number];
  /** Traffic came back after a stall of `stalledMs`. */
  resumed: [stalledMs: number];
  /**
   * The room was lost for good and the client joined a new one (rematch): a new room, player id
   * and map (`welcome` holds them); a full snapshot follows. Show it ("moved to a new room").
   */
  moved: [WelcomeInfo, from: LostRoom];
};

export class GameClient extends Emitter<Events> {
  readonly view: ClientView;
  /** The seat kind's ack field (the own entity's acknowledgement of inputs). */
  private readonly ackField: number;
  welcome: WelcomeInfo | null = null;
  /** Last input sequence the server applied. */
  ackSeq = 0;
  /** The latest RTT sample, ms (NaN until the first pong). */
  lastRttSampleMs = NaN;
  readonly stats: ClientStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, states: 0, fullStates: 0, desyncs: 0, serverErrors: 0 };
  closed: { code: number; reason: string } | null = null;
  /** True between a lost connection and the resume (or giving up). */
  reconnecting = false;
  /** Last Error message from the server. */
  lastServerError: { code: number; message: string } | null = null;
  /** Server clock offset, RTT and jitter from the pings (robust to outliers). */
  readonly clockSync = new ClockSync();
  /** The server's latest report on this client's input timing (null before the first). */
  inputTiming: InputTimingReport | null = null;

  private socket: SocketLike | null = null;
  private leaving = false;
  private attempt = 0;
  private droppedAtMs = 0;
  private cancelRetry: (() => void) | null = null;
  private readonly policy: ReconnectPolicy | null;
  /** Where the next socket goes, and with which mode (a rematch changes both). */
  private url: string;
  private mode: string;
  /** The room lost, while re-matchmaking (null: resuming, or connected). */
  private lost: LostRoom | null = null;
  /** Resumes in a row that failed without the server refusing them (the node may be gone). */
  private failedResumes = 0;
  /** The room was given up because its node could not be reached (not because it said no). */
  private lostUnreachable = false;
  private nextSeq = 1;
  private lastPingMs = -Infinity;
  private awaitingResync = false;
  private readonly clock: Clock;
  private readonly liveness: Liveness;
  /** Pongs of pings sent before this (through a stall, on a lost socket) measure no path: ignored. */
  private ignorePingsBeforeMs = -Infinity;
  /** When the ping sent with the Join went out (its pong is not a round trip). */
  private joinPingAtMs = NaN;
  /** Pings still to send at the quick rate (after the start and after a stall). */
  private quickPings = 8;

  /** The game this client plays. */
  get game(): AnyGame {
    return this.opts.game;
  }

  /** The room type (mode) it plays: the one it joined, or the one a rematch moved it to. */
  get roomType(): string {
    return this.mode;
  }

  constructor(private readonly opts: GameClientOptions) {
    super();
    this.view = new ClientView(opts.game.kinds);
    this.ackField = opts.game.seat.schema.keys.indexOf('ack');
    this.clock = opts.clock ?? systemClock;
    this.liveness = new Liveness({ ...DEFAULT_LIVENESS, ...opts.liveness });
    this.policy = opts.reconnect ? { ...DEFAULT_RECONNECT, ...(opts.reconnect === true ? {} : opts.reconnect) } : null;
    this.url = opts.url;
    this.mode = opts.mode ?? opts.game.name;
  }

  /** The WebSocket URL the client is connected (or connecting) to: the owning node's, after a move. */
  get serverUrl(): string {
    return this.url;
  }

  get roomId(): string {
    return this.welcome?.roomId ?? '';
  }

  get playerId(): number {
    return this.welcome?.playerId ?? 0;
  }

  /**
   * The round-trip time, ms: the median of the recent pings (ClockSync), the one estimate the
   * HUD, the net-stats overlay and the bots all show. NaN until the first pong.
   */
  get rttMs(): number {
    return this.clockSync.stats.rttMs;
  }

  /** The same estimate as rttMs (kept for callers of the older name). */
  get smoothedRttMs(): number {
    return this.rttMs;
  }

  /** True while the server has been silent past the stall bound on an open socket (see checkLiveness). */
  get stalled(): boolean {
    return this.liveness.stalled;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN && this.closed === null;
  }

  /** Open the socket and join (claiming `seat` when given). Resolves on Welcome; rejects with a JoinError if closed first. */
  connect(): Promise<WelcomeInfo> {
    return new Promise((resolve, reject) => {
      const { seat, resume } = this.opts;
      const ticket: JoinTicket | undefined =
        seat !== undefined ? { seat } : resume ? { roomId: resume.roomId, reconnect: resume.reconnectToken } : undefined;
      this.open(ticket, (err, info) => {
        if (info) return resolve(info);
        if (err) reject(err);
        this.finish(err?.code ?? 1006, err?.reason ?? '');
      });
    });
  }

  /**
   * One socket and its Join. `done` is called once: with the Welcome, or with the close that came
   * before it. A close after the Welcome is a drop: reconnect (when on) or finish.
   */
  private open(ticket: JoinTicket | undefined, done: (err: JoinError | null, info: WelcomeInfo | null) => void): void {
    const factory = delayedSocketFactory(this.opts.socketFactory, this.opts.netSim ?? null, {
      clock: this.clock,
      ...(this.opts.schedule ? { schedule: this.opts.schedule } : {}),
      ...(this.opts.random ? { random: this.opts.random } : {}),
    });
    const ws = factory(this.url);
    this.socket = ws;
    ws.binaryType = this.opts.binaryType ?? 'arraybuffer';
    let welcomed = false;
    const startWelcome = this.welcome;
    ws.onopen = () => {
      this.liveness.reset(this.clock.now());
      const join: unknown[] = [MSG.Join, this.opts.protocolVersion ?? PROTOCOL_VERSION, this.opts.name, this.mode];
      if (ticket) join.push(ticket);
      this.send(join);
      this.ping();
      // That ping's pong waits for the Join's handling (a room made, a snapshot sent): it times
      // the join, not the path, so it is not taken as a sample.
      this.joinPingAtMs = this.lastPingMs;
    };
    ws.onmessage = (ev) => {
      if (this.socket !== ws) return;
      this.liveness.heard(this.clock.now());
      const bytes = messageBytes(ev.data);
      if (bytes) this.handle(bytes);
      if (!welcomed && this.welcome && this.welcome !== startWelcome) {
        welcomed = true;
        done(null, this.welcome);
      }
    };
    ws.onerror = () => {};
    ws.onclose = (ev) => {
      if (this.socket !== ws) return;
      if (!welcomed) return done(new JoinError(ev.code, ev.reason, this.lastServerError), null);
      this.dropped(ev.code, ev.reason);
    };
  }

  /** The welcomed connection is gone: reconnect (when on and worth it) or finish. */
  private dropped(code: number, reason: string): void {
    // Pings in flight on the lost socket never come back; any that do measure nothing.
    this.ignorePingsBeforeMs = this.clock.now();
    this.quickPings = 8;
    if (this.leaving) return this.finish(code, reason);
    const resume = this.policy !== null && RETRYABLE_CLOSE_CODES.has(code) && this.welcome?.reconnectToken !== undefined;
    const rematch = this.opts.rematch !== undefined && (REMATCH_CLOSE_CODES.has(code) || RETRYABLE_CLOSE_CODES.has(code));
    if (!resume && !rematch) return this.finish(code, reason);
    this.reconnecting = true;
    this.attempt = 0;
    this.failedResumes = 0;
    this.droppedAtMs = this.clock.now();
    this.lost = resume && !REMATCH_CLOSE_CODES.has(code) ? null : this.lostRoom(code, reason);
    this.lostUnreachable = false;
    this.emit('disconnected', code, reason);
    this.retry();
  }

  private lostRoom(code: number, reason: string): LostRoom {
    return { roomId: this.welcome?.roomId ?? '', mode: this.mode, code, reason };
  }

  /**
   * Watch the server's traffic (call it every frame, with maybePing): emits 'stalled' as soon
   * as a welcomed connection has been silent past the stall bound, 'resumed' when traffic comes
   * back, and past the longer bound drops the silent socket and reconnects as after a real drop
   * (a stalled socket may take minutes to report its close).
   */
  checkLiveness(): void {
    if (!this.welcome || this.closed || this.reconnecting || !this.isOpen) return;
    const now = this.clock.now();
    switch (this.liveness.check(now)) {
      case 'stalled':
        this.emit('stalled', now - this.liveness.silentSinceMs);
        return;
      case 'resumed':
        // Everything sent during the stall waited in buffers: its pongs say nothing of the path.
        this.ignorePingsBeforeMs = now;
        this.quickPings = 4;
        this.emit('resumed', this.liveness.lastStallMs);
        this.ping();
        return;
      case 'dead': {
        const ws = this.socket!;
        this.socket = null;
        ws.onmessage = null;
        ws.onclose = null;
        ws.close(CLOSE.ClientStalled, 'stalled');
        const silentSec = Math.round((now - this.liveness.silentSinceMs) / 1000);
        this.liveness.reset(now);
        this.dropped(1006, `no traffic from the server for ${silentSec} s`);
        return;
      }
      default:
    }
  }

  /** Schedule the next reconnect attempt (a resume, or a rematch once the room is lost), or give up. */
  private retry(): void {
    const policy = this.policy ?? DEFAULT_RECONNECT;
    this.attempt++;
    if (this.attempt > policy.maxAttempts || this.clock.now() - this.droppedAtMs > policy.giveUpAfterMs) {
      return this.giveUp(`gave up after ${this.attempt - 1} attempts`);
    }
    const delayMs = backoffDelayMs(this.attempt, policy, this.opts.random ?? Math.random);
    this.emit('reconnecting', this.attempt, delayMs);
    const schedule = this.opts.schedule ?? ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    });
    this.cancelRetry = schedule(() => {
      this.cancelRetry = null;
      if (this.leaving) return;
      if (this.lost !== null) return this.rematchOnce(this.lost);
      const w = this.welcome!;
      this.open({ roomId: w.roomId, reconnect: w.reconnectToken! }, (err, info) => {
        if (this.leaving || this.closed) return;
        if (info) {
          this.reconnecting = false;
          this.awaitingResync = true;
          this.emit('reconnected', info);
          return;
        }
        if (this.opts.rematch !== undefined && err !== null) {
          // Refused (the held player is gone), or the node cannot be reached: another room, elsewhere.
          if (REMATCH_ON_REFUSAL.has(err.code)) this.lost = this.lostRoom(err.code, err.reason);
          else if (++this.failedResumes >= REMATCH_AFTER_FAILED_RESUMES) {
            this.lost = this.lostRoom(err.code, err.reason);
            this.lostUnreachable = true;
          }
          return this.retry();
        }
        // The server answered and said no: retrying cannot help.
        if (err && (err.code === CLOSE.ReconnectRefused || err.code === CLOSE.ProtocolVersion || err.code === CLOSE.GoingAway)) {
          return this.giveUp(`reconnect refused: ${err.code} ${err.reason}`, err.code);
        }
        this.retry();
      });
    }, delayMs);
  }

  /**
   * One rematch attempt: a new seat, then its Join on the node that owns it. When the old node
   * was only unreachable, the client may itself have been offline: once matchmaking answers
   * (online again), one more resume comes first, and the new seat is used only if it fails.
   */
  private rematchOnce(lost: LostRoom): void {
    this.opts.rematch!(lost).then(
      (seat) => {
        if (this.leaving || this.closed) return;
        const w = this.welcome;
        if (!this.lostUnreachable || !w?.reconnectToken) return this.joinNewSeat(seat, lost);
        this.open({ roomId: w.roomId, reconnect: w.reconnectToken }, (_err, info) => {
          if (this.leaving || this.closed) return;
          if (!info) return this.joinNewSeat(seat, lost);
          this.reconnecting = false;
          this.lost = null;
          this.awaitingResync = true;
          this.emit('reconnected', info);
        });
      },
      () => {
        if (!this.leaving && !this.closed) this.retry();
      },
    );
  }

  private joinNewSeat(seat: NewSeat, lost: LostRoom): void {
    this.url = seat.wsUrl;
    this.mode = seat.mode;
    this.open({ seat: seat.seatToken }, (err, info) => {
      if (this.leaving || this.closed) return;
      if (!info) {
        // A version mismatch will not get better elsewhere.
        if (err?.code === CLOSE.ProtocolVersion) return this.giveUp(`rematch refused: ${err.code} ${err.reason}`, err.code);
        return this.retry();
      }
      this.reconnecting = false;
      this.lost = null;
      this.awaitingResync = false;
      this.emit('moved', info, lost);
    });
  }


  private giveUp(reason: string, code: number = CLOSE.ReconnectRefused): void {
    this.reconnecting = false;
    this.emit('reconnectFailed', reason);
    this.finish(code, reason);
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    this.emit('close', code, reason);
  }

  /**
   * Send one input; returns it with its sequence number (for prediction). `viewTick` is the
   * (fractional) server tick the client shows remote entities at (its interpolation render
   * time): the server rewinds this input's shot to it (lag compensation).
   */
  sendInput<I extends InputState>(input: I, viewTick?: number): SentInput<I> {
    const seq = this.nextSeq++;
    const plan = this.opts.game.input.plan;
    // [Input, seq, ...the game's numeric fields in order, buttons as bits, ackTick, viewTick10?]
    const msg: unknown[] = [MSG.Input, seq];
    for (let i = 0; i < plan.nNum; i++) {
      const v = input[plan.numericNames[i]!];
      msg.push(typeof v === 'number' && Number.isFinite(v) ? v : 0);
    }
    msg.push(buttonBits(plan, input), this.view.tick);
    if (viewTick !== undefined && viewTick > 0 && Number.isFinite(viewTick)) msg.push(Math.round(viewTick * 10));
    this.send(msg);
    return { ...input, seq };
  }

  ping(): void {
    this.lastPingMs = this.clock.now();
    if (this.quickPings > 0) this.quickPings--;
    this.send([MSG.Ping, this.lastPingMs]);
  }

  /** Ping when the interval has passed (4× as often at the start and after a stall or a reconnect); call it from the caller's loop. */
  maybePing(): void {
    const intervalMs = this.opts.pingIntervalMs ?? 1000;
    if (this.clock.now() - this.lastPingMs >= (this.quickPings > 0 ? intervalMs / 4 : intervalMs)) this.ping();
  }

  requestResync(): void {
    this.awaitingResync = true;
    this.send([MSG.Resync]);
  }

  /**
   * Leave the room: the seat is freed at once (no reconnection). `unloading`: the page is going
   * away (pagehide), maybe for a reload: the server holds the player a few seconds only, so a
   * reload resumes it and a closed tab's seat frees soon.
   */
  leave(opts: { unloading?: boolean } = {}): void {
    this.leaving = true;
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.isOpen) this.send(opts.unloading ? [MSG.Leave, 1] : [MSG.Leave]);
    this.socket?.close(1000, 'leave');
    if (this.reconnecting) {
      this.reconnecting = false;
      this.finish(1000, 'left while reconnecting');
    }
  }

  /** Say something to the room (plain text, at most 140 characters; the server rate-limits). */
  sendChat(text: string): void {
    this.send([MSG.Chat, text.slice(0, 140)]);
  }

  /** Send raw bytes (tests of the server's input validation use this). */
  sendRaw(bytes: Uint8Array): void {
    if (!this.socket || this.socket.readyState !== OPEN) return;
    this.stats.bytesOut += bytes.byteLength;
    this.stats.messagesOut++;
    this.socket.send(bytes);
  }

  private send(msg: unknown[]): void {
    this.sendRaw(encode(msg));
  }

  private handle(bytes: Uint8Array): void {
    this.stats.bytesIn += bytes.byteLength;
    this.stats.messagesIn++;
    let msg: unknown;
    try {
      msg = decode(bytes);
    } catch {
      this.emit('serverError', -1, 'undecodable message from server');
      return;
    }
    if (!Array.isArray(msg)) return;
    switch (msg[0]) {
      case MSG.Welcome:
        this.welcome = msg[1] as WelcomeInfo;
        // A resume is announced by 'reconnected' instead (same room, same map, same player).
        if (!this.reconnecting) this.emit('welcome', this.welcome);
        break;
      case MSG.State:
        this.onState(msg, bytes.byteLength);
        break;
      case MSG.Pong: {
        const now = this.clock.now();
        const timing = parseInputTiming(msg[4]);
        if (timing) {
          this.inputTiming = timing;
          this.emit('inputTiming', timing);
        }
        const sentAtMs = msg[1] as number;
        if (!(sentAtMs >= this.ignorePingsBeforeMs) || sentAtMs === this.joinPingAtMs) break;
        const sample = now - sentAtMs;
        if (typeof msg[2] === 'number') this.clockSync.addSample(sentAtMs, msg[2], now);
        this.lastRttSampleMs = sample;
        this.emit('pong', sample);
        break;
      }
      case MSG.Error:
        this.stats.serverErrors++;
        this.lastServerError = { code: msg[1] as number, message: String(msg[2]) };
        this.emit('serverError', msg[1] as number, String(msg[2]));
        break;
      case MSG.ChatLine:
        this.emit('chat', { playerId: Number(msg[1]), name: String(msg[2]), text: String(msg[3]) });
        break;
      case MSG.Event:
        if (typeof msg[1] === 'object' && msg[1] !== null) this.emit('roomEvent', msg[1] as RoomEvent);
        break;
    }
  }

  private onState(msg: unknown[], bytes: number): void {
    const [, , , added, changed, removed, checksum] = msg;
    const header = readStateHeader(msg);
    if (!header) {
      this.emit('serverError', -1, 'malformed State header');
      return;
    }
    const { tick, baseTick } = header;
    if (this.awaitingResync && baseTick !== 0) return; // stale deltas until the full snapshot
    try {
      this.view.apply(tick, baseTick, added, changed, removed, checksum);
    } catch (e) {
      if (!(e instanceof DesyncError)) throw e;
      this.stats.desyncs++;
      this.emit('desync', e.message);
      this.requestResync();
      return;
    }
    this.awaitingResync = false;
    // The ack is the own player's field, modulo 2^ACK_BITS: restore it from the last seq sent.
    const own = this.view.entities.get(this.playerId);
    const ackSeq = own ? Math.max(0, unwrapCounter(own.rec[this.ackField] as number, this.nextSeq - 1, ACK_BITS)) : this.ackSeq;
    this.ackSeq = ackSeq;
    this.stats.states++;
    if (baseTick === 0) this.stats.fullStates++;
    this.emit('state', { tick, baseTick, ackSeq, full: baseTick === 0, bytes, receivedAtMs: this.clock.now() });
  }
}
