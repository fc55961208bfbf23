/**
 * Seat reservations. `reserve` answers POST /api/matchmake: it finds or creates a room and
 * reserves a seat in it, and `admit` answers the WebSocket Join that presents the seat (or a
 * reconnect token, or nothing: the foundation's join-or-create).
 *
 * Race-free by construction: each call runs start to finish in one turn of the event loop (no
 * await between checking a room's free seats and taking one), and a reserved seat counts
 * against the room's capacity until it is claimed or expires. So concurrent requests can
 * neither overfill a room nor open a second room while one still has space.
 *
 * Seat tokens are `<roomId>.<128 random bits>`: unguessable, and the room is found without a
 * global index. An unclaimed seat expires after seatExpiryMs and frees its place.
 *
 * A request that names its client address is held to that address's quota (AddressQuota):
 * so many unclaimed seats, so many rooms nobody has joined; beyond, ERR.TooManyPending.
 */
import type { Clock } from '../../shared/clock.ts';
import { CLOSE, ERR, sanitizeName, type CloseCode, type ErrCode, type JoinTicket } from '../../shared/protocol.ts';
import type { Room } from '../rooms/Room.ts';
import { RoomUnavailableError, type RoomManager } from '../rooms/RoomManager.ts';
import { normalizeRoomCode } from '../rooms/roomCode.ts';
import { randomToken } from '../rooms/RoomSeats.ts';
import { AddressQuota, type AddressLimits } from './AddressQuota.ts';

export const MATCH_ACTIONS = ['joinOrCreate', 'create', 'joinById', 'joinByCode'] as const;
export type MatchAction = (typeof MATCH_ACTIONS)[number];

export interface MatchRequest {
  mode: string;
  action: MatchAction;
  /** The matchmake request's options: name, private (create), roomId (joinById), code (joinByCode), and any the room type reads. */
  options: Readonly<Record<string, unknown>>;
  /** The client's address (HTTP matchmaking): the per-address quota applies. Absent: it does not. */
  address?: string;
}

export interface Reservation {
  room: Room;
  seatToken: string;
  expiresAtMs: number;
}

export interface MatchError {
  code: ErrCode;
  message: string;
}

export type MatchResult = { ok: true; reservation: Reservation } | { ok: false; error: MatchError };

/** What a Join resolved to: a room and how to enter it, or a refusal with its close code. */
export type Admitted =
  | { ok: true; room: Room; resumeToken: string | null }
  | { ok: false; code: ErrCode; close: CloseCode; message: string };

export interface MatchmakerOptions extends Partial<AddressLimits> {
  /** An unclaimed seat is freed after this long. */
  seatExpiryMs: number;
}

const fail = (code: ErrCode, message: string): { ok: false; error: MatchError } => ({ ok: false, error: { code, message } });

export class Matchmaker {
  readonly quota: AddressQuota;

  constructor(
    private readonly rooms: RoomManager,
    private readonly opts: MatchmakerOptions,
    /**
     * accepting: false while the server drains (no new seats). limited: false for addresses the
     * per-address quota does not apply to (all of them apply by default).
     */
    private readonly deps: { clock: Clock; accepting?: () => boolean; limited?: (address: string) => boolean },
  ) {
    this.quota = new AddressQuota(
      { maxPendingPerAddress: opts.maxPendingPerAddress ?? Infinity, maxUnjoinedRoomsPerAddress: opts.maxUnjoinedRoomsPerAddress ?? Infinity },
      deps.limited ?? (() => true),
    );
  }

  /** Reserve a seat. Synchronous on purpose (see the file comment). */
  reserve(req: MatchRequest): MatchResult {
    if (this.deps.accepting?.() === false) return fail(ERR.RoomUnavailable, 'the server is not taking new players right now');
    if (!this.rooms.hasType(req.mode)) return fail(ERR.RoomUnavailable, `unknown mode "${req.mode}"`);
    const nowMs = this.deps.clock.now();
    const { address } = req;
    const seatRefusal = address === undefined ? null : this.quota.seatRefusal(address, nowMs);
    if (seatRefusal !== null) return fail(ERR.TooManyPending, seatRefusal);
    const create = (isPrivate: boolean): Room => {
      const roomRefusal = address === undefined ? null : this.quota.roomRefusal(address, nowMs);
      if (roomRefusal !== null) throw new RoomUnavailableError(roomRefusal, ERR.TooManyPending);
      return this.rooms.create(req.mode, { isPrivate, options: req.options });
    };
    const name = sanitizeName(typeof req.options.name === 'string' ? req.options.name : '');
    let room: Room;
    let created = false;
    try {
      switch (req.action) {
        case 'joinOrCreate': {
          const found = this.rooms.findAvailable(req.mode, nowMs);
          created = found === null;
          room = found ?? create(false);
          break;
        }
        case 'create':
          room = create(req.options.private === true);
          created = true;
          break;
        case 'joinById': {
          const id = req.options.roomId;
          const found = typeof id === 'string' ? this.rooms.get(id) : undefined;
          // Private rooms are joined by their code only.
          if (!found || found.isPrivate || found.isDisposed || found.opts.type !== req.mode) return fail(ERR.RoomUnavailable, 'no such room: it may have closed');
          room = found;
          break;
        }
        case 'joinByCode': {
          const code = typeof req.options.code === 'string' ? normalizeRoomCode(req.options.code) : null;
          const found = code ? this.rooms.byCode(code) : undefined;
          // Like joinById: a code opens rooms of the mode asked for only.
          if (!found || found.isDisposed || found.opts.type !== req.mode) return fail(ERR.BadCode, 'no room of this mode has this code: check it, or the room may have closed');
          room = found;
          break;
        }
      }
    } catch (e) {
      if (e instanceof RoomUnavailableError) return fail(e.code, e.message);
      throw e;
    }
    room.sweep(nowMs);
    // (A room nobody ever joined goes as soon as its last seat expires: the sweep may have disposed it.)
    if (room.isDisposed) return fail(req.action === 'joinByCode' ? ERR.BadCode : ERR.RoomUnavailable, 'no such room: it may have closed');
    // A room made for this request and then refused (its hooks locked it, or admission said no) goes at once.
    const refused = (error: { ok: false; error: MatchError }): { ok: false; error: MatchError } => {
      if (created) this.rooms.dispose(room);
      return error;
    };
    if (room.isLocked) return refused(fail(ERR.RoomFull, `the room is full (${room.opts.capacity} players)`));
    const admission = room.admit({ name, options: req.options });
    if (!admission.ok) return refused(fail(ERR.AdmissionRefused, admission.reason));
    const seatToken = `${room.id}.${randomToken()}`;
    const expiresAtMs = nowMs + this.opts.seatExpiryMs;
    room.reserveSeat(seatToken, expiresAtMs);
    if (address !== undefined) {
      this.quota.recordSeat(address, room, seatToken);
      if (created) this.quota.recordRoom(address, room);
    }
    return { ok: true, reservation: { room, seatToken, expiresAtMs } };
  }

  /** Resolve a WebSocket Join: claim its seat, find its held player, or join-or-create (no ticket). */
  admit(mode: string, name: string, ticket: JoinTicket | undefined): Admitted {
    const nowMs = this.deps.clock.now();
    if (ticket?.reconnect !== undefined) {
      const room = ticket.roomId !== undefined ? this.rooms.get(ticket.roomId) : undefined;
      const playerId = room?.seats.owner(ticket.reconnect);
      if (!room || playerId === undefined || !(room.sessions.has(playerId) || room.seats.isHeld(ticket.reconnect)) || room.isDisposed) {
        return { ok: false, code: ERR.ReconnectRefused, close: CLOSE.ReconnectRefused, message: 'reconnect refused: the token is not valid for this room, or the grace period is over' };
      }
      return { ok: true, room, resumeToken: ticket.reconnect };
    }
    if (ticket?.seat !== undefined) {
      const roomId = ticket.seat.slice(0, Math.max(0, ticket.seat.indexOf('.')));
      const room = this.rooms.get(roomId);
      if (!room || room.isDisposed || !room.seats.claim(ticket.seat, nowMs)) {
        return { ok: false, code: ERR.SeatInvalid, close: CLOSE.SeatRefused, message: 'seat refused: unknown, already used or expired; matchmake again' };
      }
      return { ok: true, room, resumeToken: null };
    }
    // No ticket: the foundation's join-or-create (bots, tests, old clients).
    const r = this.reserve({ mode, action: 'joinOrCreate', options: { name } });
    if (!r.ok) {
      const close = r.error.code === ERR.AdmissionRefused ? CLOSE.AdmissionRefused : r.error.code === ERR.RoomFull ? CLOSE.RoomFull : CLOSE.RoomUnavailable;
      return { ok: false, code: r.error.code, close, message: r.error.message };
    }
    r.reservation.room.seats.claim(r.reservation.seatToken, nowMs);
    return { ok: true, room: r.reservation.room, resumeToken: null };
  }
}
