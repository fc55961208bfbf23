/** The in-memory RoomDirectory: this process's rooms and its Matchmaker (the default, no Redis). */
import type { Clock } from '../../shared/clock.ts';
import type { RoomListing } from '../../shared/sdk/api.ts';
import type { MatchRequest, Matchmaker } from '../matchmaking/Matchmaker.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { DirectoryResult, RoomDirectory } from './RoomDirectory.ts';

export class LocalDirectory implements RoomDirectory {
  constructor(
    private readonly rooms: RoomManager,
    private readonly matchmaker: Matchmaker,
    private readonly clock: Clock,
    private readonly nodeId: string,
  ) {}

  list(mode: string | undefined): RoomListing[] {
    const nowMs = this.clock.now();
    return this.rooms.publicRooms(mode).map((room) => ({
      roomId: room.id,
      mode: room.opts.type,
      players: room.occupancy(nowMs),
      capacity: room.opts.capacity,
      locked: room.isLocked,
      ageSec: Math.floor((nowMs - room.createdAtMs) / 1000),
      node: this.nodeId,
    }));
  }

  /** One synchronous call: no await between finding the seat and reserving it (see Matchmaker). */
  reserve(req: MatchRequest): DirectoryResult {
    const r = this.matchmaker.reserve(req);
    if (!r.ok) return r;
    const { room, seatToken, expiresAtMs } = r.reservation;
    return {
      ok: true,
      seat: { roomId: room.id, mode: room.opts.type, seatToken, wsUrl: null, expiresInMs: Math.max(0, expiresAtMs - this.clock.now()), code: room.code },
    };
  }
}
