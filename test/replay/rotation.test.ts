/**
 * A recording past its file's size cap goes on in a next part, which starts with a keyframe and
 * names the part before; verifying any part verifies the whole chain (found beside it), and a
 * part whose predecessor is gone is still checked and watched, though not re-simulated. A server
 * in this process, players on real sockets (one leaves, one drops and resumes: hold and restore).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { arena } from '../../games/arena/index.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { runCli } from '../../server/replay/cli.ts';
import { readRecording } from '../../shared/replay/frames.ts';
import { viewHash } from '../../shared/replay/stateHash.ts';
import { Timeline } from '../../shared/replay/Timeline.ts';
import { cuttableSockets, sleep, start, until, wsFactory } from '../rooms/net.ts';

const dir = mkdtempSync(join(tmpdir(), 'replay-rot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('rotates a recording into parts that verify as one match', { timeout: 40_000 }, async () => {
  const r = await start({ reconnectGraceMs: 5000, record: { dir, all: true, maxFileBytes: 12_000, keepBytes: 0, keyframeEverySec: 1 } });
  const cut = cuttableSockets();
  const clients = [0, 1, 2].map((i) => new GameClient({ game: arena, url: r.wsUrl, name: `p${i}`, mode: 'arena', socketFactory: i === 2 ? cut.factory : wsFactory, reconnect: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 10, giveUpAfterMs: 5000 } }));
  for (const c of clients) await c.connect();
  let t = 0;
  const driver = setInterval(() => {
    t++;
    clients.forEach((c, i) => c.isOpen && !c.reconnecting && c.sendInput({ mx: Math.cos(t / 10 + i), my: Math.sin(t / 7 + i), aim: (t / 5) % 6, fire: (t + i) % 9 === 0 }));
  }, 1000 / 30);
  try {
    await sleep(1500);
    cut.cutLast(); // p2 drops: held, then resumes
    await until(() => clients[2]!.isOpen && !clients[2]!.reconnecting, 8000, 'p2 resumed');
    await sleep(1000);
    clients[1]!.leave();
    await until(() => readdirSync(dir).length >= 3, 20_000, 'three parts');
    // Everyone gone, the room is disposed, and its recording is let go of (not kept until shutdown).
    expect(r.server.recordings.recordingRooms).toBe(1);
    for (const c of clients) c.leave();
    await until(() => r.server.rooms.rooms.size === 0, 10_000, 'the room disposed');
    expect(r.server.recordings.recordingRooms).toBe(0);
  } finally {
    clearInterval(driver);
    for (const c of clients) c.leave();
    await r.server.stop();
  }
  const parts = readdirSync(dir).sort();
  expect(parts.every((f) => /-p\d+\.rec$/.test(f))).toBe(true);
  const lastPart = parts.find((f) => f.endsWith(`-p${parts.length}.rec`))!;
  const whole = await runCli([join(dir, lastPart), '--verify']);
  expect(whole.out).toContain(`${parts.length} part(s)`);
  expect(whole.out).toMatch(/^verified \d+ ticks/m);
  expect(whole.code).toBe(0);
  // Seeking through keyframes (one a second here) lands on each tick's recorded state, backwards and forwards.
  const part1 = await readRecording(new Uint8Array(readFileSync(join(dir, parts.find((f) => f.endsWith('-p1.rec'))!))), () => arena.input.plan);
  const timeline = new Timeline(part1.ticks, arena.kinds);
  expect(timeline.keyframes.length).toBeGreaterThan(2);
  const last = timeline.lastTick;
  for (const tick of [last, timeline.keyframes[1]! + 7, timeline.keyframes[1]! - 1, timeline.firstTick + 1, timeline.keyframes[2]!, last - 3]) {
    timeline.seek(tick);
    expect(viewHash(timeline.view), `tick ${tick}`).toBe(timeline.record(tick)!.hash);
  }
  // Without part 1, part 2 on its own: checked (file and states), not re-simulated, exit 2.
  rmSync(join(dir, parts.find((f) => f.endsWith('-p1.rec'))!));
  const alone = await runCli([join(dir, parts.find((f) => f.endsWith('-p2.rec'))!), '--verify']);
  expect(alone.out).toMatch(/checked \d+ ticks: the file is intact and its recorded states match their hashes; not re-simulated: this is part 2/);
  expect(alone.out).toMatch(/the part before, .*-p1\.rec, is not beside this file/);
  expect(alone.code).toBe(2);
});
