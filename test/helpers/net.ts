/** Test helpers: a real server on an ephemeral port and real WebSocket clients. */
import WebSocket from 'ws';
import { decode, encode } from '../../shared/codec.ts';
import { GameClient, type GameClientOptions } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { createGameServer } from '../../server/app.ts';
import type { GameServer, GameServerConfig } from '../../server/GameServer.ts';
import { arena } from '../../games/arena/index.ts';

export async function startServer(config: Partial<GameServerConfig> = {}): Promise<{ server: GameServer; port: number; wsUrl: string; httpUrl: string }> {
  const server = createGameServer({ host: '127.0.0.1', port: 0, staticDir: null, ...config });
  const port = await server.start();
  return { server, port, wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl: `http://127.0.0.1:${port}` };
}

export const wsFactory = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

export function client(wsUrl: string, name: string, opts: Partial<GameClientOptions> = {}): GameClient {
  return new GameClient({ game: arena, url: wsUrl, name, socketFactory: wsFactory, ...opts });
}

/** Resolve when `cond` holds, polling every 10 ms; reject after timeoutMs. */
export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw socket that records decoded server messages and the close code. */
export class RawSocket {
  readonly ws: WebSocket;
  readonly messages: unknown[][] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data: Buffer) => this.messages.push(decode(new Uint8Array(data)) as unknown[]));
    this.ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    this.ws.on('error', () => {});
  }

  send(msg: unknown): void {
    this.ws.send(encode(msg));
  }

  sendBytes(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  errors(): { code: number; message: string }[] {
    return this.messages.filter((m) => m[0] === 67).map((m) => ({ code: m[1] as number, message: m[2] as string }));
  }

  waitClose(timeoutMs = 5000): Promise<void> {
    return until(() => this.closeCode !== null, timeoutMs, 'close');
  }
}
