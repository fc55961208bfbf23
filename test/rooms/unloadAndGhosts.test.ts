/**
 * Closed tabs and rooms of ghosts: a page that says it is unloading ([Leave, 1]) is held only a
 * few seconds (a reload resumes it; a closed tab's seat frees and the others read "left", not
 * "did not come back"), and quick play prefers a room where people are playing over one whose
 * players dropped.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS, MSG, type RoomEvent } from '../../shared/protocol.ts';
import { manager, session } from './fakes.ts';

/** An arena room (20 s reconnect grace) where alice and bob have joined. */
function aliceAndBob() {
  const { rooms, clock } = manager({ reconnectGraceMs: 20_000 });
  const room = rooms.create('arena');
  const a = session(clock, 1);
  const b = session(clock, 2);
  room.join(a.s, 'alice');
  room.join(b.s, 'bob');
  return { clock, room, a, b };
}

describe('a page that unloads', () => {
  it('is held for LIMITS.unloadHoldMs, resumable meanwhile, then has left', () => {
    const { clock, room, a, b } = aliceAndBob();
    const token = a.conn.welcome().reconnectToken!;
    room.disconnect(a.s, LIMITS.unloadHoldMs);
    expect(room.occupancy()).toBe(2);
    // (No "lost connection" line for a page that said goodbye.)
    expect(b.conn.events().some((e) => e.type === 'disconnected')).toBe(false);

    // A reload within the window comes back as the same player.
    clock.advance(LIMITS.unloadHoldMs - 1000);
    const again = session(clock, 3);
    expect(room.resume(again.s, token)).toBe(true);
    expect(again.s.playerId).toBe(a.s.playerId);

    // A closed tab: gone after the window (not the 20 s grace), as "left".
    room.disconnect(again.s, LIMITS.unloadHoldMs);
    clock.advance(LIMITS.unloadHoldMs);
    room.sweep();
    expect(room.occupancy()).toBe(1);
    const left = b.conn.events().filter((e): e is Extract<RoomEvent, { type: 'left' }> => e.type === 'left');
    expect(left.map((e) => [e.name, e.reason])).toEqual([['alice', 'left']]);
  });

  it('a plain drop is still held for the full grace and times out', () => {
    const { clock, room, a, b } = aliceAndBob();
    room.disconnect(a.s);
    clock.advance(LIMITS.unloadHoldMs + 1);
    room.sweep();
    expect(room.occupancy()).toBe(2);
    clock.advance(20_000);
    room.sweep();
    expect(b.conn.events().filter((e) => e.type === 'left').map((e) => (e as { reason: string }).reason)).toEqual(['timeout']);
  });
});

describe('quick play', () => {
  it('prefers a room with players connected over a fuller room of dropped players', () => {
    const { rooms, clock } = manager({ reconnectGraceMs: 20_000 });
    const ghosts = rooms.create('arena');
    for (const id of [1, 2]) {
      const g = session(clock, id);
      ghosts.join(g.s, `ghost${id}`);
      ghosts.disconnect(g.s);
    }
    const live = rooms.create('arena');
    live.join(session(clock, 9).s, 'player');
    expect(ghosts.occupancy()).toBe(2);
    expect(live.occupancy()).toBe(1);
    expect(rooms.findAvailable('arena')).toBe(live);
    // With the same number connected, the fuller room still wins (rooms fill up).
    ghosts.join(session(clock, 10).s, 'back');
    expect(rooms.findAvailable('arena')).toBe(ghosts);
  });

  it('the Leave message takes an unloading flag and nothing else', async () => {
    const { decodeClientMsg } = await import('../../shared/protocol.ts');
    const { encode } = await import('../../shared/codec.ts');
    expect(decodeClientMsg(encode([MSG.Leave, 1]))).toEqual({ ok: true, msg: [MSG.Leave, 1] });
    expect(decodeClientMsg(encode([MSG.Leave]))).toEqual({ ok: true, msg: [MSG.Leave] });
    expect(decodeClientMsg(encode([MSG.Leave, 'x'])).ok).toBe(false);
  });
});
