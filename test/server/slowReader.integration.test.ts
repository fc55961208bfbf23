/**
 * Slow readers on the real server: a client whose socket stops draining is skipped (its memory
 * on the server stays bounded), then caught up with one delta against what it really holds, or
 * closed with CLOSE.SlowReader; the other clients keep their tick rate.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE } from '../../shared/protocol.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import type { GameServer } from '../../server/GameServer.ts';
import { client, startServer, until } from '../helpers/net.ts';

const SOFT = 16 * 1024;
const HARD = 512 * 1024;
let server: GameServer;
let wsUrl: string;
const bots: GameClient[] = [];
let driver: ReturnType<typeof setInterval>;

beforeAll(async () => {
  ({ server, wsUrl } = await startServer({
    roomCapacity: 32,
    tickRate: 60,
    softBackpressureBytes: SOFT,
    hardBackpressureBytes: HARD,
    slowReaderTimeoutMs: 5000,
    maxInFlightMs: 500,
    debugChecksum: true,
    session: { messagesPerSec: 200, messageBurst: 200, maxViolationScore: 20 },
  }));
  for (let i = 0; i < 10; i++) bots.push(client(wsUrl, `bot${i}`));
  await Promise.all(bots.map((b) => b.connect()));
  let k = 0;
  driver = setInterval(() => {
    k++;
    for (const b of bots) b.sendInput({ mx: Math.cos(k / 9 + b.playerId), my: Math.sin(k / 7), aim: k / 5, fire: true });
  }, 16);
});

afterAll(async () => {
  clearInterval(driver);
  for (const b of bots) b.leave();
  await server.stop();
});

/** A client whose underlying socket we can pause (stop reading). */
function pausable(name: string): { c: GameClient; ws: () => WebSocket } {
  let ws: WebSocket | null = null;
  const c = client(wsUrl, name, {
    socketFactory: (u) => {
      ws = new WebSocket(u);
      return ws as unknown as SocketLike;
    },
  });
  return { c, ws: () => ws! };
}

function sessionOf(name: string) {
  return [...server.sessions.values()].find((s) => s.name === name);
}

/**
 * The reader stops reading but keeps playing (sending inputs, which acknowledge the last state
 * it applied), as a client on a congested downlink or a frozen render loop would.
 */
async function stall(c: GameClient, ws: WebSocket, name: string, until_: () => boolean, timeoutMs: number): Promise<number> {
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  let maxBuffered = 0;
  const t0 = Date.now();
  while (!until_() && Date.now() - t0 < timeoutMs) {
    c.sendInput({ mx: 0, my: 0, aim: 0, fire: false });
    maxBuffered = Math.max(maxBuffered, sessionOf(name)?.conn.bufferedAmount() ?? 0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return maxBuffered;
}

it('skips a stalled reader with bounded memory, then catches it up with one delta and no desync', async () => {
  const { c, ws } = pausable('slowpoke');
  await c.connect();
  await until(() => c.stats.states > 10, 3000, 'first states');
  const skippedBefore = server.stats.statesSkippedBackpressure;
  const botStates = bots.map((b) => b.stats.states);
  // In sync, it gets the room's one published State like everyone else.
  expect(sessionOf('slowpoke')!.onStateTopic).toBe(true);
  const publishedBefore = server.stats.statesPublished;
  const t0 = Date.now();
  const maxBuffered = await stall(c, ws(), 'slowpoke', () => (sessionOf('slowpoke')?.statesSkipped ?? 0) > 15, 15_000);
  const stalledMs = Date.now() - t0;
  expect(sessionOf('slowpoke')!.statesSkipped).toBeGreaterThan(15);
  // Skipped, it is off the topic (a publish cannot reach it); the others' States were still published.
  expect(sessionOf('slowpoke')!.onStateTopic).toBe(false);
  expect(server.stats.statesPublished - publishedBefore).toBeGreaterThan(bots.length * 15);
  expect(server.stats.statesSkippedBackpressure).toBeGreaterThan(skippedBefore);
  // Memory on the server for this client stays bounded: the soft limit plus what was in flight.
  expect(maxBuffered).toBeLessThan(HARD);
  // Other clients kept their tick rate meanwhile (60 Hz; allow for a busy machine).
  for (const [i, b] of bots.entries()) expect((b.stats.states - botStates[i]!) / (stalledMs / 1000)).toBeGreaterThan(40);

  // It reads again: it must get a catch-up delta against the snapshot it holds, and stay in sync.
  const catchUpsBefore = server.stats.catchUpStates;
  const desyncsBefore = c.stats.desyncs;
  const fullBefore = c.stats.fullStates;
  (ws() as unknown as { _socket: { resume(): void } })._socket.resume();
  // It keeps playing, as a client does: its inputs acknowledge what it has applied.
  const playing = setInterval(() => c.sendInput({ mx: 0, my: 0, aim: 0, fire: false }), 16);
  try {
    await until(() => server.stats.catchUpStates > catchUpsBefore, 20_000, 'a catch-up delta');
    const statesAfter = c.stats.states;
    await until(() => c.stats.states > statesAfter + 30, 10_000, 'states flowing again');
  } finally {
    clearInterval(playing);
  }
  expect(c.stats.desyncs).toBe(desyncsBefore); // checksums on: any wrong view would count here
  expect(c.view.tick).toBeGreaterThan(0);
  // Caught up with a delta, not a full snapshot, and back on the published State.
  expect(c.stats.fullStates).toBe(fullBefore);
  expect(sessionOf('slowpoke')!.onStateTopic).toBe(true);
  c.leave();
}, 40_000);

it('closes a reader that stays stalled with CLOSE.SlowReader; others are unaffected', async () => {
  const { c, ws } = pausable('sloth');
  await c.connect();
  await until(() => c.stats.states > 10, 3000, 'first states');
  const closedBefore = server.stats.closedByCode.get(CLOSE.SlowReader) ?? 0;
  const botStates = bots.map((b) => b.stats.states);
  const t0 = Date.now();
  const maxBuffered = await stall(c, ws(), 'sloth', () => sessionOf('sloth') === undefined, 20_000);
  const ms = Date.now() - t0;
  expect(sessionOf('sloth')).toBeUndefined();
  expect(server.stats.closedByCode.get(CLOSE.SlowReader) ?? 0).toBe(closedBefore + 1);
  expect(maxBuffered).toBeLessThan(HARD);
  for (const [i, b] of bots.entries()) expect((b.stats.states - botStates[i]!) / (ms / 1000)).toBeGreaterThan(40);
  (ws() as unknown as { _socket: { resume(): void } })._socket.resume();
  await until(() => c.closed !== null, 10_000, 'client sees the close');
  expect(c.closed!.code).toBe(CLOSE.SlowReader);
}, 40_000);
