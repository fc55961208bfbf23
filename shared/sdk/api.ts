/**
 * The HTTP API of the game server (same port as the WebSocket), as the SDK sees it.
 *
 *   GET  /api/rooms[?mode=arena]  → { rooms: RoomListing[] }          public rooms only
 *   POST /api/matchmake           MatchmakeRequest → SeatReservation   or ApiErrorBody
 *
 * Error bodies carry the same numeric codes as the WebSocket Error message (ERR in protocol.ts).
 */
import { ERR } from '../protocol.ts';

export const MATCHMAKE_ACTIONS = ['joinOrCreate', 'create', 'joinById', 'joinByCode'] as const;
export type MatchmakeAction = (typeof MATCHMAKE_ACTIONS)[number];

export interface MatchmakeOptions {
  /** Player name (the Join's name is what the room shows). */
  name?: string;
  /** create: an unlisted room joined by its code. */
  private?: boolean;
  /** joinById */
  roomId?: string;
  /** joinByCode: 6 characters, case and dashes ignored. */
  code?: string;
  [key: string]: unknown;
}

export interface MatchmakeRequest {
  mode: string;
  action: MatchmakeAction;
  options?: MatchmakeOptions;
}

export interface SeatReservation {
  roomId: string;
  mode: string;
  /** Present it in the WebSocket Join: [Join, version, name, mode, { seat: seatToken }]. */
  seatToken: string;
  wsUrl: string;
  /** Wall-clock time (epoch ms) after which the seat is freed if not claimed. */
  expiresAt: number;
  expiresInMs: number;
  /** Join code, for private rooms. */
  code?: string;
}

export interface RoomListing {
  roomId: string;
  mode: string;
  players: number;
  capacity: number;
  locked: boolean;
  ageSec: number;
  /** Id of the node (server process) that runs the room (--node-id). */
  node?: string;
}

export interface ApiErrorBody {
  error: { code: number; name: string; message: string };
}

/** HTTP status of each API error code. */
export const API_STATUS: Readonly<Record<number, number>> = {
  [ERR.Malformed]: 400,
  [ERR.BadField]: 400,
  [ERR.RoomUnavailable]: 404,
  [ERR.RoomFull]: 409,
  [ERR.BadCode]: 404,
  [ERR.MaxRooms]: 503,
  [ERR.AdmissionRefused]: 403,
  [ERR.RateLimited]: 429,
  [ERR.TooManyPending]: 429,
  [ERR.OriginRefused]: 403,
  [ERR.ClusterUnavailable]: 503,
};

export function errName(code: number): string {
  for (const [name, c] of Object.entries(ERR)) if (c === code) return name;
  return 'Unknown';
}
