/** Client side of the rooms: the lobby's sentences for each failure, and the SDK's matchmake(). */
import { describe, expect, it } from 'vitest';
import { explain } from '../../client/lobby/messages.ts';
import { CLOSE, ERR } from '../../shared/protocol.ts';
import { JoinError } from '../../shared/sdk/GameClient.ts';
import { ApiError } from '../../shared/sdk/rooms.ts';

describe('lobby messages', () => {
  it('names the problem for full rooms, wrong codes, the room limit, refusals and expired seats', () => {
    expect(explain(new ApiError(409, ERR.RoomFull, 'RoomFull', 'x'))).toMatch(/full/);
    expect(explain(new ApiError(404, ERR.BadCode, 'BadCode', 'x'), { code: 'ABCDEF' })).toMatch(/No room has the code "ABCDEF"/);
    expect(explain(new ApiError(503, ERR.MaxRooms, 'MaxRooms', 'x'))).toMatch(/no room left/);
    expect(explain(new ApiError(403, ERR.AdmissionRefused, 'AdmissionRefused', 'bots only'))).toMatch(/bots only/);
    expect(explain(new JoinError(CLOSE.SeatRefused, 'seat refused', { code: ERR.SeatInvalid, message: 'm' }))).toMatch(/seat expired/);
    expect(explain(new JoinError(CLOSE.RoomFull, '', null))).toMatch(/filled up/);
    expect(explain(new TypeError('fetch failed'))).toMatch(/Cannot reach the server/);
  });
});

describe('matchmake() over https', () => {
  it('upgrades the reservation to wss:// when it reached the server over https', async () => {
    const { matchmake } = await import('../../shared/sdk/rooms.ts');
    const reply = { roomId: 'r', mode: 'arena', seatToken: 'r.t', wsUrl: 'ws://game.example/ws', expiresAt: 0, expiresInMs: 15000 };
    const fetchFn = async () => ({ status: 200, json: async () => ({ ...reply }) });
    expect((await matchmake('https://game.example', { mode: 'arena', action: 'joinOrCreate' }, fetchFn)).wsUrl).toBe('wss://game.example/ws');
    expect((await matchmake('http://game.example', { mode: 'arena', action: 'joinOrCreate' }, fetchFn)).wsUrl).toBe('ws://game.example/ws');
  });
});
