/**
 * The client SDK: one connection to a room. Used by the browser client and the bots alike.
 * It joins, decodes every message with the shared codec, keeps the ClientView in sync (asking
 * for a resync on any gap), numbers and sends inputs, and measures RTT from pings.
 * It owns no timers: the caller drives it (maybePing) from its own loop.
 */
import { systemClock, type Clock } from '../clock.ts';
import { decode, encode } from '../codec.ts';
import { BUTTON, MSG, PROTOCOL_VERSION, type WelcomeInfo } from '../protocol.ts';
import { ClientView, DesyncError } from '../sync/clientView.ts';
import { Emitter } from './Emitter.ts';
import { messageBytes, OPEN, type SocketFactory, type SocketLike } from './socket.ts';

export interface GameClientOptions {
  /** WebSocket URL, e.g. ws://127.0.0.1:8080/ws */
  url: string;
  name: string;
  mode?: string;
  socketFactory: SocketFactory;
  clock?: Clock;
  pingIntervalMs?: number;
  protocolVersion?: number;
}

export interface InputState {
  mx: number;
  my: number;
  aim: number;
  fire: boolean;
}

export interface SentInput extends InputState {
  seq: number;
}

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
  serverError: [code: number, message: string];
  desync: [reason: string];
  close: [code: number, reason: string];
};

export class GameClient extends Emitter<Events> {
  readonly view = new ClientView();
  welcome: WelcomeInfo | null = null;
  /** Last input sequence the server applied. */
  ackSeq = 0;
  /** Latest RTT sample and a smoothed RTT, in ms (NaN until the first pong). */
  rttMs = NaN;
  smoothedRttMs = NaN;
  readonly stats: ClientStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, states: 0, fullStates: 0, desyncs: 0, serverErrors: 0 };
  closed: { code: number; reason: string } | null = null;

  private socket: SocketLike | null = null;
  private nextSeq = 1;
  private lastPingMs = -Infinity;
  private awaitingResync = false;
  private readonly clock: Clock;

  constructor(private readonly opts: GameClientOptions) {
    super();
    this.clock = opts.clock ?? systemClock;
  }

  get playerId(): number {
    return this.welcome?.playerId ?? 0;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN && this.closed === null;
  }

  /** Open the socket and join. Resolves on Welcome; rejects if closed first. */
  connect(): Promise<WelcomeInfo> {
    return new Promise((resolve, reject) => {
      const ws = this.opts.socketFactory(this.opts.url);
      this.socket = ws;
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        this.send([MSG.Join, this.opts.protocolVersion ?? PROTOCOL_VERSION, this.opts.name, this.opts.mode ?? 'arena']);
        this.ping();
      };
      ws.onmessage = (ev) => {
        const bytes = messageBytes(ev.data);
        if (bytes) this.handle(bytes);
        if (this.welcome && !settled) {
          settled = true;
          resolve(this.welcome);
        }
      };
      ws.onerror = () => {};
      ws.onclose = (ev) => {
        this.closed = { code: ev.code, reason: ev.reason };
        if (!settled) {
          settled = true;
          reject(new Error(`connection closed before welcome: ${ev.code} ${ev.reason}`));
        }
        this.emit('close', ev.code, ev.reason);
      };
      let settled = false;
    });
  }

  /** Send one input; returns it with its sequence number (for prediction). */
  sendInput(input: InputState): SentInput {
    const seq = this.nextSeq++;
    this.send([MSG.Input, seq, input.mx, input.my, input.aim, input.fire ? BUTTON.Fire : 0]);
    return { seq, ...input };
  }

  ping(): void {
    this.lastPingMs = this.clock.now();
    this.send([MSG.Ping, this.lastPingMs]);
  }

  /** Ping when the interval has passed; call it from the caller's loop. */
  maybePing(): void {
    if (this.clock.now() - this.lastPingMs >= (this.opts.pingIntervalMs ?? 1000)) this.ping();
  }

  requestResync(): void {
    this.awaitingResync = true;
    this.send([MSG.Resync]);
  }

  leave(): void {
    if (this.isOpen) this.send([MSG.Leave]);
    this.socket?.close(1000, 'leave');
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
        this.emit('welcome', this.welcome);
        break;
      case MSG.State:
        this.onState(msg, bytes.byteLength);
        break;
      case MSG.Pong: {
        const sample = this.clock.now() - (msg[1] as number);
        this.rttMs = sample;
        this.smoothedRttMs = Number.isNaN(this.smoothedRttMs) ? sample : this.smoothedRttMs * 0.8 + sample * 0.2;
        this.emit('pong', sample);
        break;
      }
      case MSG.Error:
        this.stats.serverErrors++;
        this.emit('serverError', msg[1] as number, String(msg[2]));
        break;
    }
  }

  private onState(msg: unknown[], bytes: number): void {
    const [, tick, baseTick, ackSeq, added, changed, removed] = msg as [number, number, number, number, unknown, unknown, unknown];
    if (this.awaitingResync && baseTick !== 0) return; // stale deltas until the full snapshot
    try {
      this.view.apply(tick, baseTick, added, changed, removed);
    } catch (e) {
      if (!(e instanceof DesyncError)) throw e;
      this.stats.desyncs++;
      this.emit('desync', e.message);
      this.requestResync();
      return;
    }
    this.awaitingResync = false;
    this.ackSeq = ackSeq;
    this.stats.states++;
    if (baseTick === 0) this.stats.fullStates++;
    this.emit('state', { tick, baseTick, ackSeq, full: baseTick === 0, bytes, receivedAtMs: this.clock.now() });
  }
}
