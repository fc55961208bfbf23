/**
 * The one connect step of a bot, as the browser does it: a seat from the matchmaking API when
 * the server has one (SeatSource), then the WebSocket Join presenting it; without the API, `/ws`
 * and a Join with the mode (the server's own join-or-create). Kept behind this function so the
 * rest of the tool does not care which path was taken.
 */
import type { Clock } from '../shared/clock.ts';
import type { NetSimOptions } from '../shared/netcode/DelayQueue.ts';
import { GameClient } from '../shared/sdk/GameClient.ts';
import type { SocketFactory } from '../shared/sdk/socket.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';
import type { LostRoom } from '../shared/sdk/rematch.ts';
import { baseUrls } from './options.ts';
import type { SeatSource } from './SeatSource.ts';

export interface JoinDeps {
  clock: Clock;
  socketFactory: SocketFactory;
  seats: SeatSource;
  /** Timer for the SDK's reconnection backoff (the worker's TimerQueue). */
  schedule: (fn: () => void, delayMs: number) => () => void;
  random: () => number;
  /** Network simulator on the connection (null: off); its delays run on `schedule`, its draws on `random`. */
  netSim: NetSimOptions | null;
}

export interface JoinedRoom {
  client: GameClient;
  /** From the start of the join (matchmaking included) to Welcome. */
  joinMs: number;
  via: 'matchmaking' | 'direct';
}

/** `http://host:port` (or `ws://host:port`) → `ws://host:port/ws`. */
export function wsUrlOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  u.protocol = u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss:' : 'ws:';
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  return u.toString();
}

export interface JoinRequest {
  baseUrl: string;
  mode: string;
  /** The game the mode plays (loadtest/games.ts finds it). */
  game: AnyGame;
  name: string;
  /** Bot number and how many joins it made before (for `--rooms` planning). */
  index: number;
  attempt: number;
  /** Resume after a lost connection with the Welcome's reconnect token, as the SDK does (chaos). */
  reconnect: boolean;
}

/**
 * A connected, joined client. `onClient` receives the client before its socket opens, so the
 * caller can subscribe to its events and close it on a join timeout. Rejects when the join fails
 * (ApiError from matchmaking, JoinError from the socket).
 */
export async function joinRoom(req: JoinRequest, deps: JoinDeps, onClient: (client: GameClient) => void): Promise<JoinedRoom> {
  const startMs = deps.clock.now();
  const seat = await deps.seats.seatFor(req.mode, req.name, req.index, req.attempt);
  const client = new GameClient({
    game: req.game,
    url: seat ? seat.wsUrl : wsUrlOf(baseUrls(req.baseUrl)[0] ?? req.baseUrl),
    name: req.name,
    mode: req.mode,
    ...(seat ? { seat: seat.seatToken } : {}),
    socketFactory: deps.socketFactory,
    // Buffers, not ArrayBuffers: a message is then copied into Node's buffer pool instead of a
    // fresh ArrayBuffer of its own (a backing store allocated and freed per message).
    binaryType: 'nodebuffer',
    clock: deps.clock,
    pingIntervalMs: 1000,
    ...(req.reconnect ? { reconnect: true } : {}),
    // A quick-play bot whose room is lost for good (node killed or drained) is matchmade again, as the browser is.
    ...(seat && deps.seats.quickPlay ? { rematch: (lost: LostRoom) => deps.seats.rematch(req.name, lost) } : {}),
    schedule: deps.schedule,
    random: deps.random,
    ...(deps.netSim ? { netSim: deps.netSim } : {}),
  });
  onClient(client);
  await client.connect();
  return { client, joinMs: deps.clock.now() - startMs, via: seat ? 'matchmaking' : 'direct' };
}
