/**
 * Recordings as a user meets them: the kept fixtures (a real arena and pong match recorded by the
 * server with --record) verify tick by tick, so a change to a game's step that breaks determinism
 * or changes behaviour without a new fixture fails here; a tampered copy (an input changed, the
 * chunk's CRC made valid again), a damaged one (a byte flipped), one whose shown state was
 * altered, and one cut short are each reported, never accepted silently.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { arena } from '../../games/arena/index.ts';
import { pong } from '../../games/pong/index.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { ByteReader } from '../../shared/replay/bytes.ts';
import { readRecording, type Recording } from '../../shared/replay/frames.ts';
import { Timeline } from '../../shared/replay/Timeline.ts';
import { viewHash } from '../../shared/replay/stateHash.ts';
import { verifyRecording } from '../../shared/replay/verify.ts';
import { runCli } from '../../server/replay/cli.ts';
import { alterAnInput, recodeChunk } from './tamper.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/replay/${name}.rec`, import.meta.url));
const GAMES: Record<string, AnyGame> = { arena, pong };
const read = (bytes: Uint8Array): Promise<Recording> => readRecording(bytes, (h) => GAMES[h.game]?.input.plan ?? null);

describe.each(['arena', 'pong'])('the %s fixture', (name) => {
  const bytes = new Uint8Array(readFileSync(fixture(name)));
  const game = GAMES[name]!;

  it('verifies tick by tick: file, recorded states and the re-simulation', async () => {
    const rec = await read(bytes);
    expect(rec.problems).toEqual([]);
    expect(rec.end?.reason).toBeDefined();
    const result = verifyRecording([rec], game);
    expect(result.failure).toBeNull();
    expect(result.resimulated).toBe(true);
    expect(result.verified).toBe(rec.ticks.length);
    expect(result.verified).toBeGreaterThan(150);
    // Players really played: joins and inputs in it.
    expect(rec.ticks.some((t) => t.ops.some((o) => o.op === 'join'))).toBe(true);
    expect(rec.ticks.reduce((n, t) => n + t.inputs.length, 0)).toBeGreaterThan(100);
  });

  it('npm run replay -- FILE --verify prints "verified N ticks" and exits 0', async () => {
    const r = await runCli([fixture(name), '--verify']);
    expect(r.out).toMatch(/^verified \d+ ticks/m);
    expect(r.code).toBe(0);
  });

  it('a changed input is caught: the re-simulation diverges at that tick, with the entities that differ', async () => {
    const altered = recodeChunk(bytes, 5, (raw) => alterAnInput(raw, game.input.plan.nNum, game.input.plan.nButtons));
    const rec = await read(altered);
    expect(rec.problems).toEqual([]);
    const result = verifyRecording([rec], game);
    expect(result.failure?.kind).toBe('diverged');
    expect(result.failure!.tick).toBeGreaterThan(rec.ticks[0]!.tick);
    expect(result.failure!.diffs.length).toBeGreaterThan(0);
    expect(result.failure!.diffs[0]!.what).toBe('fields');
  });

  it('a flipped byte is reported as damage, with where', async () => {
    const damaged = bytes.slice();
    damaged[Math.floor(damaged.length / 2)]! ^= 0x40;
    const rec = await read(damaged);
    expect(rec.problems.some((p) => p.fatal && /CRC mismatch/.test(p.message))).toBe(true);
    const result = verifyRecording([rec], game);
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('file');
  });

  it('an altered shown state (the State bytes, CRC made valid) does not match its hash', async () => {
    const rec0 = await read(bytes);
    // The first tick's hash rewritten (it follows the tick number, a varint): the shown state no longer matches it.
    const altered = recodeChunk(bytes, 0, (raw) => {
      const out = raw.slice();
      const r = new ByteReader(out);
      r.varint();
      new DataView(out.buffer).setUint32(r.pos, 0xdeadbeef, true);
      return out;
    });
    const rec = await read(altered);
    const result = verifyRecording([rec], game);
    expect(result.failure?.kind).toBe('state');
    expect(result.failure!.tick).toBe(rec0.ticks[0]!.tick);
  });

  it('a file cut short keeps its complete ticks and says it was not closed', async () => {
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    const rec = await read(cut);
    expect(rec.end).toBeNull();
    expect(rec.problems.every((p) => !p.fatal)).toBe(true);
    expect(rec.problems.some((p) => /partial frame|ends inside|no end frame/.test(p.message))).toBe(true);
    const result = verifyRecording([rec], game);
    expect(result.failure).toBeNull();
    expect(result.verified).toBe(rec.ticks.length);
    expect(result.notes.length).toBeGreaterThan(0);
  });

  it('the timeline seeks to any tick through keyframes: the view there hashes to its recorded hash', async () => {
    const rec = await read(bytes);
    const t = new Timeline(rec.ticks, game.kinds);
    for (const tick of [t.lastTick, t.firstTick + 3, Math.floor((t.firstTick + t.lastTick) / 2), t.firstTick]) {
      t.seek(tick);
      expect(t.tick).toBe(tick);
      expect(viewHash(t.view)).toBe(t.record(tick)!.hash);
    }
  });
});

it('a file that is not a recording is refused with a clear error', async () => {
  await expect(read(new TextEncoder().encode('hello, this is not a replay'))).rejects.toThrow(/not a recording/);
  const r = await runCli([fileURLToPath(import.meta.url), '--verify']);
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/not a recording/);
});
