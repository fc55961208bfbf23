/**
 * The room service from the client side: list public rooms, reserve a seat (matchmake), and
 * join the reserved seat with a GameClient. Uses `fetch` (the browser's, or Node's).
 *
 *   const seat = await matchmake('http://localhost:8080', { mode: 'arena', action: 'joinOrCreate', options: { name } });
 *   const client = await joinRoom(seat, { name, socketFactory, reconnect: true });
 *
 * or, for quick play that follows the player through node deaths and drains (rematch.ts):
 *
 *   const client = await quickPlay('http://localhost:8080', { mode: 'arena', name, socketFactory, reconnect: true });
 *   client.on('moved', () => showToast('moved to a new room'));
 */
import { GameClient, type GameClientOptions } from './GameClient.ts';
import type { ApiErrorBody, MatchmakeRequest, RoomListing, SeatReservation } from './api.ts';
import { quickPlayAgain } from './rematch.ts';

export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

/** The server refused a request; `code` is an ERR code (protocol.ts), `errorName` its name (RoomFull, BadCode, MaxRooms...). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

function isErrorBody(v: unknown): v is ApiErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ApiErrorBody).error?.code === 'number';
}

async function call(fetchFn: FetchLike, url: string, init?: Parameters<FetchLike>[1]): Promise<unknown> {
  const res = await fetchFn(url, init);
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.status === 200) return body;
  if (isErrorBody(body)) throw new ApiError(res.status, body.error.code, body.error.name, body.error.message);
  throw new ApiError(res.status, 0, 'Http', `HTTP ${res.status} from ${url}`);
}

/** Public rooms (optionally of one mode). `httpBase` like http://host:port (no trailing slash). */
export async function listRooms(httpBase: string, mode?: string, fetchFn: FetchLike = defaultFetch): Promise<RoomListing[]> {
  const body = await call(fetchFn, `${httpBase}/api/rooms${mode ? `?mode=${encodeURIComponent(mode)}` : ''}`);
  const rooms = (body as { rooms?: unknown } | null)?.rooms;
  return Array.isArray(rooms) ? (rooms as RoomListing[]) : [];
}

/** Reserve a seat. Throws ApiError (RoomFull, BadCode, MaxRooms, RoomUnavailable, AdmissionRefused...). */
export async function matchmake(httpBase: string, request: MatchmakeRequest, fetchFn: FetchLike = defaultFetch): Promise<SeatReservation> {
  const body = await call(fetchFn, `${httpBase}/api/matchmake`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const r = body as SeatReservation | null;
  if (!r || typeof r.seatToken !== 'string' || typeof r.wsUrl !== 'string') throw new ApiError(500, 0, 'Http', 'malformed reservation');
  // The server builds wsUrl from the Host header and cannot always tell it is behind TLS: we can.
  if (httpBase.startsWith('https://') && r.wsUrl.startsWith('ws://')) r.wsUrl = `wss://${r.wsUrl.slice('ws://'.length)}`;
  return r;
}

/**
 * Join a reserved seat: a GameClient connected to the reservation's room. Rejects with a
 * JoinError (close code CLOSE.SeatRefused when the seat expired or was already used).
 */
export async function joinRoom(
  reservation: Pick<SeatReservation, 'wsUrl' | 'seatToken' | 'mode'>,
  opts: Omit<GameClientOptions, 'url' | 'seat' | 'mode'> & { url?: string },
): Promise<GameClient> {
  const client = new GameClient({ ...opts, url: opts.url ?? reservation.wsUrl, mode: reservation.mode, seat: reservation.seatToken });
  await client.connect();
  return client;
}

/**
 * Quick play (joinOrCreate) and join, with `rematch` set: when the room is lost for good (its node
 * was killed or drained) the client matchmakes again through `httpBases` (the first that answers)
 * and emits `moved`. Rejects like matchmake() and joinRoom().
 */
export async function quickPlay(
  httpBases: string | readonly string[],
  opts: Omit<GameClientOptions, 'url' | 'seat' | 'rematch'> & { fetchFn?: FetchLike; options?: Record<string, unknown> },
): Promise<GameClient> {
  const { fetchFn, options, ...clientOpts } = opts;
  const rematch = quickPlayAgain(httpBases, { name: opts.name, ...(fetchFn ? { fetchFn } : {}), ...(options ? { options } : {}) });
  const seat = await rematch({ roomId: '', mode: opts.mode ?? opts.game.name, code: 0, reason: 'first join' });
  return joinRoom(seat, { ...clientOpts, rematch });
}
