/**
 * Requests and WebSockets from a chosen loopback address (127.0.0.2, …: the client socket is
 * bound to it), with headers a browser or proxy would send (Origin, Host, X-Forwarded-*), so
 * tests can play several clients the server tells apart by address.
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import { decode, encode } from '../../shared/codec.ts';

export interface FromOptions {
  localAddress?: string;
  headers?: Record<string, string>;
}

/** POST JSON; resolves with the status and the parsed body. */
export function postFrom(url: string, body: unknown, opts: FromOptions = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        headers: { 'content-type': 'application/json', 'content-length': String(data.length), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> });
          } catch (e) {
            reject(e as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** How an upgrade ended: opened (a live socket), or refused with an HTTP status. */
export type UpgradeOutcome = { opened: true; ws: WebSocket } | { opened: false; status: number };

/** Open a WebSocket; resolves once it is open or refused. */
export function openFrom(wsUrl: string, opts: FromOptions = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { ...(opts.localAddress ? { localAddress: opts.localAddress } : {}), ...(opts.headers ? { headers: opts.headers } : {}) });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve({ opened: true, ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

/** A socket that records decoded messages and its close code. */
export class Recorder {
  readonly messages: unknown[][] = [];
  closeCode: number | null = null;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.messages.push(decode(new Uint8Array(data)) as unknown[]));
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => {});
  }

  send(msg: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encode(msg));
  }

  of(type: number): unknown[][] {
    return this.messages.filter((m) => m[0] === type);
  }
}

export async function opened(wsUrl: string, opts: FromOptions = {}): Promise<WebSocket> {
  const r = await openFrom(wsUrl, opts);
  if (!r.opened) throw new Error(`upgrade refused with ${r.status}`);
  return r.ws;
}
