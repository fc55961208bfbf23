/**
 * Re-matchmaking: what a GameClient does when its room is gone for good (its node was killed,
 * drained or shut down) instead of ending. Given a `rematch` function (GameClientOptions), the
 * client asks it for a new seat, joins it on whichever node owns it, and emits `moved`: a
 * quick-play player lands in a new room without the page doing anything but show it.
 *
 * When the client re-matchmakes (see GameClient.dropped and retry):
 * - at once, after a close that says the node is going away: 4017 NodeDraining, 1001 GoingAway;
 * - after a resume the server refused (4011: the room or the held player is gone, 4004, 1001, 4017);
 * - after REMATCH_AFTER_FAILED_RESUMES resumes that could not reach the node (a dead node
 *   refuses connections: there is nothing to resume);
 * - at once after any other lost connection when reconnection is off.
 * Attempts follow the reconnection backoff and its bounds (attempts, time since the drop).
 */
import { CLOSE } from '../protocol.ts';
import type { MatchmakeRequest } from './api.ts';
import { ApiError, matchmake, type FetchLike } from './rooms.ts';

/** The room the client lost, as the rematch function is told it. */
export interface LostRoom {
  roomId: string;
  mode: string;
  /** The close code of the lost connection (or of the refused resume). */
  code: number;
  reason: string;
}

/** A new seat to join: a matchmake reservation (SeatReservation has these fields). */
export interface NewSeat {
  wsUrl: string;
  seatToken: string;
  mode: string;
}

export type Rematch = (lost: LostRoom) => Promise<NewSeat>;

/** Closes after which the room is known to be gone from this node: matchmake again at once. */
export const REMATCH_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE.NodeDraining, CLOSE.GoingAway]);

/** Refusals of a resume that mean the held player is gone: matchmake again. */
export const REMATCH_ON_REFUSAL: ReadonlySet<number> = new Set([CLOSE.ReconnectRefused, CLOSE.RoomUnavailable, CLOSE.GoingAway, CLOSE.NodeDraining]);

/** Resume attempts that could not reach the node before the client matchmakes again. */
export const REMATCH_AFTER_FAILED_RESUMES = 2;

/** HTTP statuses after which another node's HTTP endpoint is worth a try (node down, overloaded, Redis away). */
const TRY_NEXT_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Quick play again (joinOrCreate of the lost room's mode) through the first of `httpBases` that
 * answers: an address that does not answer, or answers 502/503/504, passes to the next (a list
 * of node URLs stands in for a load balancer). The request names the lost room
 * (`options.leftRoom`), so a cluster places the player away from the node that lost it while
 * the registry still lists that node (up to its TTL after a kill -9).
 */
export function quickPlayAgain(httpBases: string | readonly string[], opts: { name?: string; fetchFn?: FetchLike; options?: Record<string, unknown> } = {}): Rematch {
  const bases = typeof httpBases === 'string' ? [httpBases] : [...httpBases];
  if (bases.length === 0) throw new Error('quickPlayAgain: no HTTP base URL');
  let next = 0;
  return async (lost) => {
    const request: MatchmakeRequest = { mode: lost.mode, action: 'joinOrCreate', options: { ...opts.options, ...(opts.name !== undefined ? { name: opts.name } : {}), leftRoom: lost.roomId } };
    let last: unknown = null;
    for (let i = 0; i < bases.length; i++) {
      const base = bases[(next + i) % bases.length]!;
      try {
        const seat = await matchmake(base, request, opts.fetchFn);
        next = (next + i) % bases.length;
        return seat;
      } catch (e) {
        last = e;
        if (e instanceof ApiError && !TRY_NEXT_STATUS.has(e.status)) throw e;
      }
    }
    next = (next + 1) % bases.length;
    throw last;
  };
}
