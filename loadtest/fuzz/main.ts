/**
 * `npm run fuzz -- --url http://127.0.0.1:8080 --frames 100000 [--seed S] [--connections C]`:
 * hostile and mutated frames over real WebSockets against a server on this machine, watching
 * it for crashes, stalls and memory that does not come back (docs/loadtest.md, "Fuzzing").
 */
import { LoopbackOnlyError, loopbackUrls } from './loopback.ts';
import { FUZZ_USAGE, FuzzOptionError, parseFuzzArgs } from './parseFuzzArgs.ts';
import { runFuzz, summaryLine } from './runFuzz.ts';

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseFuzzArgs>;
  try {
    parsed = parseFuzzArgs(argv);
    loopbackUrls(parsed.options.url);
  } catch (e) {
    if (e instanceof FuzzOptionError || e instanceof LoopbackOnlyError) {
      process.stderr.write(`fuzz: ${e.message}\n\n${FUZZ_USAGE}`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(FUZZ_USAGE);
    return 0;
  }
  const o = parsed.options;
  process.stdout.write(`fuzz: ${o.frames} frames to ${o.url} over ${o.connections} connections, seed ${o.seed}\n`);
  let result: Awaited<ReturnType<typeof runFuzz>>;
  try {
    result = await runFuzz(o, { onProgress: (l) => process.stdout.write(`  ${l}\n`), onNote: (l) => process.stdout.write(`${l}\n`) });
  } catch (e) {
    if (/no answer from/.test(String((e as Error)?.message))) {
      process.stderr.write(`fuzz: ${(e as Error).message}: is the server running there?\n`);
      return 2;
    }
    throw e;
  }
  const c = result.counts;
  const byCode = (m: Map<number, number>): string => [...m].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${k}: ${n}`).join(', ') || 'none';
  process.stdout.write(`frames by kind: ${Object.entries(result.framesByKind).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
  process.stdout.write(`server errors by code: ${byCode(c.serverErrors)}\ncloses by code: ${byCode(c.closes)}; refused ${c.refused}\n`);
  const w = result.watch;
  process.stdout.write(`worst: /healthz ${w.worstHealthzMs.toFixed(0)} ms, State gap beyond a tick ${w.worstStateGapMs.toFixed(0)} ms, server event-loop delay ${w.worstLoopDelayMs.toFixed(0)} ms (this process's own: ${w.worstSelfDelayMs.toFixed(0)} ms); ticks over 250 ms: ${w.ticksOverTopBucket}; handlers that threw: ${w.messagesFailed}\n`);
  for (const f of result.failures) process.stdout.write(`FAILED ${f}\n`);
  process.stdout.write(`${summaryLine(result)}\n`);
  return result.failures.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`fuzz: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(3);
  },
);
