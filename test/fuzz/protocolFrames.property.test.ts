/**
 * A million generated and mutated frames (loadtest/fuzz/FrameSource.ts, the fuzzer's own
 * stream) through the path of server/GameServer.ts handleFrom: the size check, the Input fast
 * path (readNumberArray + inputError) and the strict decoder with message validation
 * (decodeClientMsg). No frame may throw or take long; every refusal has a known code and a
 * short reason that does not quote the frame; the fast path and the decoder agree on every
 * Input; every accepted message re-encodes to the same message.
 */
import { describe, expect, it } from 'vitest';
import { encode, readNumberArray } from '../../shared/codec.ts';
import { decodeStrict } from '../../shared/strictDecode.ts';
import { decodeClientMsg, ERR, inputError, LIMITS, MSG, type ClientMsg, type ErrCode } from '../../shared/protocol.ts';
import { FrameSource } from '../../loadtest/fuzz/FrameSource.ts';

const FRAMES = 1_000_000;
const KNOWN_CODES: ReadonlySet<number> = new Set(Object.values(ERR));
const WINDOW = 8;
const SLOW_MS = 5;

type Verdict = { ok: true; msg: ClientMsg; fast: boolean } | { ok: false; code: ErrCode; reason: string };

const numbers = new Float64Array(8);

/** What handleFrom does with a frame before the game sees it. */
function verdict(bytes: Uint8Array): Verdict {
  if (bytes.length > LIMITS.maxMessageBytes) return { ok: false, code: ERR.Oversize, reason: `message of ${bytes.length} bytes exceeds ${LIMITS.maxMessageBytes}` };
  const n = readNumberArray(bytes, numbers);
  if (n > 0 && numbers[0] === MSG.Input) {
    // The frames are the arena's: three numeric input fields.
    const bad = inputError(numbers, n, 3);
    if (bad !== null) return { ok: false, code: ERR.BadField, reason: bad };
    return { ok: true, fast: true, msg: Array.from(numbers.subarray(0, n)) as ClientMsg };
  }
  const parsed = decodeClientMsg(bytes);
  return parsed.ok ? { ok: true, fast: false, msg: parsed.msg } : parsed;
}

/** Strings of the decoded frame, long enough to recognise when a reason quotes one. */
function stringsOf(v: unknown, out: string[]): string[] {
  if (typeof v === 'string' && v.length >= WINDOW) out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      stringsOf(k, out);
      stringsOf(x, out);
    }
  }
  return out;
}

function quotes(reason: string, strings: readonly string[]): boolean {
  for (const s of strings) for (let i = 0; i + WINDOW <= s.length; i++) if (reason.includes(s.slice(i, i + WINDOW))) return true;
  return false;
}

function timed(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const sameValue = (a: unknown, b: unknown): boolean => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
const hex = (b: Uint8Array): string => Buffer.from(b.subarray(0, 80)).toString('hex') + (b.length > 80 ? '…' : '');

describe('a million fuzzed frames through the server message path', () => {
  it('never throw or stall; refusals are coded and short and do not quote the frame; accepted messages round-trip', () => {
    const source = new FrameSource({ seed: 16, hugeEvery: 0, leaveEvery: 0 });
    const problems: string[] = [];
    const problem = (what: string, bytes: Uint8Array): void => {
      if (problems.length < 10) problems.push(`${what}: ${hex(bytes)}`);
    };
    const accepted = new Map<number, number>();
    const refused = new Map<number, number>();
    // Frames over SLOW_MS are timed again afterwards: a frame that is slow is slow every time, a
    // garbage collection or a busy machine is not (the check is on each frame's best of 3).
    const slow: Uint8Array[] = [];
    const t0 = performance.now();
    for (let i = 0; i < FRAMES; i++) {
      const { bytes } = source.next();
      const start = performance.now();
      let v: Verdict;
      try {
        v = verdict(bytes);
      } catch (e) {
        problem(`threw ${(e as Error)?.name}`, bytes);
        continue;
      }
      if (performance.now() - start > SLOW_MS && slow.length < 100) slow.push(bytes);
      if (!v.ok) {
        refused.set(v.code, (refused.get(v.code) ?? 0) + 1);
        if (!KNOWN_CODES.has(v.code)) problem(`unknown code ${v.code}`, bytes);
        if (v.reason.length === 0 || v.reason.length >= 160) problem(`reason of ${v.reason.length} characters`, bytes);
        const decoded = decodeStrict(bytes, LIMITS);
        if (decoded.ok && quotes(v.reason, stringsOf(decoded.value, []))) problem('the reason quotes the frame', bytes);
        continue;
      }
      accepted.set(v.msg[0], (accepted.get(v.msg[0]) ?? 0) + 1);
      // Both paths accept exactly the same Inputs (the fast path would otherwise be a back door).
      if (v.fast) {
        const slow = decodeClientMsg(bytes);
        if (!slow.ok || !v.msg.every((x, k) => Object.is(x, slow.msg[k]))) problem('the Input fast path and the decoder disagree', bytes);
      }
      const again = decodeClientMsg(encode(v.msg));
      if (!again.ok || !sameValue(again.msg, v.msg)) problem('an accepted message does not round-trip', bytes);
    }
    const seconds = (performance.now() - t0) / 1000;
    let maxFrameMs = 0;
    for (const bytes of slow) {
      const best = Math.min(...[0, 1, 2].map(() => timed(() => verdict(bytes))));
      if (best > maxFrameMs) maxFrameMs = best;
      if (best >= 50) problem(`${best.toFixed(0)} ms for one frame`, bytes);
    }
    console.log(`${FRAMES} frames in ${seconds.toFixed(1)} s; ${slow.length} over ${SLOW_MS} ms once, the slowest of them ${maxFrameMs.toFixed(2)} ms at best; accepted by type ${JSON.stringify([...accepted])}; refused by code ${JSON.stringify([...refused])}`);
    expect(problems).toEqual([]);
    expect(maxFrameMs).toBeLessThan(50);
    expect(seconds).toBeLessThan(30);
    // The stream reaches every message type and every refusal the decoder and validation give.
    for (const type of [MSG.Join, MSG.Input, MSG.Ping, MSG.Resync, MSG.Chat]) expect(accepted.get(type) ?? 0).toBeGreaterThan(1000);
    for (const code of [ERR.Malformed, ERR.UnknownType, ERR.BadField, ERR.Oversize]) expect(refused.get(code) ?? 0).toBeGreaterThan(1000);
  }, 60_000);
});
