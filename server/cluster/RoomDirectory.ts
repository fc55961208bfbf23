/**
 * The boundary between the HTTP room service and where rooms are kept: LocalDirectory (this
 * process's rooms, in memory: the default) or ClusterNode (every node's rooms, in Redis). The
 * in-memory one answers synchronously, so the default path has no await in it.
 */
import type { RoomListing } from '../../shared/sdk/api.ts';
import type { MatchError, MatchRequest } from '../matchmaking/Matchmaker.ts';

export interface DirectorySeat {
  roomId: string;
  mode: string;
  seatToken: string;
  /** The owning node's WebSocket URL; null: this node's (derived from the request). */
  wsUrl: string | null;
  expiresInMs: number;
  code: string | null;
}

export type DirectoryResult = { ok: true; seat: DirectorySeat } | { ok: false; error: MatchError };

export interface RoomDirectory {
  /** Public rooms, optionally of one mode. */
  list(mode: string | undefined): RoomListing[] | Promise<RoomListing[]>;
  /** Reserve a seat (POST /api/matchmake). */
  reserve(req: MatchRequest): DirectoryResult | Promise<DirectoryResult>;
}
