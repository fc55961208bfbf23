/** The lobby's sentences for each way finding or joining a room can fail. */
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
