/**
 * The owning node's side of a seat claimed from the cluster's directory: the room (created here
 * at its first claim, onCreate getting the creating request's options), then the room type's
 * admission (the game's seats.canJoin, then the type's onAuth) with the reserving request's
 * options, as the in-memory Matchmaker runs it when it reserves. The directory could not: the
 * room lives here. A room made for this claim and then refused goes at once, as in memory.
 */
import { CLOSE, ERR, sanitizeName, type CloseCode, type ErrCode } from '../../shared/protocol.ts';
import type { Room } from '../rooms/Room.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { ClaimResult } from './ClusterNode.ts';

export type ClaimedRoom = { ok: true; room: Room } | { ok: false; code: ErrCode; close: CloseCode; message: string };

export function roomForClaim(rooms: RoomManager, claim: Extract<ClaimResult, { ok: true }>): ClaimedRoom {
  let room = rooms.get(claim.roomId);
  let created = false;
  if (room === undefined || room.isDisposed) {
    try {
      room = rooms.create(claim.mode, { id: claim.roomId, isPrivate: claim.isPrivate, options: claim.roomOptions, ...(claim.code !== null ? { code: claim.code } : {}) });
      created = true;
    } catch (e) {
      return { ok: false, code: ERR.RoomUnavailable, close: CLOSE.RoomUnavailable, message: e instanceof Error ? e.message : 'room unavailable' };
    }
  }
  const { options } = claim;
  const admission = room.admit({ name: sanitizeName(typeof options.name === 'string' ? options.name : ''), options });
  if (!admission.ok) {
    if (created) rooms.dispose(room);
    return { ok: false, code: ERR.AdmissionRefused, close: CLOSE.AdmissionRefused, message: admission.reason };
  }
  return { ok: true, room };
}
