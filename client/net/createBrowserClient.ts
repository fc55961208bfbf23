/**
 * A GameClient on the browser's WebSocket, connected to this page's own origin (/ws). The page's
 * `?lag=150&jitter=30` turns on the network simulator for this client (both directions).
 */
import { netSimFromParams } from '../../shared/netcode/DelayQueue.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';

/** ws(s)://<host>/ws for the page's location (the game server, or Vite's proxy in dev). */
export function gameSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function createBrowserClient(opts: { game: AnyGame; name: string; mode?: string; url?: string }): GameClient {
  return new GameClient({
    game: opts.game,
    url: opts.url ?? gameSocketUrl(window.location),
    name: opts.name,
    ...(opts.mode ? { mode: opts.mode } : {}),
    socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
    netSim: netSimFromParams(new URLSearchParams(window.location.search)),
  });
}
