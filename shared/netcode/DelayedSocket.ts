/**
 * A SocketLike that delays what it sends and what it receives through two DelayQueues: the
 * client half of the network simulator (`?lag=150&jitter=30` in the browser; bots pass the
 * same options). It wraps any socket from a SocketFactory, so the SDK does not know it is there.
 * A close from the server is delivered after the messages that came before it.
 */
import type { SocketFactory, SocketLike } from '../sdk/socket.ts';
import { DelayQueue, type DelayQueueDeps, type NetSimOptions } from './DelayQueue.ts';

type Incoming = { kind: 'message'; data: unknown } | { kind: 'close'; code: number; reason: string };
type Outgoing = { kind: 'message'; data: Uint8Array | ArrayBuffer } | { kind: 'close'; code?: number; reason?: string };

export class DelayedSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  private readonly up: DelayQueue<Outgoing>;
  private closing = false;
  private readonly down: DelayQueue<Incoming>;

  constructor(
    private readonly inner: SocketLike,
    opts: NetSimOptions,
    deps: DelayQueueDeps,
  ) {
    this.up = new DelayQueue<Outgoing>(opts, { ...deps, stream: 2 * (deps.stream ?? 0) }, (ev) => {
      if (ev.kind === 'close') this.inner.close(ev.code, ev.reason);
      else if (this.inner.readyState === 1) this.inner.send(ev.data);
    });
    this.down = new DelayQueue<Incoming>(opts, { ...deps, stream: 2 * (deps.stream ?? 0) + 1 }, (ev) => {
      if (ev.kind === 'message') this.onmessage?.({ data: ev.data });
      else {
        this.up.close();
        this.down.close();
        this.onclose?.({ code: ev.code, reason: ev.reason });
      }
    });
    inner.onopen = (ev) => this.onopen?.(ev);
    inner.onerror = (ev) => this.onerror?.(ev);
    inner.onmessage = (ev) => this.down.push({ kind: 'message', data: copyOf(ev.data) });
    inner.onclose = (ev) => this.down.push({ kind: 'close', code: ev.code, reason: ev.reason });
  }

  get binaryType(): string {
    return this.inner.binaryType;
  }

  set binaryType(v: string) {
    this.inner.binaryType = v;
  }

  get readyState(): number {
    return this.inner.readyState;
  }

  get bufferedAmount(): number {
    return this.inner.bufferedAmount;
  }

  send(data: Uint8Array | ArrayBuffer): void {
    if (this.closing) return;
    // The caller may reuse its buffer: keep a copy until the delivery time.
    this.up.push({ kind: 'message', data: data instanceof ArrayBuffer ? data.slice(0) : data.slice() });
  }

  /** Closes after what was sent before it has gone out (a Leave, say). */
  close(code?: number, reason?: string): void {
    if (this.closing) return;
    this.closing = true;
    this.up.push({ kind: 'close', ...(code !== undefined ? { code } : {}), ...(reason !== undefined ? { reason } : {}) });
  }
}

/**
 * A socket factory whose sockets go through the simulator (the factory itself when opts is null).
 * With a seed, the n-th socket it makes uses streams 2n (up) and 2n + 1 (down) of it.
 */
export function delayedSocketFactory(factory: SocketFactory, opts: NetSimOptions | null, deps: DelayQueueDeps): SocketFactory {
  if (!opts) return factory;
  let made = 0;
  return (url) => new DelayedSocket(factory(url), opts, { ...deps, stream: (deps.stream ?? 0) + made++ });
}

function copyOf(data: unknown): unknown {
  if (data instanceof ArrayBuffer) return data.slice(0);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return data;
}
