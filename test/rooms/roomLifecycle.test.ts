/** Room lifecycle without a network: seats, lock, hold/resume, leave, expiry, disposal, chat, kill feed, hooks. */
import { describe, expect, it } from 'vitest';
import { PlayerSchema, KIND } from '../../games/arena/shared/kinds.ts';
import { CLOSE, MSG } from '../../shared/protocol.ts';
import { fromRecord, type WireValue } from '../../shared/schema.ts';
import type { Room } from '../../server/rooms/Room.ts';
import type { RoomManager } from '../../server/rooms/RoomManager.ts';
import type { ManualClock } from '../../shared/clock.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { refuse, ADMIT } from '../../server/rooms/RoomType.ts';
import { manager, session } from './fakes.ts';
import { arena } from '../../games/arena/index.ts';
import type { World } from '../../games/arena/shared/world.ts';


/** A manager with an arena room where alice (session 1) and bob (session 2) have joined. */
function aliceAndBob() {
  const { rooms, clock } = manager();
  const room = rooms.create('arena');
  const a = session(clock, 1);
  const b = session(clock, 2);
  room.join(a.s, 'alice');
  room.join(b.s, 'bob');
  return { rooms, clock, room, a, b };
}

describe('room lifecycle', () => {
  it('counts reservations and held players against capacity; locks when full, unlocks when a seat frees', () => {
    const { rooms, clock } = manager();
    const room = rooms.create('arena');
    room.reserveSeat('a', clock.now() + 15_000);
    room.reserveSeat('b', clock.now() + 15_000);
    const p1 = session(clock, 1);
    const p2 = session(clock, 2);
    room.join(p1.s, 'one');
    room.join(p2.s, 'two');
    expect(room.occupancy()).toBe(4);
    expect(room.isLocked).toBe(true);
    expect(rooms.findAvailable('arena')).toBeNull();
    clock.advance(15_000); // both reservations expire
    expect(room.isLocked).toBe(false);
    expect(room.occupancy()).toBe(2);
    room.disconnect(p1.s); // held: still counts
    expect(room.occupancy()).toBe(2);
    room.leave(p2.s);
    expect(room.occupancy()).toBe(1);
    room.lock();
    expect(room.isLocked).toBe(true);
    room.unlock();
    expect(rooms.findAvailable('arena')).toBe(room);
  });

  it('holds a dropped player out of the simulation and resumes the same entity with a full snapshot', () => {
    const { clock, room, a, b } = aliceAndBob();
    const { playerId, reconnectToken } = a.conn.welcome();
    const p = (room.world as World).players.get(playerId)!;
    p.kills = 3;
    p.hp = 40;
    room.queueInput(a.s, { seq: 9, mx: 0, my: 0, aim: 1, fire: false });
    clock.advance(34);
    room.loop.runDue();
    const before = { x: p.x, y: p.y, kills: p.kills, hp: p.hp };
    room.disconnect(a.s);
    expect((room.world as World).players.has(playerId)).toBe(false); // not simulated while held
    expect(b.conn.events()).toContainEqual({ type: 'disconnected', playerId, name: 'alice' });
    clock.advance(5000);
    room.loop.runDue();

    const a2 = session(clock, 3);
    expect(room.resume(a2.s, reconnectToken!)).toBe(true);
    const w = a2.conn.welcome();
    expect(w.playerId).toBe(playerId);
    expect(w.resumed).toBe(true);
    const back = (room.world as World).players.get(playerId)!;
    expect({ x: back.x, y: back.y, kills: back.kills, hp: back.hp }).toEqual(before);
    expect(b.conn.events()).toContainEqual({ type: 'reconnected', playerId, name: 'alice' });
    clock.advance(40);
    room.loop.runDue();
    const states = a2.conn.of(MSG.State);
    expect(states).toHaveLength(1);
    const [, tick, baseTick, added, changed, removed, checksum] = states[0]!;
    expect(baseTick).toBe(0); // a full snapshot
    const view = new ClientView(arena.kinds);
    view.apply(tick as number, 0, added, changed, removed, checksum);
    const mine = view.entities.get(playerId)!;
    expect(mine.kind).toBe(KIND.Player);
    // The ack goes on from the last input taken before the drop.
    expect(fromRecord(PlayerSchema, mine.rec as WireValue[])).toMatchObject({ kills: 3, hp: 40, ack: 9 });
  });

  it('takes over a player whose old connection is still open, closing it with CLOSE.Replaced', () => {
    const { rooms, clock } = manager();
    const room = rooms.create('arena');
    const a = session(clock, 1);
    room.join(a.s, 'alice');
    const a2 = session(clock, 2);
    expect(room.resume(a2.s, a.conn.welcome().reconnectToken!)).toBe(true);
    expect(a.conn.closeCode).toBe(CLOSE.Replaced);
    expect(a.s.room).toBeNull();
    expect(room.sessions.get(a2.conn.welcome().playerId)).toBe(a2.s);
  });

  it('frees the seat at grace expiry (left: timeout) and refuses the token afterwards', () => {
    const { rooms, clock } = manager({ reconnectGraceMs: 1000 });
    const room = rooms.create('arena');
    const a = session(clock, 1);
    const b = session(clock, 2);
    room.join(a.s, 'alice');
    room.join(b.s, 'bob');
    const { playerId, reconnectToken } = a.conn.welcome();
    room.disconnect(a.s);
    clock.advance(1000);
    expect(room.resume(session(clock, 3).s, reconnectToken!)).toBe(false);
    rooms.sweep();
    expect(b.conn.events()).toContainEqual({ type: 'left', playerId, name: 'alice', reason: 'timeout' });
    expect(room.occupancy()).toBe(1);
  });

  it('a deliberate leave frees the seat at once and burns the reconnect token', () => {
    const { rooms, clock } = manager();
    const room = rooms.create('arena');
    const a = session(clock, 1);
    room.join(a.s, 'alice');
    const token = a.conn.welcome().reconnectToken!;
    room.leave(a.s);
    expect(room.occupancy()).toBe(0);
    expect(room.resume(session(clock, 2).s, token)).toBe(false);
  });

  it('disposes a room once empty for its time-to-live, not before; an occupied room stays', () => {
    const { rooms, clock } = manager({ emptyRoomTtlMs: 5000 });
    const room = rooms.create('arena');
    const busy = rooms.create('arena');
    const a = session(clock, 1);
    room.join(a.s, 'alice');
    busy.join(session(clock, 2).s, 'bob');
    room.leave(a.s);
    expectDisposedAfter(5000, rooms, clock, room);
    expect(room.isDisposed).toBe(true);
    expect(rooms.get(busy.id)).toBe(busy);
  });

  it('disposes a room at once when its tick fails, whatever its time-to-live', () => {
    const { rooms, clock } = manager({ emptyRoomTtlMs: 60_000 });
    rooms.registerRoomType('buggy', {
      capacity: 2,
      tickRate: 30,
      game: arena, params: { width: 800, height: 800 },
      hooks: {
        onTick: () => {
          throw new Error('bug in a hook');
        },
      },
    });
    const room = rooms.create('buggy');
    const a = session(clock, 1);
    room.join(a.s, 'alice');
    const quiet = console.error;
    console.error = () => {};
    try {
      clock.advance(50);
      room.loop.runDue();
    } finally {
      console.error = quiet;
    }
    expect(a.conn.closeCode).toBe(1011);
    expect(room.isDisposed).toBe(true);
    expect(rooms.get(room.id)).toBeUndefined();
  });

  it('disposes a room nobody ever took a seat in after the time-to-live', () => {
    const { rooms, clock } = manager({ emptyRoomTtlMs: 5000 });
    expectDisposedAfter(5000, rooms, clock, rooms.create('arena'));
  });

  it('refuses to create past maxRooms with the MaxRooms code', () => {
    const { rooms } = manager({ maxRooms: 2 });
    rooms.create('arena');
    rooms.create('arena');
    expect(() => rooms.create('arena')).toThrow(expect.objectContaining({ code: 13 }));
  });

  it('broadcasts chat as cleaned text, caps its rate, and refuses over-long lines', () => {
    const { clock, room, a, b } = aliceAndBob();
    expect(room.chat(a.s, '  <b>hi</b>\u0007 ')).toEqual({ ok: true, text: '<b>hi</b>' });
    expect(b.conn.of(MSG.ChatLine).at(-1)).toEqual([MSG.ChatLine, a.conn.welcome().playerId, 'alice', '<b>hi</b>']);
    expect(room.chat(a.s, 'x'.repeat(141))).toEqual({ ok: false, reason: 'length' });
    expect(room.chat(a.s, '   ')).toEqual({ ok: false, reason: 'empty' });
    const verdicts = Array.from({ length: 8 }, () => room.chat(a.s, 'spam').ok);
    expect(verdicts.filter(Boolean).length).toBe(4); // burst 5, one used above
    clock.advance(2000);
    expect(room.chat(a.s, 'later').ok).toBe(true);
  });

  it('sends a kill feed event with names', () => {
    const { clock, room, a, b } = aliceAndBob();
    const pa = (room.world as World).players.get(a.conn.welcome().playerId)!;
    const pb = (room.world as World).players.get(b.conn.welcome().playerId)!;
    const right = pa.x < (room.world as World).map.width - 100;
    pb.x = pa.x + (right ? 46 : -46);
    pb.y = pa.y;
    pb.hp = 1;
    room.queueInput(a.s, { seq: 1, mx: 0, my: 0, aim: right ? 0 : Math.PI, fire: true });
    clock.advance(34);
    room.loop.runDue();
    clock.advance(34);
    room.loop.runDue();
    expect(b.conn.events()).toContainEqual({ type: 'announce', announcement: { type: 'kill', killer: pa.id, victim: pb.id, killerName: 'alice', victimName: 'bob' } });
  });

  it('calls the room type hooks: create, admission (may refuse), join, leave, tick, dispose', () => {
    const { rooms, clock } = manager({ emptyRoomTtlMs: 0 });
    const calls: string[] = [];
    rooms.registerRoomType('duel', {
      capacity: 2,
      tickRate: 20,
      game: arena, params: { width: 800, height: 600 },
      hooks: {
        onCreate: (_room, options) => calls.push(`create:${String(options.tag)}`),
        onAuth: (_room, req) => (req.name === 'mallory' ? refuse('not today') : ADMIT),
        onJoin: (_room, _id, name) => calls.push(`join:${name}`),
        onLeave: (_room, _id, reason, name) => calls.push(`leave:${name}:${reason}`),
        onTick: (room: Room) => {
          if (!calls.includes('tick')) calls.push(`tick`);
          expect(room.opts.tickRate).toBe(20);
        },
        onDispose: () => calls.push('dispose'),
      },
    });
    const room = rooms.create('duel', { options: { tag: 'x' } });
    expect(room.admit({ name: 'mallory', options: {} })).toEqual({ ok: false, reason: 'not today' });
    expect(room.admit({ name: 'alice', options: {} }).ok).toBe(true);
    const a = session(clock, 1);
    room.join(a.s, 'alice');
    clock.advance(50);
    room.loop.runDue();
    room.leave(a.s);
    expect(calls).toEqual(['create:x', 'join:alice', 'tick', 'leave:alice:left', 'dispose']);
    expect(() => rooms.registerRoomType('bad', { capacity: 0, tickRate: 20, game: arena, params: { width: 800, height: 600 } })).toThrow(/capacity/);
  });
});

/** The room is still there 1 ms before `ttlMs` and gone at `ttlMs` (the manager's sweep). */
function expectDisposedAfter(ttlMs: number, rooms: RoomManager, clock: ManualClock, room: Room): void {
  clock.advance(ttlMs - 1);
  rooms.sweep();
  expect(rooms.get(room.id)).toBe(room);
  clock.advance(1);
  rooms.sweep();
  expect(rooms.get(room.id)).toBeUndefined();
}
