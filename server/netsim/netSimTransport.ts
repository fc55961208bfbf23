/**
 * The server half of the network simulator (--net-sim-lag-ms, --net-sim-jitter-ms): a transport
 * wrapper that delays each direction of each connection through its own DelayQueue (lag ±
 * jitter, in order; conventions in shared/netcode/DelayQueue.ts). Messages from a client reach
 * the game late; messages to it leave late; a close waits behind the messages sent before it.
 * It has no native publish, so every message goes through the per-connection delay.
 * Stalls (--net-sim-stall-percent, --net-sim-stall-ms: a lost TCP segment now and then) and the
 * seed (--net-sim-seed) are DelayQueue's: the n-th connection opened uses the seed's streams
 * 2n (from the client) and 2n + 1 (to it), so a run with the same seed and the same order of
 * connections has the same stall schedule.
 */
import type { Clock } from '../../shared/clock.ts';
import { DelayQueue, type NetSimOptions, type ScheduleFn } from '../../shared/netcode/DelayQueue.ts';
import type { Connection, SendResult, SocketHandlers, Transport, TransportOptions } from '../transport/types.ts';

export type TransportFactory = (opts: TransportOptions, handlers: SocketHandlers) => Transport;

export interface NetSimDeps {
  clock: Clock;
  schedule?: ScheduleFn;
  random?: () => number;
}

type Outgoing = { kind: 'message'; bytes: Uint8Array } | { kind: 'close'; code: number; reason: string };
type Incoming = { kind: 'message'; bytes: Uint8Array } | { kind: 'close'; code: number; reason: string };

/** One connection seen through the simulator: sends are queued; `closed` turns true at once on close(). */
class DelayedConnection implements Connection {
  closing = false;
  attachment: unknown = undefined;
  readonly up: DelayQueue<Incoming>;
  readonly down: DelayQueue<Outgoing>;

  constructor(
    readonly inner: Connection,
    opts: NetSimOptions,
    deps: NetSimDeps,
    handlers: SocketHandlers,
    onGone: () => void,
    index: number,
  ) {
    this.down = new DelayQueue<Outgoing>(opts, { ...deps, stream: 2 * index + 1 }, (m) => {
      if (m.kind === 'close') inner.close(m.code, m.reason);
      else if (!inner.closed) inner.send(m.bytes);
    });
    this.up = new DelayQueue<Incoming>(opts, { ...deps, stream: 2 * index }, (m) => {
      if (m.kind === 'message') return this.closed ? undefined : handlers.message(this, m.bytes, this.attachment);
      this.down.close();
      this.up.close();
      onGone();
      handlers.close(this, m.code, m.reason);
    });
  }

  get id(): number {
    return this.inner.id;
  }

  get remoteAddress(): string {
    return this.inner.remoteAddress;
  }

  get url(): string {
    return this.inner.url;
  }

  get closed(): boolean {
    return this.closing || this.inner.closed;
  }

  send(bytes: Uint8Array): SendResult {
    if (this.closed) return 'closed';
    // Senders reuse their buffers (encode-once arenas): keep a copy until the delivery time.
    this.down.push({ kind: 'message', bytes: bytes.slice() });
    return 'ok';
  }

  bufferedAmount(): number {
    return this.inner.bufferedAmount();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closing = true;
    this.down.push({ kind: 'close', code, reason });
  }
}

/** Wrap a transport factory; with no lag, jitter or stalls it returns the factory unchanged. */
export function withNetSim(factory: TransportFactory, opts: NetSimOptions, deps: NetSimDeps): TransportFactory {
  if (opts.lagMs <= 0 && opts.jitterMs <= 0 && !((opts.stallSecondChance ?? 0) > 0) && !((opts.stallChance ?? 0) > 0)) return factory;
  return (transportOpts, handlers) => {
    const conns = new Map<number, DelayedConnection>();
    let stopping = false;
    let opened = 0;
    const wrapped: SocketHandlers = {
      open(conn) {
        const d = new DelayedConnection(conn, opts, deps, handlers, () => conns.delete(conn.id), opened++);
        conns.set(conn.id, d);
        handlers.open(d);
      },
      message(conn, bytes) {
        conns.get(conn.id)?.up.push({ kind: 'message', bytes: bytes.slice() }); // kept past the call: copy
      },
      close(conn, code, reason) {
        const d = conns.get(conn.id);
        if (!d) return;
        if (!stopping) return d.up.push({ kind: 'close', code, reason });
        // Shutting down: nothing more is delivered, the close is reported at once.
        conns.delete(conn.id);
        handlers.close(d, code, reason);
      },
      drain(conn) {
        const d = conns.get(conn.id);
        if (d) handlers.drain(d);
      },
    };
    const inner = factory(transportOpts, wrapped);
    return {
      listen: () => inner.listen(),
      stopListening: () => inner.stopListening(),
      closeAll(code, reason) {
        stopping = true;
        for (const d of conns.values()) {
          d.up.close();
          d.down.close();
        }
        inner.closeAll(code, reason);
      },
    };
  };
}
