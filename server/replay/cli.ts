/**
 * `npm run replay -- FILE [--verify] [--json]` (docs/replay.md): describe a recording, or verify
 * it — its file, its recorded states, and a headless re-simulation of the whole match with the
 * installed game — and print `verified N ticks`, or the first tick that fails with the entities
 * and fields that differ. A recording cut into parts is verified whole: the parts before and
 * after FILE are found beside it by the names each part gives of its neighbours.
 * Exit codes: 0 verified (or described), 1 a failure (damaged, altered, diverged), 2 cannot
 * verify (not a recording, an unknown game, a recording that starts mid-match), 64 usage.
 */
import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { RecordingError } from '../../shared/replay/bytes.ts';
import { FILE_NAME } from '../../shared/replay/fileName.ts';
import { inputStride } from '../../shared/replay/format.ts';
import { readRecording, type Recording } from '../../shared/replay/frames.ts';
import { verifyRecording, type VerifyResult } from '../../shared/replay/verify.ts';
import { INSTALLED_GAMES } from '../games.ts';

const USAGE = 'usage: npm run replay -- FILE.rec [--verify] [--json]';

export interface CliResult {
  code: number;
  out: string;
}

const gameOf = (name: string): AnyGame | undefined => INSTALLED_GAMES.find((g) => g.name === name);

async function load(path: string): Promise<Recording> {
  const bytes = new Uint8Array(readFileSync(path));
  return readRecording(bytes, (h) => gameOf(h.game)?.input.plan ?? null);
}

/** The parts of FILE's recording, in order, as far as they are beside it. */
async function chain(path: string): Promise<{ parts: Recording[]; missing: string | null }> {
  const dir = dirname(path);
  const start = await load(path);
  const parts = [start];
  let missing: string | null = null;
  for (let r = start; r.header.previous !== null; ) {
    const prev = r.header.previous.file;
    if (!FILE_NAME.test(prev) || !existsSync(join(dir, prev))) {
      missing = prev;
      break;
    }
    r = await load(join(dir, prev));
    parts.unshift(r);
  }
  for (let r = start; r.end?.next; ) {
    const next = r.end.next;
    if (!FILE_NAME.test(next) || !existsSync(join(dir, next))) break;
    r = await load(join(dir, next));
    parts.push(r);
  }
  return { parts, missing };
}

function describe(parts: readonly Recording[], file: string): string {
  const h = parts[0]!.header;
  const ticks = parts.reduce((n, p) => n + p.ticks.length, 0);
  let joins = 0;
  let inputs = 0;
  let keyframes = 0;
  for (const p of parts) {
    for (const t of p.ticks) {
      for (const op of t.ops) if (op.op === 'join') joins++;
      for (const i of t.inputs) inputs += i.values.length;
      if (t.keyframe) keyframes++;
    }
  }
  const bytes = parts.reduce((n, p) => n + p.bytes, 0);
  const last = parts[parts.length - 1]!;
  const game = gameOf(h.game);
  const stride = game ? inputStride(game.input.plan.nNum, game.input.plan.nButtons) : 1;
  return [
    `recording ${file}: ${h.game} (rules ${h.gameVersion}), mode ${h.mode}, room ${h.roomId}, ${parts.length} part(s)`,
    `  started ${new Date(h.startedAtMs).toISOString()} at tick ${h.startTick}; ${ticks} ticks at ${h.tickRate} Hz (${(ticks / h.tickRate).toFixed(1)} s)`,
    `  ${joins} joins, ${Math.round(inputs / stride)} inputs, ${keyframes} keyframes, ${bytes} bytes (${((bytes / Math.max(1, ticks / h.tickRate)) / 1024).toFixed(1)} KiB/s)`,
    `  ended: ${last.end ? `${last.end.reason} at tick ${last.end.lastTick}` : 'not closed'}`,
  ].join('\n');
}

function report(result: VerifyResult, tickRate: number): string {
  const lines: string[] = [];
  for (const n of result.notes) lines.push(`note: ${n}`);
  if (result.failure) {
    const f = result.failure;
    const what = f.kind === 'diverged' ? 'DIVERGED' : f.kind === 'state' ? 'ALTERED' : 'DAMAGED';
    lines.push(`${what} at tick ${f.tick}: ${f.message.replace(/^tick \d+: /, '')}`);
    for (const d of f.diffs) {
      if (d.what === 'fields') lines.push(`  ${d.kind} ${d.id}: ${d.fields.map((x) => `${x.field} recorded ${show(x.recorded)}, re-simulated ${show(x.replayed)}`).join('; ')}`);
      else lines.push(`  ${d.kind} ${d.id}: ${d.what === 'recorded-only' ? 'in the recording only' : d.what === 'replayed-only' ? 'in the re-simulation only' : 'of another kind'}`);
    }
    lines.push(`(${result.verified} ticks verified before it)`);
    return lines.join('\n');
  }
  if (!result.resimulated) {
    lines.push(`checked ${result.verified} ticks: the file is intact and its recorded states match their hashes; not re-simulated: ${result.notResimulated}`);
    return lines.join('\n');
  }
  lines.push(`verified ${result.verified} ticks (${(result.verified / tickRate).toFixed(1)} s): the file is intact, the recorded states match their hashes, and the re-simulation reproduces every tick`);
  return lines.join('\n');
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : String(v));

export async function runCli(argv: readonly string[]): Promise<CliResult> {
  const files = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const f of flags) if (f !== '--verify' && f !== '--json' && f !== '--help') return { code: 64, out: `unknown option ${f.slice(0, 40)}\n${USAGE}` };
  if (flags.has('--help')) return { code: 0, out: USAGE };
  if (files.length !== 1) return { code: 64, out: USAGE };
  const path = files[0]!;
  let parts: Recording[];
  let missing: string | null;
  try {
    ({ parts, missing } = await chain(path));
  } catch (e) {
    if (e instanceof RecordingError || (e as NodeJS.ErrnoException)?.code === 'ENOENT') return { code: 2, out: `${path}: ${(e as Error).message.slice(0, 300)}` };
    throw e;
  }
  const header = parts[0]!.header;
  const game = gameOf(header.game)!;
  const summary = describe(parts, basename(path));
  if (!flags.has('--verify')) return { code: 0, out: flags.has('--json') ? JSON.stringify({ header: { ...header, info: undefined }, parts: parts.length }) : summary };
  const result = verifyRecording(parts, game);
  const code = result.failure ? 1 : result.resimulated ? 0 : 2;
  if (flags.has('--json')) return { code, out: JSON.stringify({ ...result, missingPart: missing }) };
  const extra = missing !== null ? `\nnote: the part before, ${missing}, is not beside this file` : '';
  return { code, out: `${summary}\n${report(result, header.tickRate)}${extra}` };
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  runCli(process.argv.slice(2)).then(
    (r) => {
      process.stdout.write(`${r.out}\n`);
      process.exitCode = r.code;
    },
    (e: unknown) => {
      process.stderr.write(`replay: ${String((e as Error)?.stack ?? e)}\n`);
      process.exitCode = 1;
    },
  );
}
