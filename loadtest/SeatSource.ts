/**
 * Where a bot's seat comes from, as the browser client gets it: the server's matchmaking API
 * (`POST /api/matchmake`, through the SDK's matchmake()). A server without the API (404 that is
 * not an API error body) switches this worker's bots to the direct `/ws` join-or-create.
 * With `--rooms N` the coordinator created N rooms up front: bot i claims room i's creator
 * seat when i < N, and every other bot joins room (i mod N) by id, so the rooms fill evenly.
 * With several base URLs (a cluster's nodes), calls rotate over them and pass to the next when
 * one does not answer or answers 502/503/504 (a node restarting), as a load balancer would.
 */
import type { SeatReservation } from '../shared/sdk/api.ts';
import type { LostRoom, NewSeat } from '../shared/sdk/rematch.ts';
import { ApiError, matchmake, type FetchLike } from '../shared/sdk/rooms.ts';
import { baseUrls } from './options.ts';

/** Statuses after which another node is worth a try. */
const TRY_NEXT_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);

/** A room created for `--rooms N`, with the seat its creator reserved. */
export interface PlannedRoom {
  roomId: string;
  seatToken: string;
  wsUrl: string;
}

export interface Seat {
  wsUrl: string;
  seatToken: string;
}

/** The server answered 404 without an API error body: it has no matchmaking API. */
export function isMissingApi(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && e.code === 0;
}

/** `http://host:port` for API calls, whatever scheme --url used. */
export function httpBaseOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  if (u.protocol === 'wss:') u.protocol = 'https:';
  return u.origin;
}

/** Node's fetch with a timeout, in the SDK's FetchLike shape. */
export function fetchWithTimeout(timeoutMs: number): FetchLike {
  return (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

export class SeatSource {
  /** null until the first answer; false when the server has no matchmaking API. */
  private available: boolean | null;
  private readonly bases: string[];
  private next = 0;

  constructor(
    baseUrl: string,
    private readonly fetchFn: FetchLike,
    private readonly plan: readonly PlannedRoom[] | null,
  ) {
    this.available = plan && plan.length > 0 ? true : null;
    this.bases = baseUrls(baseUrl).map(httpBaseOf);
  }

  /** Whether this bot's seats come from quick play (so a lost room is replaced by quick play too). */
  get quickPlay(): boolean {
    return this.available !== false && !(this.plan && this.plan.length > 0);
  }

  /** A new quick-play seat after the room was lost for good (the SDK's rematch). */
  async rematch(name: string, lost: LostRoom): Promise<NewSeat> {
    const seat = await this.reserve({ mode: lost.mode, action: 'joinOrCreate', options: { name, leftRoom: lost.roomId } });
    if (seat === null) throw new Error('no matchmaking API');
    return { ...seat, mode: lost.mode };
  }

  get hasApi(): boolean | null {
    return this.available;
  }

  /** A seat for bot `index` (its `attempt`-th join), or null: join directly. Throws ApiError when refused. */
  async seatFor(mode: string, name: string, index: number, attempt: number): Promise<Seat | null> {
    if (this.available === false) return null;
    const plan = this.plan;
    if (plan && plan.length > 0) {
      const own = plan[index];
      if (own && attempt === 0) return { wsUrl: own.wsUrl, seatToken: own.seatToken };
      const room = plan[index % plan.length]!;
      return this.reserve({ mode, action: 'joinById', options: { name, roomId: room.roomId } });
    }
    return this.reserve({ mode, action: 'joinOrCreate', options: { name } });
  }

  private async reserve(req: Parameters<typeof matchmake>[1]): Promise<Seat | null> {
    let r: SeatReservation | null = null;
    let last: unknown = null;
    const start = this.next++ % this.bases.length;
    for (let i = 0; i < this.bases.length && r === null; i++) {
      try {
        r = await matchmake(this.bases[(start + i) % this.bases.length]!, req, this.fetchFn);
      } catch (e) {
        if (isMissingApi(e)) {
          this.available = false;
          return null;
        }
        if (e instanceof ApiError && !TRY_NEXT_STATUS.has(e.status)) throw e;
        last = e;
      }
    }
    if (r === null) throw last;
    this.available = true;
    return { wsUrl: r.wsUrl, seatToken: r.seatToken };
  }
}

/** Create `count` rooms for `--rooms N`. Null when the server has no matchmaking API. */
export async function createRooms(baseUrl: string, mode: string, count: number, namePrefix: string, fetchFn: FetchLike): Promise<PlannedRoom[] | null> {
  const rooms: PlannedRoom[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const r = await matchmake(httpBaseOf(baseUrl), { mode, action: 'create', options: { name: `${namePrefix}${i}` } }, fetchFn);
      rooms.push({ roomId: r.roomId, seatToken: r.seatToken, wsUrl: r.wsUrl });
    } catch (e) {
      if (isMissingApi(e)) return null;
      throw e;
    }
  }
  return rooms;
}
