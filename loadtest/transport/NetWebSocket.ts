/**
 * A lean WebSocket client (RFC 6455) on `node:net` / `node:tls`, for thousands of bots in one
 * thread. It has the browser WebSocket's members that the SDK uses (`SocketLike`) plus `ws`'s
 * `terminate()`. Reads go through the socket's `onread` option into one static buffer shared
 * by every socket of the thread (no stream events, no chunk allocated per read): frames are
 * parsed in place and each message is copied out once, so its data stays valid after the
 * callback. Each frame sent is one masked buffer and one `socket.write`.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { EventEmitter } from 'node:events';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { FrameParser, type FrameSink } from './FrameParser.ts';
import { CLOSE_CODE, closePayload, encodeFrame, isValidCloseCode, OPCODE } from './frames.ts';
import { checkUpgradeResponse, MAX_HEAD_BYTES, newKey, upgradeRequest } from './handshake.ts';

export interface NetWebSocketOptions {
  /** Fail the connection when the upgrade has not completed by then (default 10 s). */
  handshakeTimeoutMs?: number;
  /** After a close frame, destroy the socket if the server has not closed it by then (default 3 s). */
  closeTimeoutMs?: number;
  /** Largest message accepted (default 16 MiB); a larger one closes the connection with 1009. */
  maxPayload?: number;
  /** For wss:// URLs: extra `tls.connect` options (ca, rejectUnauthorized, servername...). */
  tls?: ConnectionOptions;
}

/**
 * The read buffer of every socket in this thread. Safe to share: the onread callback runs to
 * completion, and whatever of a read is still needed afterwards (an unfinished frame, a message)
 * is copied out before it returns.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export class NetWebSocket extends EventEmitter implements SocketLike, FrameSink {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;

  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly url: string;

  private state = CONNECTING;
  private nodeBuffer = false;
  private readonly socket: Socket;
  private readonly parser: FrameParser;
  private readonly key = newKey();
  private head: Buffer | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly closeTimeoutMs: number;
  private closeSent = false;
  private closeReceived = false;
  private closeCode: number = CLOSE_CODE.Abnormal;
  private closeReason = '';
  private error: Error | null = null;
  /** True once someone listens `ws`-style (on('message', ...)): only then are events emitted as well. */
  private listening = false;
  /** Reused for every message: the event is not kept by the SDK; its data is a copy and is. */
  private readonly messageEvent = { type: 'message', data: null as unknown };

  constructor(url: string | URL, opts: NetWebSocketOptions = {}) {
    super();
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new SyntaxError(`NetWebSocket: ${u.protocol} is not ws: or wss:`);
    this.url = u.href;
    this.closeTimeoutMs = opts.closeTimeoutMs ?? 3000;
    this.parser = new FrameParser(this, opts.maxPayload ?? 16 * 1024 * 1024);
    const secure = u.protocol === 'wss:';
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(u.port) || (secure ? 443 : 80);
    const onread = { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array): boolean => this.onBytes(buf as Buffer, n) };
    // tls.connect passes `onread` on to its socket; Node's typings list it for net only.
    const servername = isIP(host) ? undefined : host; // SNI names a host, never an address (RFC 6066)
    this.socket = secure ? tlsConnect({ servername, ...opts.tls, host, port, onread } as ConnectionOptions) : netConnect({ host, port, onread });
    this.socket.setNoDelay(true);
    this.socket.once(secure ? 'secureConnect' : 'connect', () => this.socket.write(upgradeRequest(u, this.key)));
    this.socket.on('error', (err) => (this.error ??= err));
    this.socket.on('close', () => this.onSocketClose());
    this.timer = setTimeout(() => this.fail(new Error('opening handshake timed out')), opts.handshakeTimeoutMs ?? 10_000);
    this.once('newListener', () => (this.listening = true));
  }

  get readyState(): number {
    return this.state;
  }

  /** Bytes handed to send() that the socket has not written yet. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  get binaryType(): string {
    return this.nodeBuffer ? 'nodebuffer' : 'arraybuffer';
  }

  set binaryType(type: string) {
    if (type !== 'arraybuffer' && type !== 'nodebuffer') throw new SyntaxError(`NetWebSocket: binaryType ${type} is not supported`);
    this.nodeBuffer = type === 'nodebuffer';
  }

  /** Binary for bytes, text for a string. Throws while connecting; ignored once closing. */
  send(data: Uint8Array | ArrayBuffer | string): void {
    if (this.state !== OPEN) {
      if (this.state === CONNECTING) throw new Error('NetWebSocket is not open: readyState 0 (CONNECTING)');
      return;
    }
    if (typeof data === 'string') this.socket.write(encodeFrame(OPCODE.Text, Buffer.from(data)));
    else this.socket.write(encodeFrame(OPCODE.Binary, data instanceof ArrayBuffer ? new Uint8Array(data) : data));
  }

  /**
   * Hold what send() writes until uncork() (Node's socket cork): the frames of many sockets
   * prepared one after another then leave together, at uncork, instead of one every time a
   * send is reached (see the benchmark's bots).
   */
  cork(): void {
    this.socket.cork();
  }

  /** Write what was held since cork(). */
  uncork(): void {
    this.socket.uncork();
  }

  /** The closing handshake: a close frame, then the server's; the socket is destroyed if that takes too long. */
  close(code?: number, reason = ''): void {
    if (code !== undefined && code !== CLOSE_CODE.Normal && !(code >= 3000 && code <= 4999)) throw new RangeError(`NetWebSocket: close code ${code} is not 1000 or 3000-4999`);
    if (Buffer.byteLength(reason) > 123) throw new SyntaxError('NetWebSocket: close reason longer than 123 bytes');
    if (this.state === CONNECTING) return this.fail(new Error('closed before the connection was established'));
    if (this.state !== OPEN) return;
    this.sendClose(code ?? CLOSE_CODE.NoStatus, reason);
    this.state = CLOSING;
    this.armCloseTimer();
  }

  /** Stop reading (a slow reader: the kernel's buffers fill and the server sees backpressure), as `ws` has it. */
  pause(): void {
    this.socket.pause();
  }

  /** Read again after pause(). */
  resume(): void {
    this.socket.resume();
  }

  /** Destroy the socket at once, without a closing handshake (onclose follows with 1006). */
  terminate(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSING;
    this.parser.stop();
    this.socket.destroy();
  }

  /** Messages are delivered until the server's close frame, also after close() (as `ws` does; a browser drops them). */
  onMessage(buf: Buffer, start: number, end: number, text: boolean): void {
    let data: Buffer | ArrayBuffer | string;
    if (text) {
      try {
        data = utf8.decode(buf.subarray(start, end));
      } catch {
        return this.onProtocolError(CLOSE_CODE.InvalidData, 'text message is not valid UTF-8');
      }
    } else if (this.nodeBuffer) {
      data = Buffer.allocUnsafe(end - start);
      buf.copy(data, 0, start, end);
    } else data = (buf.buffer as ArrayBuffer).slice(buf.byteOffset + start, buf.byteOffset + end);
    if (this.onmessage) {
      this.messageEvent.data = data;
      this.onmessage(this.messageEvent);
    }
    if (this.listening) this.emit('message', data, !text);
  }

  onControl(opcode: number, buf: Buffer, start: number, end: number): void {
    if (opcode === OPCODE.Ping) {
      if (this.state === OPEN) this.socket.write(encodeFrame(OPCODE.Pong, buf, start, end));
      return;
    }
    if (opcode !== OPCODE.Close) return;
    const code = end - start >= 2 ? buf.readUInt16BE(start) : CLOSE_CODE.NoStatus;
    if (end - start === 1 || (code !== CLOSE_CODE.NoStatus && !isValidCloseCode(code))) return this.onProtocolError(CLOSE_CODE.ProtocolError, 'invalid close frame');
    let reason: string;
    try {
      reason = utf8.decode(buf.subarray(start + 2, end));
    } catch {
      return this.onProtocolError(CLOSE_CODE.InvalidData, 'close reason is not valid UTF-8');
    }
    this.closeReceived = true;
    this.closeCode = code;
    this.closeReason = reason;
    this.parser.stop();
    if (!this.closeSent) this.sendClose(code, '');
    this.state = CLOSING;
    this.socket.end();
    this.armCloseTimer();
  }

  onProtocolError(code: number, reason: string): void {
    this.parser.stop();
    if (this.state === OPEN && !this.closeSent) this.sendClose(code, '');
    this.state = CLOSING;
    this.error ??= new Error(`protocol error (${code}): ${reason}`);
    this.socket.end();
    this.armCloseTimer();
  }

  /** Every read of the socket: the upgrade response first, frames after. */
  private onBytes(buf: Buffer, n: number): boolean {
    if (this.state === CONNECTING) this.readHead(buf, n);
    else this.parser.push(buf, 0, n);
    return true;
  }

  private readHead(buf: Buffer, n: number): void {
    const head = this.head ? Buffer.concat([this.head, buf.subarray(0, n)]) : Buffer.from(buf.subarray(0, n));
    const at = head.indexOf('\r\n\r\n');
    if (at < 0) {
      this.head = head;
      if (head.length > MAX_HEAD_BYTES) this.fail(new Error('upgrade response head too large'));
      return;
    }
    this.head = null;
    const refused = checkUpgradeResponse(head.toString('latin1', 0, at), this.key);
    if (refused) return this.fail(new Error(refused));
    this.clearTimer();
    this.state = OPEN;
    this.onopen?.({ type: 'open' });
    if (this.listening) this.emit('open');
    if (this.state === OPEN && at + 4 < head.length) this.parser.push(head, at + 4, head.length);
  }

  private sendClose(code: number, reason: string): void {
    this.closeSent = true;
    this.socket.write(encodeFrame(OPCODE.Close, closePayload(code, reason)));
  }

  /** Fail the connection at once (handshake refused or timed out, closed while connecting): onerror, then onclose 1006. */
  private fail(err: Error): void {
    this.error ??= err;
    this.state = CLOSING;
    this.socket.destroy();
  }

  private armCloseTimer(): void {
    this.timer ??= setTimeout(() => this.socket.destroy(), this.closeTimeoutMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private onSocketClose(): void {
    if (this.state === CLOSED) return;
    this.clearTimer();
    this.state = CLOSED;
    this.parser.stop();
    const err = this.closeReceived ? null : this.error;
    if (err) {
      this.onerror?.({ type: 'error', error: err, message: err.message });
      if (this.listening && this.listenerCount('error') > 0) this.emit('error', err);
    }
    const code = this.closeReceived ? this.closeCode : CLOSE_CODE.Abnormal;
    const reason = this.closeReceived ? this.closeReason : (err?.message ?? '');
    const ev = { type: 'close', code, reason, wasClean: this.closeReceived && this.closeSent };
    this.onclose?.(ev);
    if (this.listening) this.emit('close', code, Buffer.from(reason));
  }
}
