/**
 * A browser closing a page's socket sends 1001 (going away). When the page's own [Leave, 1] was
 * not sent (the page died before its pagehide handler ran), the server still holds the player
 * only LIMITS.unloadHoldMs, not the full reconnect grace: the others read "left" within seconds,
 * with no "lost connection" line. A socket that is lost (1006) is still held for the full grace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arena } from '../../games/arena/index.ts';
import { LIMITS, type RoomEvent } from '../../shared/protocol.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { cuttableSockets, post, sleep, start, until, wsFactory, type Running } from './net.ts';

let r: Running;
beforeAll(async () => {
  r = await start({ reconnectGraceMs: 20_000 });
});
afterAll(async () => {
  await r?.server.stop();
});

const NO_RETRY = { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 1, giveUpAfterMs: 60_000 };

describe('a client socket closed with 1001', () => {
  it('frees its seat after the unload hold, as "left"; a 1006 drop is held for the grace', async () => {
    const watcher = new GameClient({ game: arena, url: r.wsUrl, name: 'watcher', socketFactory: wsFactory });
    const w = await watcher.connect();
    const events: RoomEvent[] = [];
    watcher.on('roomEvent', (e) => events.push(e));

    const join = async (name: string) => {
      const cut = cuttableSockets();
      const seat = await post(r.httpUrl, { mode: 'arena', action: 'joinById', options: { roomId: w.roomId, name } });
      const c = new GameClient({ game: arena, url: seat.body.wsUrl as string, name, seat: seat.body.seatToken as string, socketFactory: cut.factory, reconnect: NO_RETRY });
      expect((await c.connect()).roomId).toBe(w.roomId);
      return cut;
    };
    const closer = await join('closer');
    const dropped = await join('dropped');
    await until(() => ['closer', 'dropped'].every((n) => events.some((e) => e.type === 'joined' && e.name === n)), 5000, 'both joins seen');
    const from = events.length;
    const mine = (name: string) =>
      events.slice(from).filter((e) => 'name' in e && e.name === name).map((e) => [e.type, 'reason' in e ? e.reason : '']);

    const t0 = Date.now();
    closer.sockets[0]!.close(1001, 'page going away');
    dropped.cutLast();
    await until(() => mine('closer').length > 0, LIMITS.unloadHoldMs + 4000, 'closer has left');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(LIMITS.unloadHoldMs - 100);
    expect(mine('closer')).toEqual([['left', 'left']]);
    // The lost socket is still held (it said nothing): "lost connection", and no "left" yet.
    await sleep(500);
    expect(mine('dropped')).toEqual([['disconnected', '']]);
    watcher.leave();
  }, 20_000);
});
