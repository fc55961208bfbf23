/**
 * One address cannot starve another of rooms (issue 16): a flood of `create` or `joinOrCreate`
 * from 127.0.0.1 is held to that address's quota of unclaimed seats and never-joined rooms,
 * and a player from 127.0.0.2 still gets a room and plays. Real server, real HTTP and WebSocket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ERR, MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { opened, postFrom, Recorder } from '../helpers/fromAddress.ts';
import { start, until, type Running } from './net.ts';

const running: Running[] = [];
const sockets: Recorder[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  for (const r of running.splice(0)) await r.server.stop();
});

async function server(config: Parameters<typeof start>[0] = {}): Promise<Running> {
  const r = await start(config);
  running.push(r);
  return r;
}

/** Claim a reservation's seat from `localAddress` and wait for Welcome and a State. */
async function play(wsUrl: string, seatToken: string, localAddress: string): Promise<Recorder> {
  const rec = new Recorder(await opened(wsUrl, { localAddress }));
  sockets.push(rec);
  rec.send([MSG.Join, PROTOCOL_VERSION, 'player', 'arena', { seat: seatToken }]);
  await until(() => rec.of(MSG.Welcome).length > 0 && rec.of(MSG.State).length > 0, 5000, 'welcome and state');
  return rec;
}

describe('room starvation', () => {
  it('500 creates in a burst from one address take 4 rooms; another address still gets a room and plays', async () => {
    const { server: s, httpUrl, wsUrl } = await server({ maxRooms: 50, limitLoopback: true });
    const flood = await Promise.all(Array.from({ length: 500 }, () => postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'create' }, { localAddress: '127.0.0.1' })));
    const ok = flood.filter((r) => r.status === 200);
    expect(ok.length).toBe(4);
    const refused = flood.filter((r) => r.status === 429);
    expect(refused.length).toBe(496);
    for (const r of refused) expect(r.body.error).toMatchObject({ code: ERR.TooManyPending, name: 'TooManyPending' });
    expect(s.rooms.rooms.size).toBe(4);
    expect(s.stats.matchmakeRefused.get(ERR.TooManyPending)).toBe(496);

    const other = await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'create' }, { localAddress: '127.0.0.2' });
    expect(other.status).toBe(200);
    await play(wsUrl, other.body.seatToken as string, '127.0.0.2');
    const quick = await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, { localAddress: '127.0.0.2' });
    expect(quick.status).toBe(200);
  });

  it('unclaimed seats are bounded per address; claiming one frees its place in the quota', async () => {
    const { httpUrl, wsUrl } = await server({ limitLoopback: true, maxPendingPerAddress: 8, roomCapacity: 4 });
    const seats = [];
    for (let i = 0; i < 10; i++) seats.push(await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, { localAddress: '127.0.0.1' }));
    expect(seats.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    expect(seats[8]!.body.error).toMatchObject({ code: ERR.TooManyPending });
    // Another address is not held to the first one's quota.
    expect((await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, { localAddress: '127.0.0.2' })).status).toBe(200);
    await play(wsUrl, seats[0]!.body.seatToken as string, '127.0.0.1');
    expect((await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, { localAddress: '127.0.0.1' })).status).toBe(200);
    expect((await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, { localAddress: '127.0.0.1' })).status).toBe(429);
  });

  it('loopback is exempt by default (load tests create many rooms from one machine)', async () => {
    const { httpUrl } = await server({ maxRooms: 50 });
    const made = await Promise.all(Array.from({ length: 40 }, () => postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'create' }, { localAddress: '127.0.0.1' })));
    expect(made.every((r) => r.status === 200)).toBe(true);
  });
});
