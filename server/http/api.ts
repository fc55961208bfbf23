/**
 * HTTP routes of the room service: the public room list and seat reservations. JSON in and
 * out; every bad request gets a typed error body (shared/sdk/api.ts) rather than an exception.
 */
import type { Clock } from '../../shared/clock.ts';
import { ERR, LIMITS, type ErrCode } from '../../shared/protocol.ts';
import { API_STATUS, errName, type ApiErrorBody, type RoomListing, type SeatReservation } from '../../shared/sdk/api.ts';
import type { DirectoryResult, RoomDirectory } from '../cluster/RoomDirectory.ts';
import { MATCH_ACTIONS, type MatchAction } from '../matchmaking/Matchmaker.ts';
import type { HttpReply, HttpRequest, Route } from '../transport/types.ts';
import { RateLimiter } from './RateLimiter.ts';

export interface ApiDeps {
  /** Where rooms are listed and seats reserved: this process (LocalDirectory) or the cluster (ClusterNode). */
  directory: RoomDirectory;
  clock: Clock;
  /** Wall clock for `expiresAt` (epoch ms); Date.now by default. */
  wallNowMs?: () => number;
  /** Matchmake calls per second and burst allowed per client address (a seat holds a place for a while). */
  matchmakeLimit?: { perSec: number; burst: number };
  /** The client's address (the peer's, or a trusted proxy's forwarded one); the peer's by default. */
  clientAddress?: (req: HttpRequest) => string;
  /** The wsUrl of a reply, from configuration, never from the request alone (see PublicEndpoint). */
  wsUrl: (req: HttpRequest) => string;
  /**
   * May a page of this origin (the request's Origin header, '' when absent) matchmake? Browsers
   * send it on every cross-site POST: a page elsewhere cannot spend its visitors' seats and rooms.
   */
  allowsOrigin?: (origin: string) => boolean;
  /** Called with the code of every refused matchmake call (counted for /metrics). */
  onRefused?: (code: ErrCode) => void;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

const json = (status: number, body: unknown): HttpReply => ({ status, headers: JSON_HEADERS, body: JSON.stringify(body) });

function apiError(code: number, message: string): HttpReply {
  const body: ApiErrorBody = { error: { code, name: errName(code), message } };
  return json(API_STATUS[code] ?? 400, body);
}

function parseBody(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function apiRoutes(deps: ApiDeps): Route[] {
  const wallNowMs = deps.wallNowMs ?? Date.now;

  const listRooms = (req: HttpRequest): HttpReply | Promise<HttpReply> => {
    const mode = req.query.get('mode') ?? undefined;
    const rooms = deps.directory.list(mode);
    if (!(rooms instanceof Promise)) return json(200, { rooms });
    return rooms.then(
      (list: RoomListing[]) => json(200, { rooms: list }),
      () => apiError(ERR.ClusterUnavailable, 'the room directory (Redis) is unreachable: try again in a few seconds'),
    );
  };

  const limit = deps.matchmakeLimit ?? { perSec: 200, burst: 2000 };
  const limiter = new RateLimiter(limit.perSec, limit.burst, deps.clock);

  const clientAddress = deps.clientAddress ?? ((req: HttpRequest) => req.remoteAddress);
  const refuse = (code: ErrCode, message: string): HttpReply => {
    deps.onRefused?.(code);
    return apiError(code, message);
  };

  const matchmake = (req: HttpRequest): HttpReply | Promise<HttpReply> => {
    if (deps.allowsOrigin && !deps.allowsOrigin(req.headers.get('origin') ?? '')) {
      return refuse(ERR.OriginRefused, "this page's origin may not matchmake on this server (see --allowed-origins)");
    }
    const address = clientAddress(req);
    if (!limiter.take(address)) {
      return refuse(ERR.RateLimited, `too many matchmake calls from this address (at most ${limit.perSec} a second, bursts of ${limit.burst})`);
    }
    const body = parseBody(req.body);
    if (!body) return refuse(ERR.Malformed, 'body must be a JSON object');
    const { mode, action, options = {} } = body;
    if (typeof mode !== 'string' || mode.length === 0 || mode.length > LIMITS.modeMaxLength) return refuse(ERR.BadField, 'mode must be a short string');
    if (typeof action !== 'string' || !(MATCH_ACTIONS as readonly string[]).includes(action)) {
      return refuse(ERR.BadField, `action must be one of ${MATCH_ACTIONS.join(', ')}`);
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return refuse(ERR.BadField, 'options must be an object');
    // In memory: one synchronous call (no await between finding the seat and reserving it). In
    // a cluster: one Redis script, atomic in the same way.
    const r = deps.directory.reserve({ mode, action: action as MatchAction, options: options as Record<string, unknown>, address });
    // (The request is read now: uWS's request object is valid only during this call.)
    const ownWsUrl = deps.wsUrl(req);
    return r instanceof Promise ? r.then((result) => seatReply(result, ownWsUrl)) : seatReply(r, ownWsUrl);
  };

  const seatReply = (r: DirectoryResult, ownWsUrl: string): HttpReply => {
    if (!r.ok) return refuse(r.error.code, r.error.message);
    const { seat } = r;
    const expiresInMs = Math.round(seat.expiresInMs);
    const reply: SeatReservation = {
      roomId: seat.roomId,
      mode: seat.mode,
      seatToken: seat.seatToken,
      // The owning node's URL in a cluster; this node's otherwise.
      wsUrl: seat.wsUrl ?? ownWsUrl,
      expiresAt: Math.round(wallNowMs() + expiresInMs),
      expiresInMs,
      ...(seat.code !== null ? { code: seat.code } : {}),
    };
    return json(200, reply);
  };

  return [
    { method: 'GET', path: '/api/rooms', handler: listRooms },
    { method: 'POST', path: '/api/matchmake', handler: matchmake },
  ];
}
