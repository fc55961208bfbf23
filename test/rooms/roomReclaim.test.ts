/**
 * Rooms nobody joined are reclaimed fast (issue 16): disposed as soon as their last unclaimed
 * seat expires, and, at maxRooms, the oldest of them gives its place to a new room. Also: a
 * join code opens rooms of the mode asked for only. In process, on a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { ERR } from '../../shared/protocol.ts';
import { Matchmaker } from '../../server/matchmaking/Matchmaker.ts';
import { manager, session } from './fakes.ts';
import { arena } from '../../games/arena/index.ts';

function setup(opts: Parameters<typeof manager>[0] = {}) {
  const m = manager({ emptyRoomTtlMs: 5000, ...opts });
  const matchmaker = new Matchmaker(m.rooms, { seatExpiryMs: 15_000 }, { clock: m.clock });
  return { ...m, matchmaker };
}

describe('reclaiming rooms nobody joined', () => {
  it('a room whose only seat expired unclaimed is disposed at once, not after the empty-room time-to-live', () => {
    const { rooms, clock, matchmaker } = setup();
    const r = matchmaker.reserve({ mode: 'arena', action: 'create', options: {} });
    if (!r.ok) throw new Error('reserve failed');
    const room = r.reservation.room;
    clock.advance(15_000);
    rooms.sweep();
    expect(room.isDisposed).toBe(true);
    expect(rooms.rooms.size).toBe(0);
  });

  it('a room its players left still waits for the time-to-live', () => {
    const { rooms, clock, matchmaker } = setup();
    const r = matchmaker.reserve({ mode: 'arena', action: 'create', options: {} });
    if (!r.ok) throw new Error('reserve failed');
    const room = r.reservation.room;
    const { s } = session(clock, 1);
    expect(room.seats.claim(r.reservation.seatToken, clock.now())).toBe(true);
    room.join(s, 'alice');
    room.leave(s);
    rooms.sweep();
    expect(room.isDisposed).toBe(false);
    clock.advance(5000);
    rooms.sweep();
    expect(room.isDisposed).toBe(true);
  });

  it('at maxRooms, a new room takes the place of the oldest room nobody joined (after 3 s), never of a played one', () => {
    const { rooms, clock, matchmaker, stats } = setup({ maxRooms: 3 });
    const reserve = () => matchmaker.reserve({ mode: 'arena', action: 'create', options: {} });
    const played = reserve();
    if (!played.ok) throw new Error('reserve failed');
    played.reservation.room.seats.claim(played.reservation.seatToken, clock.now());
    played.reservation.room.join(session(clock, 1).s, 'alice');
    clock.advance(10);
    const oldest = reserve();
    clock.advance(10);
    const younger = reserve();
    if (!oldest.ok || !younger.ok) throw new Error('reserve failed');
    // Young rooms keep their place: a creator gets time to join.
    const tooSoon = reserve();
    expect(tooSoon).toMatchObject({ ok: false, error: { code: ERR.MaxRooms } });
    clock.advance(3000);
    const fresh = reserve();
    expect(fresh.ok).toBe(true);
    expect(oldest.reservation.room.isDisposed).toBe(true);
    expect(younger.reservation.room.isDisposed).toBe(false);
    expect(played.reservation.room.isDisposed).toBe(false);
    expect(stats.roomsReclaimed).toBe(1);
    // The reclaimed room's seat is gone with it.
    expect(matchmaker.admit('arena', 'late', { seat: oldest.reservation.seatToken })).toMatchObject({ ok: false, code: ERR.SeatInvalid });
    expect(rooms.rooms.size).toBe(3);
  });
});

describe('joinByCode', () => {
  it('opens a room of the mode asked for only', () => {
    const { rooms, matchmaker } = setup();
    rooms.registerRoomType('duel', { capacity: 2, tickRate: 30, game: arena, params: { width: 1200, height: 1200 }, seed: 3 });
    const made = matchmaker.reserve({ mode: 'arena', action: 'create', options: { private: true } });
    if (!made.ok) throw new Error('reserve failed');
    const code = made.reservation.room.code!;
    expect(matchmaker.reserve({ mode: 'duel', action: 'joinByCode', options: { code } })).toMatchObject({ ok: false, error: { code: ERR.BadCode } });
    expect(matchmaker.reserve({ mode: 'arena', action: 'joinByCode', options: { code } })).toMatchObject({ ok: true });
  });
});
