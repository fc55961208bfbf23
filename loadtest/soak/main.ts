/**
 * `npm run soak -- --minutes 10 [--bots 60] [--url http://127.0.0.1:8080]`: chaos bots through
 * the network simulator for M minutes, every State verified; exit 1 on a desync, a handler
 * that threw or a lost server (docs/loadtest.md, "Soak").
 */
import { LoopbackOnlyError, loopbackUrls } from '../fuzz/loopback.ts';
import { parseSoakArgs, SOAK_USAGE, SoakOptionError } from './parseSoakArgs.ts';
import { runSoak, soakReport } from './runSoak.ts';

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseSoakArgs>;
  try {
    parsed = parseSoakArgs(argv);
    if (parsed.options.url !== null) loopbackUrls(parsed.options.url);
  } catch (e) {
    if (e instanceof SoakOptionError || e instanceof LoopbackOnlyError) {
      process.stderr.write(`soak: ${e.message}\n\n${SOAK_USAGE}`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(SOAK_USAGE);
    return 0;
  }
  const out = (l: string): boolean => process.stdout.write(`${l}\n`);
  let result: Awaited<ReturnType<typeof runSoak>>;
  try {
    result = await runSoak(parsed.options, {
      onLine: out,
      onStart: (stop) => {
        let signals = 0;
        const onSignal = (): void => {
          if (++signals > 1) process.exit(130);
          out('stopping: closing every bot, then the server (Ctrl-C again to quit at once)');
          stop();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      },
    });
  } catch (e) {
    if (/no answer from/.test(String((e as Error)?.message))) {
      process.stderr.write(`soak: ${(e as Error).message}: is the server running there?\n`);
      return 2;
    }
    throw e;
  }
  for (const l of soakReport(result)) out(l);
  return result.failures.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`soak: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(3);
  },
);
