/**
 * `npm run loadtest -- --url http://127.0.0.1:8080 --bots 2000 --ramp 200/s --duration 60s
 *    --behavior fighter --report out/ --assert "rtt.p99<100ms,errors=0"`
 * Live status while it runs, a summary table at the end, report.json and report.html, and a
 * non-zero exit code when an assertion fails (2 for bad options).
 */
import { AssertionSyntaxError, evaluateAssertions, parseAssertions, type Assertion } from './assertions.ts';
import { LiveStatus } from './cli/liveStatus.ts';
import { parseCli, usage, type CliSettings } from './cli/parseArgs.ts';
import { OptionError } from './options.ts';
import { summaryTable } from './report/summaryTable.ts';
import { writeReport } from './report/writeReport.ts';
import { startLoadTest } from './runLoadTest.ts';

async function main(argv: string[]): Promise<number> {
  let cli: CliSettings;
  let assertions: Assertion[] = [];
  try {
    cli = parseCli(argv);
    if (cli.assert) assertions = parseAssertions(cli.assert);
  } catch (e) {
    if (e instanceof OptionError || e instanceof AssertionSyntaxError) {
      process.stderr.write(`loadtest: ${e.message}\n\n${usage()}`);
      return 2;
    }
    throw e;
  }
  if (cli.help) {
    process.stdout.write(usage());
    return 0;
  }
  const tty = cli.live === 'auto' && process.stdout.isTTY === true;
  const status = new LiveStatus(process.stdout, tty);
  const run = startLoadTest(cli.run, {
    onProgress: (p) => cli.live !== 'off' && status.update(p),
    onNote: (m) => status.note(m),
  });
  let interrupted = 0;
  const onSignal = (): void => {
    if (++interrupted > 1) process.exit(130);
    status.note('stopping: closing every bot (Ctrl-C again to quit at once)');
    run.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const report = await run.done;
  report.assertions = evaluateAssertions(assertions, report);
  process.stdout.write(`\n${summaryTable(report)}\n`);
  if (cli.reportDir) {
    const files = await writeReport(report, cli.reportDir);
    process.stdout.write(`\nreport: ${files.json}\n        ${files.html}\n`);
  }
  return report.assertions.some((a) => !a.passed) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`loadtest: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(3);
  },
);
