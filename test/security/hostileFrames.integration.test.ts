/**
 * Regression: a few hundred bytes of msgpackr structured-clone references froze the whole
 * process (seconds at ~320 bytes, over 30 s at ~360) before client messages went through the
 * strict decoder. Against the real server: each frame is answered at once with Malformed, and a
 * player in a room keeps getting States without a gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERR, MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { GameServer } from '../../server/GameServer.ts';
import { deepArrays, nestedReferenceBomb, referenceBomb } from '../../loadtest/fuzz/hostileFrames.ts';
import { client, RawSocket, startServer, until } from '../helpers/net.ts';

let server: GameServer;
let wsUrl: string;

beforeAll(async () => {
  ({ server, wsUrl } = await startServer({}));
});
afterAll(async () => {
  await server.stop();
});

const frames: [string, Uint8Array][] = [
  ['listed references, a byte after (the "end of buffer not reached" text)', referenceBomb(20, true)],
  ['nested references as the type (the "unknown message type" text)', nestedReferenceBomb(26)],
  ['deep arrays', deepArrays(600)],
];

describe('hostile frames against the real server', () => {
  it.each(frames)('%s: answered at once with Malformed, before and after Join, and no tick stalls', async (_what, bytes) => {
    expect(bytes.length).toBeLessThanOrEqual(1024);
    // A player in a room: the gaps between its States show any stall of the process.
    const watcher = client(wsUrl, 'watcher');
    await watcher.connect();
    const gaps: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const t = performance.now();
      gaps.push(t - last);
      last = t;
    }, 10);

    const before = new RawSocket(wsUrl);
    await before.opened;
    const after = new RawSocket(wsUrl);
    await after.opened;
    after.send([MSG.Join, PROTOCOL_VERSION, 'after', 'arena']);
    await until(() => after.messages.some((m) => m[0] === MSG.Welcome), 3000, 'welcome');

    const t0 = performance.now();
    before.sendBytes(bytes);
    after.sendBytes(bytes);
    await until(() => before.errors().length > 0 && after.errors().length > 0, 2000, 'both refusals');
    const replyMs = performance.now() - t0;
    clearInterval(timer);

    expect(before.errors()[0]!.code).toBe(ERR.Malformed);
    expect(after.errors()[0]!.code).toBe(ERR.Malformed);
    expect(before.errors()[0]!.message.length).toBeLessThan(120);
    expect(replyMs).toBeLessThan(250);
    expect(Math.max(...gaps)).toBeLessThan(250);
    // Both stay connected and usable: the refused frame is one violation, not a close.
    before.send([MSG.Ping, 1]);
    await until(() => before.messages.some((m) => m[0] === MSG.Pong), 2000, 'pong');
    expect(before.closeCode).toBe(null);
    before.ws.close();
    after.ws.close();
    watcher.leave();
  });
});
