import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '../../shared/codec.ts';
import { FRAME_HEAD_BYTES, PREAMBLE_BYTES, type RecordingHeader } from '../../shared/replay/format.ts';
import { headerFrame } from '../../shared/replay/frames.ts';
import { openRecording } from './openRecording.ts';

const arena = new Uint8Array(readFileSync(new URL('../../test/fixtures/replay/arena.rec', import.meta.url)));
const headerLength = (bytes: Uint8Array): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(PREAMBLE_BYTES + 1, true);

/** The fixture with its header frame replaced by one of `change` applied. */
function withHeader(change: (h: RecordingHeader) => RecordingHeader): Uint8Array {
  const len = headerLength(arena);
  const header = decode(arena.subarray(PREAMBLE_BYTES + FRAME_HEAD_BYTES, PREAMBLE_BYTES + FRAME_HEAD_BYTES + len)) as RecordingHeader;
  const frame = headerFrame(change(header));
  const rest = arena.subarray(PREAMBLE_BYTES + FRAME_HEAD_BYTES + len);
  const out = new Uint8Array(PREAMBLE_BYTES + frame.length + rest.length);
  out.set(arena.subarray(0, PREAMBLE_BYTES));
  out.set(frame, PREAMBLE_BYTES);
  out.set(rest, PREAMBLE_BYTES + frame.length);
  return out;
}

describe('openRecording', () => {
  it('opens a recording with its installed game', async () => {
    const { recording, game } = await openRecording(arena);
    expect(game.game.name).toBe('arena');
    expect(recording.ticks.length).toBeGreaterThan(100);
    expect(recording.problems).toEqual([]);
  });

  it('refuses what is not a recording, and a game not installed here, saying why', async () => {
    await expect(openRecording(new TextEncoder().encode('hello'))).rejects.toThrow(/^This file cannot be opened: not a recording/);
    await expect(openRecording(withHeader((h) => ({ ...h, game: 'chess' })))).rejects.toThrow(/cannot be opened: .*"chess", which is not installed here/);
  });

  it('opens a recording cut short with what it holds and says so; one of other rules with a note', async () => {
    const cut = await openRecording(arena.subarray(0, Math.floor(arena.length * 0.6)));
    expect(cut.recording.ticks.length).toBeGreaterThan(0);
    expect(cut.recording.problems.map((p) => p.fatal)).toEqual([false, false]);
    expect(cut.recording.problems.map((p) => p.message).join('\n')).toMatch(/the writer stopped mid-write[\s\S]*no end frame/);
    const other = await openRecording(withHeader((h) => ({ ...h, gameVersion: `${h.gameVersion}-old` })));
    expect(other.recording.problems).toEqual([{ fatal: false, message: expect.stringMatching(/^recorded under arena rules version .*-old; this viewer has version/) }]);
  });

  it('refuses a recording whose damage leaves no tick to show', async () => {
    const damaged = arena.slice();
    damaged[PREAMBLE_BYTES + FRAME_HEAD_BYTES + headerLength(arena) + FRAME_HEAD_BYTES + 20]! ^= 0xff;
    await expect(openRecording(damaged)).rejects.toThrow(/holds no tick to show \(frame 2 at byte \d+: CRC mismatch/);
  });
});
