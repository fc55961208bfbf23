/** Helpers for room integration tests: a real server, the HTTP API, SDK clients whose sockets can be cut. */
import WebSocket from 'ws';
import { createGameServer } from '../../server/app.ts';
import type { GameServer, GameServerConfig, GameServerDeps } from '../../server/GameServer.ts';
import type { MatchmakeRequest } from '../../shared/sdk/api.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';

export interface Running {
  server: GameServer;
  httpUrl: string;
  wsUrl: string;
}

export async function start(config: Partial<GameServerConfig> = {}, deps: Partial<GameServerDeps> = {}): Promise<Running> {
  const server = createGameServer({ host: '127.0.0.1', port: 0, staticDir: null, ...config }, deps);
  const port = await server.start();
  return { server, httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` };
}

/** POST /api/matchmake; returns the status and the parsed body. */
export async function post(httpUrl: string, request: MatchmakeRequest | Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${httpUrl}/api/matchmake`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A ws socket factory that keeps its sockets, so a test can cut one abruptly (terminate: no close frame). */
export function cuttableSockets(): { factory: (url: string) => SocketLike; sockets: WebSocket[]; cutLast: () => void } {
  const sockets: WebSocket[] = [];
  return {
    sockets,
    factory: (url) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      return ws as unknown as SocketLike;
    },
    cutLast: () => sockets.at(-1)?.terminate(),
  };
}

export const wsFactory = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What driveArena needs of a client (an arena GameClient). */
interface ArenaDriven {
  readonly isOpen: boolean;
  sendInput(input: { mx: number; my: number; aim: number; fire: boolean }): unknown;
}

/** Arena players steering in circles (and firing every `fireEvery` ticks; 0: never), 30 inputs a second each, until the returned stop is called. */
export function driveArena(clients: readonly ArenaDriven[], fireEvery = 0): () => void {
  let t = 0;
  const timer = setInterval(() => {
    t++;
    clients.forEach((c, i) => c.isOpen && c.sendInput({ mx: Math.cos(t / 10 + i), my: Math.sin(t / 7 + i), aim: (t / 5) % 6, fire: fireEvery > 0 && (t + i) % fireEvery === 0 }));
  }, 1000 / 30);
  return () => clearInterval(timer);
}
