/** SIGTERM during play, against the real server process (`node --import tsx server/main.ts`). */
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE } from '../../shared/protocol.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import { client, until } from '../helpers/net.ts';
import { freePort, ServerProcess } from './opsHelpers.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

describe('graceful shutdown', () => {
  it('on SIGTERM: /readyz 503 and joins refused while games go on, then every client gets 1001 and the process exits 0 within the bound', async () => {
    const port = await freePort();
    const boundMs = 5000;
    const drainDelayMs = 1500;
    const proc = new ServerProcess([], { PORT: String(port), SHUTDOWN_TIMEOUT_MS: String(boundMs), DRAIN_DELAY_MS: String(drainDelayMs) });
    cleanups.push(() => proc.kill());
    await until(() => proc.find('listening') !== undefined || proc.exit !== null, 20_000, 'the server to listen');
    expect(proc.exit, proc.stderr).toBeNull();
    const httpUrl = `http://127.0.0.1:${port}`;
    const wsUrl = `ws://127.0.0.1:${port}/ws`;

    const players: GameClient[] = ['ann', 'bob', 'cy', 'dee', 'eve'].map((n) => client(wsUrl, n));
    cleanups.push(() => players.forEach((c) => c.leave()));
    await Promise.all(players.map((c) => c.connect()));
    const closes = players.map((c) => new Promise<number>((resolve) => c.on('close', (code) => resolve(code))));
    const play = setInterval(() => players.forEach((c) => c.isOpen && c.sendInput({ mx: 1, my: 0, aim: 0, fire: true })), 33);
    cleanups.push(() => clearInterval(play));
    await until(() => players.every((c) => c.stats.states >= 5), 5000, 'states');
    expect(await status(`${httpUrl}/readyz`)).toBe(200);

    const t0 = performance.now();
    proc.child.kill('SIGTERM');
    // Draining: not ready, joins refused with "going away", but the games go on for the drain delay.
    let ready = 200;
    while (ready === 200 && performance.now() - t0 < 1000) ready = await status(`${httpUrl}/readyz`);
    expect(ready).toBe(503);
    expect(await status(`${httpUrl}/healthz`)).toBe(200);
    const statesAtDrain = players[0]!.stats.states;
    const late = client(wsUrl, 'late');
    await expect(late.connect()).rejects.toThrow(/1001/);
    await until(() => players[0]!.stats.states > statesAtDrain + 2, 1000, 'play to go on while draining');

    expect(await Promise.all(closes)).toEqual(players.map(() => CLOSE.GoingAway));
    await proc.exited;
    const elapsedMs = proc.exit!.atMs - t0;
    expect(proc.exit!.code, proc.stderr).toBe(0);
    expect(elapsedMs).toBeLessThan(boundMs);
    expect(elapsedMs).toBeGreaterThanOrEqual(drainDelayMs - 50); // the drain delay was honoured

    expect(proc.stderr).toBe('');
    expect(proc.logs.filter((l) => l.event === 'error' || (l.level as number) >= 50)).toEqual([]);
    expect(proc.find('shutdown_done')).toMatchObject({ clients: players.length, unclosed: 0 });
    // One structured line per join and per room, with their ids.
    const joins = proc.logs.filter((l) => l.event === 'join');
    expect(joins).toHaveLength(players.length);
    const roomId = players[0]!.welcome!.roomId;
    expect(joins.map((l) => [l.roomId, l.playerId])).toEqual(expect.arrayContaining(players.map((c) => [roomId, c.playerId])));
    expect(proc.logs.filter((l) => l.event === 'room_create')).toEqual([expect.objectContaining({ roomId, roomType: 'arena' })]);
  });
});
