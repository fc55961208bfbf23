/**
 * Who makes a recording's States. A room recorded from its start has them made by the writer
 * thread, re-simulating it, checked against the room's own state hash at each chunk's end. A
 * room whose world changes outside the step (here a room type's hook moves every player: what a
 * game that is not deterministic looks like to the recorder) differs from its re-simulation: the
 * recording ends ('diverged') with only the chunks that matched, and the room goes on recording
 * its own States. A room recorded from mid-match encodes its own: with interest management no
 * client has the whole room's State, so the room encodes it for the recording alone.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { arena } from '../../games/arena/index.ts';
import type { World } from '../../games/arena/shared/world.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { readRecording } from '../../shared/replay/frames.ts';
import { verifyRecording } from '../../shared/replay/verify.ts';
import { driveArena, sleep, start, until, wsFactory } from '../rooms/net.ts';

const dir = mkdtempSync(join(tmpdir(), 'replay-states-'));
const aoiDir = mkdtempSync(join(tmpdir(), 'replay-states-aoi-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(aoiDir, { recursive: true, force: true });
});

const TAMPER_AT_TICK = 45;

it("a room that differs from its re-simulation is recorded on with the room's own States", { timeout: 30_000 }, async () => {
  const r = await start({ record: { dir, all: true, maxFileBytes: 256 * 1024 * 1024, keepBytes: 0, keyframeEverySec: 1 } });
  r.server.rooms.registerRoomType('arena-tampered', {
    game: arena,
    capacity: 4,
    tickRate: 30,
    params: { width: 900, height: 900 },
    sync: { mode: 'delta' },
    hooks: {
      onTick: (room) => {
        if (room.tick !== TAMPER_AT_TICK) return;
        for (const p of (room.world as World).players.values()) p.x += 3;
      },
    },
  });
  const clients = [0, 1].map((i) => new GameClient({ game: arena, url: r.wsUrl, name: `p${i}`, mode: 'arena-tampered', socketFactory: wsFactory }));
  const stopDriving = driveArena(clients);
  try {
    for (const c of clients) await c.connect();
    await until(() => r.server.recordings.stats.recordingsDiverged === 1, 10_000, 'the divergence found');
    await sleep(1500);
    expect(r.server.recordings.recordingRooms).toBe(1);
  } finally {
    stopDriving();
    for (const c of clients) c.leave();
    await r.server.stop();
  }
  const files = readdirSync(dir).sort();
  expect(files).toHaveLength(2);
  const recs = await Promise.all(files.map((f) => readRecording(new Uint8Array(readFileSync(join(dir, f))), () => arena.input.plan)));
  const first = recs.find((x) => x.header.startTick === 1)!;
  const after = recs.find((x) => x.header.startTick > 1)!;
  // The first: re-simulated States, ended at the last chunk that matched (the tamper's chunk is not in it).
  expect(first.header.states).toBe('resimulated');
  expect(first.end?.reason).toBe('diverged');
  const lastKept = first.ticks.at(-1)!.tick;
  expect(lastKept).toBeLessThan(TAMPER_AT_TICK);
  expect(lastKept).toBeGreaterThan(0);
  const v1 = verifyRecording([first], arena);
  expect(v1.ok).toBe(true);
  expect(v1.resimulated).toBe(true);
  expect(v1.verified).toBe(first.ticks.length);
  // The second: the room's own States from mid-match on, which match their hashes; not re-simulated (it starts mid-match).
  expect(after.header.states).toBe('room');
  expect(after.header.startTick).toBeGreaterThan(TAMPER_AT_TICK);
  expect(after.header.recordingId).not.toBe(first.header.recordingId);
  const v2 = verifyRecording([after], arena);
  expect(v2.ok).toBe(true);
  expect(v2.resimulated).toBe(false);
  expect(v2.verified).toBeGreaterThan(30);
  expect(after.end?.reason).toBe('shutdown');
});

it("a room with interest management recorded from mid-match encodes the whole room's State for the recording, debug checksums and all", { timeout: 30_000 }, async () => {
  const r = await start({ debugChecksum: true, record: { dir: aoiDir, all: false, maxFileBytes: 256 * 1024 * 1024, keepBytes: 0, keyframeEverySec: 1 } });
  const clients = [0, 1, 2].map((i) => new GameClient({ game: arena, url: r.wsUrl, name: `p${i}`, mode: 'arena-large', socketFactory: wsFactory }));
  const stopDriving = driveArena(clients, 11);
  try {
    for (const c of clients) await c.connect();
    await sleep(500);
    const room = [...r.server.rooms.rooms.values()].find((x) => x.opts.type === 'arena-large')!;
    expect(room.tick).toBeGreaterThan(0);
    expect(r.server.recordings.start(room)).toBeNull();
    await sleep(2500);
  } finally {
    stopDriving();
    for (const c of clients) c.leave();
    await r.server.stop();
  }
  const files = readdirSync(aoiDir);
  expect(files).toHaveLength(1);
  const rec = await readRecording(new Uint8Array(readFileSync(join(aoiDir, files[0]!))), () => arena.input.plan);
  expect(rec.header).toMatchObject({ mode: 'arena-large', states: 'room' });
  expect(rec.ticks.filter((x) => x.keyframe !== null).length).toBeGreaterThanOrEqual(2);
  const v = verifyRecording([rec], arena);
  expect(v.failure).toBeNull();
  expect(v.resimulated).toBe(false);
  expect(v.verified).toBe(rec.ticks.length);
  expect(v.verified).toBeGreaterThan(60);
});
