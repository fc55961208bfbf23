/**
 * Recording on the real server, as an operator uses it: `--record DIR` with load-test bots of
 * both games (the arena's chaos bots leave, rejoin, drop and reconnect), the admin API listing
 * and serving the files and stopping and starting a room's recording, and a graceful stop
 * (SIGTERM) while the bots still play: every recording is closed ('shutdown') and verifies tick
 * by tick in this process (the server was another one).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { arena } from '../../games/arena/index.ts';
import { pong } from '../../games/pong/index.ts';
import { readRecording } from '../../shared/replay/frames.ts';
import { MAGIC } from '../../shared/replay/format.ts';
import { verifyRecording } from '../../shared/replay/verify.ts';
import { recordMatches } from '../../server/replay/recordMatch.ts';
import { startLocalServer } from '../../loadtest/localServer.ts';
import { spawn } from 'node:child_process';

const TOKEN = 'replay-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'replay-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const api = async (base: string, path: string, init: RequestInit = {}): Promise<Response> => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

it('records every room of a bot match, serves it to the admin, and every recording verifies after a graceful stop', { timeout: 90_000 }, async () => {
  const seen: { listed: { file: string; game: string; closed: boolean }[]; downloadedMagic: boolean; restarted: { resimulable: boolean } | null } = { listed: [], downloadedMagic: false, restarted: null };
  const files = await recordMatches({
    dir,
    seconds: 9,
    stopAfterSec: 6,
    matches: [
      { mode: 'arena', bots: 6, behavior: 'chaos' },
      { mode: 'pong', bots: 3 },
    ],
    serverFlags: ['--admin-token', TOKEN],
    during: async (base) => {
      type Listing = { recordings: { file: string; game: string; closed: boolean; roomId: string }[] };
      // The bots' processes take a while to start on a busy machine: wait for both games' rooms.
      let list: Listing = { recordings: [] };
      for (const t0 = Date.now(); Date.now() - t0 < 15_000; await new Promise((r) => setTimeout(r, 200))) {
        list = (await (await api(base, '/admin/api/recordings')).json()) as Listing;
        if (new Set(list.recordings.map((r) => r.game)).size === 2) break;
      }
      seen.listed = list.recordings;
      const one = list.recordings[0]!;
      const bytes = new Uint8Array(await (await api(base, `/admin/api/recordings/file?name=${encodeURIComponent(one.file)}`)).arrayBuffer());
      seen.downloadedMagic = MAGIC.every((b, i) => bytes[i] === b);
      expect((await api(base, '/admin/api/recordings/file?name=..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
      expect((await fetch(`${base}/admin/api/recordings`)).status).toBe(401);
      // Stop the pong room's recording and start it again: the new one starts mid-match.
      const pongRoom = list.recordings.find((r) => r.game === 'pong')!.roomId;
      expect((await api(base, '/admin/api/rooms/record', { method: 'POST', body: JSON.stringify({ roomId: pongRoom, on: false }) })).status).toBe(200);
      expect((await api(base, '/admin/api/rooms/record', { method: 'POST', body: JSON.stringify({ roomId: pongRoom, on: false }) })).status).toBe(409);
      const again = await api(base, '/admin/api/rooms/record', { method: 'POST', body: JSON.stringify({ roomId: pongRoom, on: true }) });
      expect(again.status).toBe(200);
      seen.restarted = (await again.json()) as { resimulable: boolean };
    },
  });
  expect(seen.listed.map((r) => r.game).sort()).toEqual(['arena', 'pong']);
  expect(seen.listed.every((r) => !r.closed)).toBe(true);
  expect(seen.downloadedMagic).toBe(true);
  expect(seen.restarted?.resimulable).toBe(false);
  // arena (one file), pong from its start (stopped by the operator) and pong from mid-match.
  expect(files.length).toBe(3);
  const games = { arena, pong } as const;
  const results = [];
  for (const f of files) {
    const rec = await readRecording(new Uint8Array(readFileSync(f)), (h) => games[h.game as keyof typeof games]?.input.plan ?? null);
    const game = games[rec.header.game as keyof typeof games];
    expect(rec.problems, `${rec.header.game} ${rec.header.states} from ${rec.header.startTick}: ${rec.ticks.length} ticks`).toEqual([]);
    const result = verifyRecording([rec], game);
    expect(result.failure).toBeNull();
    results.push({ game: rec.header.game, start: rec.header.startTick, states: rec.header.states, end: rec.end!.reason, resimulated: result.resimulated, verified: result.verified, joins: rec.ticks.reduce((n, t) => n + t.ops.filter((o) => o.op === 'join').length, 0) });
  }
  const arenaRun = results.find((r) => r.game === 'arena')!;
  // Recorded from its start: the writer thread made its States (re-simulating it), and they verify.
  expect(arenaRun).toMatchObject({ start: 1, states: 'resimulated', end: 'shutdown', resimulated: true });
  // Chaos bots rejoin: more joins than bots.
  expect(arenaRun.joins).toBeGreaterThan(6);
  expect(arenaRun.verified).toBeGreaterThan(100);
  // From mid-match the room hands over its own States.
  expect(results.filter((r) => r.game === 'pong').map((r) => [r.start === 1, r.states, r.end, r.resimulated]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
    [false, 'room', 'shutdown', false],
    [true, 'resimulated', 'stopped', true],
  ]);
});

it('a server killed with SIGKILL loses at most about the last second of its recordings, and what is on disk verifies', { timeout: 60_000 }, async () => {
  const killDir = mkdtempSync(join(tmpdir(), 'replay-kill-'));
  try {
    const server = await startLocalServer(['--record', killDir]);
    const bots = spawn(process.execPath, ['--import', 'tsx', 'loadtest/main.ts', '--url', server.httpUrl, '--mode', 'pong', '--bots', '2', '--duration', '20s', '--workers', '1', '--status', 'off'], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' });
    try {
      const t0 = Date.now();
      while (readdirSync(killDir).length === 0 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 4500));
      process.kill(server.pid, 'SIGKILL');
      const killedAtMs = Date.now();
      await server.exited;
      const file = join(killDir, readdirSync(killDir)[0]!);
      const rec = await readRecording(new Uint8Array(readFileSync(file)), (h) => (h.game === 'pong' ? pong.input.plan : null));
      expect(rec.end).toBeNull();
      expect(rec.problems.some((p) => p.fatal)).toBe(false);
      const playedTicks = ((killedAtMs - rec.header.startedAtMs) / 1000) * rec.header.tickRate;
      const lost = playedTicks - rec.ticks.length;
      // One chunk (a second) at most, plus a little for the tick loop's start and the thread's hand-off.
      expect(lost).toBeLessThan(1.4 * rec.header.tickRate);
      expect(rec.ticks.length).toBeGreaterThan(2 * rec.header.tickRate);
      const result = verifyRecording([rec], pong);
      expect(result.failure).toBeNull();
      expect(result.resimulated).toBe(true);
    } finally {
      bots.kill('SIGTERM');
    }
  } finally {
    rmSync(killDir, { recursive: true, force: true });
  }
});

it('records a room with interest management and debug checksums from its start (its States made by the writer thread), with a keyframe a second, and it verifies', { timeout: 60_000 }, async () => {
  const aoiDir = mkdtempSync(join(tmpdir(), 'replay-aoi-'));
  try {
    const files = await recordMatches({ dir: aoiDir, seconds: 4, matches: [{ mode: 'arena-large', bots: 6 }], serverFlags: ['--record-keyframe-sec', '1', '--debug-checksum', 'on'] });
    expect(files.length).toBe(1);
    const rec = await readRecording(new Uint8Array(readFileSync(files[0]!)), (h) => (h.game === 'arena' ? arena.input.plan : null));
    expect(rec.header).toMatchObject({ mode: 'arena-large', states: 'resimulated' });
    expect(rec.ticks.filter((t) => t.keyframe !== null).length).toBeGreaterThanOrEqual(3);
    const result = verifyRecording([rec], arena);
    expect(result.failure).toBeNull();
    expect(result.resimulated).toBe(true);
    expect(result.verified).toBe(rec.ticks.length);
  } finally {
    rmSync(aoiDir, { recursive: true, force: true });
  }
});
