/**
 * The fuzzer's sockets: `count` connections to the server's WebSocket, each sending the frames
 * it is handed at about `perSec` a second (just under the server's rate limit, so frames are
 * parsed rather than dropped; one connection in ten bursts past it). Half of them join a room
 * first, so frames arrive both before and after Join. The server closes a connection that
 * sends too many bad messages (or a Leave, or a frame over 16 KiB): that is counted by close
 * code and the slot reconnects; a refused or failed connection backs off (20 ms doubling to 2 s).
 */
import WebSocket from 'ws';
import { encode } from '../../shared/codec.ts';
import { MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { Frame } from './FrameSource.ts';

export interface ConnectionCounts {
  /** Connections opened (the upgrade succeeded). */
  opened: number;
  /** Connections refused or failed before opening (an HTTP answer to the upgrade, a reset). */
  refused: number;
  /** Closes by code, as the client saw them. */
  closes: Map<number, number>;
  /** Error messages from the server, by error code. */
  serverErrors: Map<number, number>;
  /** Frames sent, Joins included. */
  framesSent: number;
}

interface Slot {
  ws: WebSocket | null;
  open: boolean;
  failures: number;
  /** Frames this connection may still send in the current 10 ms step. */
  budget: number;
  burst: boolean;
  retryAt: number;
}

const STEP_MS = 10;
const MAX_BACKOFF_MS = 2000;
const MAX_BUFFERED = 256 * 1024;
const utf8 = new TextDecoder();

export class FuzzConnections {
  readonly counts: ConnectionCounts = { opened: 0, refused: 0, closes: new Map(), serverErrors: new Map(), framesSent: 0 };
  private readonly slots: Slot[];
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private made = 0;

  constructor(
    private readonly wsUrl: string,
    count: number,
    private readonly perSec: number,
    /** The next frame to send; null when the run is over. */
    private readonly nextFrame: () => Frame | null,
  ) {
    this.slots = Array.from({ length: count }, () => ({ ws: null, open: false, failures: 0, budget: 0, burst: false, retryAt: 0 }));
  }

  start(): void {
    for (const s of this.slots) this.connect(s);
    this.timer = setInterval(() => this.step(), STEP_MS);
  }

  /** Close every socket; resolves when all have closed (terminated after timeoutMs). */
  async stop(timeoutMs = 2000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const open = this.slots.map((s) => s.ws).filter((ws): ws is WebSocket => ws !== null && ws.readyState !== WebSocket.CLOSED);
    const closed = Promise.all(open.map((ws) => new Promise<void>((r) => ws.once('close', () => r()))));
    for (const ws of open) ws.close(1000);
    await Promise.race([closed, new Promise<void>((r) => setTimeout(r, timeoutMs))]);
    for (const ws of open) ws.terminate();
  }

  get openCount(): number {
    return this.slots.filter((s) => s.open).length;
  }

  private connect(s: Slot): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.wsUrl, { perMessageDeflate: false, handshakeTimeout: 5000 });
    ws.binaryType = 'nodebuffer';
    s.ws = ws;
    s.open = false;
    const n = this.made++;
    ws.on('open', () => {
      s.open = true;
      s.failures = 0;
      s.burst = n % 10 === 9;
      this.counts.opened++;
      if (n % 2 === 0) this.send(ws, encode([MSG.Join, PROTOCOL_VERSION, `fuzz-${n % 1000}`, 'arena']), false);
    });
    ws.on('message', (data: Buffer) => {
      // Server messages are [type, ...]; an Error is [67, code, text]: only its code is read.
      if (data.length >= 3 && data[1] === MSG.Error && (data[0]! & 0xf0) === 0x90) {
        const code = data[2]!;
        if (code < 0x80) this.counts.serverErrors.set(code, (this.counts.serverErrors.get(code) ?? 0) + 1);
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => {});
    ws.on('close', (code) => {
      const wasOpen = s.open;
      s.open = false;
      if (s.ws === ws) s.ws = null;
      if (wasOpen) this.counts.closes.set(code, (this.counts.closes.get(code) ?? 0) + 1);
      else {
        this.counts.refused++;
        s.failures++;
      }
      const delayMs = s.failures === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 20 * 2 ** (s.failures - 1));
      s.retryAt = performance.now() + delayMs;
    });
  }

  private send(ws: WebSocket, bytes: Uint8Array, text: boolean): void {
    if (text) ws.send(utf8.decode(bytes), { binary: false });
    else ws.send(bytes, { binary: true });
    this.counts.framesSent++;
  }

  private step(): void {
    const now = performance.now();
    const perStep = (this.perSec * STEP_MS) / 1000;
    for (const s of this.slots) {
      if (this.stopped) return;
      if (s.ws === null) {
        if (now >= s.retryAt) this.connect(s);
        continue;
      }
      if (!s.open || s.ws.bufferedAmount > MAX_BUFFERED) continue;
      s.budget = Math.min(s.budget + perStep * (s.burst ? 3 : 1), 50);
      while (s.budget >= 1 && s.open) {
        const frame = this.nextFrame();
        if (frame === null) return;
        s.budget--;
        this.send(s.ws!, frame.bytes, frame.text);
      }
    }
  }
}
