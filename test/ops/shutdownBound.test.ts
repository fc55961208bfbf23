/** The shutdown sequence with a transport whose sockets never report their close: it still ends by the bound. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { DEFAULT_CONFIG, GameServer } from '../../server/GameServer.ts';
import { gracefulShutdown } from '../../server/ops/shutdown.ts';
import type { Connection, SocketHandlers } from '../../server/transport/types.ts';
import { silentLogger } from './opsHelpers.ts';
import { GAMES } from '../../games/index.ts';

function hangingServer(clock: ManualClock) {
  const closedWith: number[] = [];
  let handlers: SocketHandlers | null = null;
  const server = new GameServer(
    { ...DEFAULT_CONFIG, port: 0 },
    {
      clock,
      games: GAMES,
      // Tick loops never fire on their own: the test owns time.
      scheduler: { schedule: () => () => {} },
      transport: (_opts, h) => {
        handlers = h;
        return { listen: async () => 1, stopListening: () => {}, closeAll: (code) => closedWith.push(code) };
      },
    },
  );
  const conn = (id: number): Connection => ({ id, remoteAddress: '127.0.0.1', url: '/ws', send: () => 'ok', bufferedAmount: () => 0, close: () => {}, closed: false, attachment: undefined });
  return { server, closedWith, open: (id: number) => handlers!.open(conn(id)) };
}

describe('gracefulShutdown', () => {
  it('drains, waits the drain delay, closes with 1001, and stops waiting for sockets at the bound', async () => {
    const clock = new ManualClock(1000);
    const { server, closedWith, open } = hangingServer(clock);
    await server.start();
    open(1);
    open(2);
    const slept: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      slept.push(ms);
      expect(server.draining).toBe(true);
      clock.advance(ms);
    };
    const result = await gracefulShutdown(server, silentLogger(), { drainDelayMs: 300, timeoutMs: 1000, sleep, clock }, 'SIGTERM');
    expect(slept[0]).toBe(300);
    expect(closedWith).toEqual([CLOSE.GoingAway]);
    expect(result).toEqual({ clients: 2, unclosed: 2 });
    expect(clock.now() - 1000).toBeLessThan(1000);
    expect(clock.now() - 1000).toBeGreaterThanOrEqual(900);
  });

  it('returns as soon as every socket reported its close', async () => {
    const clock = new ManualClock(0);
    const { server, closedWith } = hangingServer(clock);
    await server.start();
    const result = await gracefulShutdown(server, silentLogger(), { drainDelayMs: 0, timeoutMs: 1000, sleep: async (ms) => clock.advance(ms), clock }, 'SIGINT');
    expect(result).toEqual({ clients: 0, unclosed: 0 });
    expect(closedWith).toEqual([CLOSE.GoingAway]);
    expect(clock.now()).toBe(0);
  });
});
