/**
 * The load-test tool against a real server started here (with its /metrics): 40 fighter bots
 * on 2 worker threads for 5 s, then 16 pong bots (its default policy, tracker) for 5 s. The bots' byte counts must match the server's own counters
 * within 1 %, the latency figures must be sane, the server's figures must be scraped, and
 * --assert must fail the CLI on an impossible threshold. The HTML report is opened in real
 * Chromium and screenshotted (test-artifacts/loadtest-report.png).
 */
import { launchChromium } from '../helpers/browser.ts';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAssertions, parseAssertions } from '../../loadtest/assertions.ts';
import { DEFAULT_OPTIONS } from '../../loadtest/options.ts';
import type { Report } from '../../loadtest/report/types.ts';
import { writeReport } from '../../loadtest/report/writeReport.ts';
import { startLoadTest } from '../../loadtest/runLoadTest.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import { createLogger } from '../../server/ops/logger.ts';
import { createOpsServer, type OpsServer } from '../../server/ops/opsServer.ts';
import { arena } from '../../games/arena/index.ts';
import { pong } from '../../games/pong/index.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const BOTS = 40;

let ops: OpsServer;
let url = '';
let report: Report;
let serverStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
let outDir = '';

beforeAll(async () => {
  ops = createOpsServer(
    { game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null }, adminToken: null, tls: null, shutdownTimeoutMs: 2000, drainDelayMs: 0 },
    createLogger({ level: 'silent', format: 'json' }),
  );
  const port = await ops.start();
  url = `http://127.0.0.1:${port}`;
  const run = startLoadTest({ ...DEFAULT_OPTIONS, url, bots: BOTS, rampPerSec: 200, durationMs: 5000, workers: 2, behaviors: [{ name: 'fighter', weight: 1 }] });
  report = await run.done;
  const s = ops.server.stats;
  serverStats = { bytesIn: s.bytesIn, bytesOut: s.bytesOut, messagesIn: s.messagesIn, messagesOut: s.messagesOut };
  outDir = mkdtempSync(join(tmpdir(), 'loadtest-report-'));
  await writeReport(report, outDir);
}, 60_000);

afterAll(async () => {
  await ops?.shutdown('test done');
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('a 40-bot run against a real server', () => {
  it('connects every bot through matchmaking, without errors', () => {
    expect(report.options).toMatchObject({ game: 'arena', mode: 'arena', behavior: 'fighter' });
    expect(report.totals.botsPeakConnected).toBe(BOTS);
    expect(report.totals.joinsOk).toBe(BOTS);
    expect(report.joins.matchmaking).toBe(BOTS);
    expect(report.errors.total).toBe(0);
    expect(report.totals.closesExpected).toBe(BOTS);
    expect(report.totals.roomsPeak).toBe(Math.ceil(BOTS / arena.rooms.arena!.capacity));
  });

  it("counts the same bytes and messages as the server's own counters (within 1 %)", () => {
    expect(serverStats.bytesOut).toBeGreaterThan(50_000);
    expect(Math.abs(report.totals.bytesIn - serverStats.bytesOut) / serverStats.bytesOut).toBeLessThan(0.01);
    expect(Math.abs(report.totals.bytesOut - serverStats.bytesIn) / serverStats.bytesIn).toBeLessThan(0.01);
    expect(Math.abs(report.totals.messagesIn - serverStats.messagesOut) / serverStats.messagesOut).toBeLessThan(0.01);
  });

  it('has sane latency figures', () => {
    const { rtt, ack, snapshotInterval, join: joinMs } = report.latency;
    expect(rtt.count).toBeGreaterThanOrEqual(BOTS * 2); // one ping on joining, then one a second
    expect(rtt.min).toBeGreaterThan(0);
    expect(rtt.p50).toBeLessThanOrEqual(rtt.p99);
    expect(rtt.p99).toBeLessThan(1000);
    expect(ack.count).toBeGreaterThan(BOTS * 10); // 30 inputs a second each, fewer on a starved machine
    expect(ack.p50).toBeGreaterThan(0);
    expect(ack.p99).toBeLessThan(2000);
    // 30 Hz: snapshots 33 ms apart on average (a loaded machine delivers them in bursts, so
    // the spread and even the median move, but not the mean).
    expect(snapshotInterval.mean).toBeGreaterThan(25);
    expect(snapshotInterval.mean).toBeLessThan(100);
    expect(joinMs.count).toBe(BOTS);
    expect(report.perBot.snapshotsPerSec).toBeGreaterThan(10);
    expect(report.perBot.snapshotsPerSec).toBeLessThan(40);
  });

  it("scrapes the server's /metrics", () => {
    expect(report.server.available).toBe(true);
    expect(report.server.tickP99MsMax).toBeGreaterThan(0);
    expect(report.server.memoryMBMax).toBeGreaterThan(10);
    expect(report.timeline.some((p) => p.server !== null && p.server.rooms >= 1 && p.server.connections >= 1)).toBe(true);
  });

  it('passes reachable thresholds and fails an impossible one', () => {
    const ok = evaluateAssertions(parseAssertions('rtt.p99<10s,errors=0,bots.connected>=40'), report);
    expect(ok.map((a) => a.passed)).toEqual([true, true, true]);
    const bad = evaluateAssertions(parseAssertions('rtt.p99<0.001ms'), report);
    expect(bad[0]!.passed).toBe(false);
  });

  it('exits non-zero from the CLI when an assertion fails, after writing the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadtest-cli-'));
    try {
      const args = ['--import', 'tsx', repo('loadtest/main.ts'), '--url', url, '--bots', '4', '--duration', '1s', '--workers', '1', '--report', dir, '--assert', 'rtt.p99<0.001ms,errors=0'];
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, args, { cwd: repo(''), stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (c) => resolve({ code: c, stdout: out }));
      });
      expect(stdout).toContain('FAIL  rtt.p99<0.001ms');
      expect(code).toBe(1);
      const written = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(written.assertions.map((a) => a.passed)).toEqual([false, true]);
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a pong run: --mode pong finds the game and plays its default bot policy', () => {
  const PONG_BOTS = 16;
  let pongReport: Report;
  let counted = { bytesIn: 0, bytesOut: 0 };

  beforeAll(async () => {
    const s0 = { bytesIn: ops.server.stats.bytesIn, bytesOut: ops.server.stats.bytesOut };
    pongReport = await startLoadTest({ ...DEFAULT_OPTIONS, url, mode: 'pong', bots: PONG_BOTS, rampPerSec: 200, durationMs: 5000, workers: 1 }).done;
    counted = { bytesIn: ops.server.stats.bytesIn - s0.bytesIn, bytesOut: ops.server.stats.bytesOut - s0.bytesOut };
  }, 60_000);

  it('fills courts of four through matchmaking with tracker bots: no error, no desync', () => {
    expect(pongReport.options).toMatchObject({ game: 'pong', mode: 'pong', behavior: 'tracker' });
    expect(pongReport.totals.botsPeakConnected).toBe(PONG_BOTS);
    expect(pongReport.joins.matchmaking).toBe(PONG_BOTS);
    expect(pongReport.errors.total).toBe(0);
    expect(pongReport.errors.desyncs).toBe(0);
    expect(pongReport.totals.roomsPeak).toBe(PONG_BOTS / pong.rooms.pong!.capacity);
    expect(pongReport.totals.closesExpected).toBe(PONG_BOTS);
  });

  it("runs at the court's 60 Hz, its inputs acknowledged, its bytes the server's", () => {
    expect(pongReport.timeline.at(-1)!.tickRate).toBe(60);
    const { ack, snapshotInterval } = pongReport.latency;
    expect(snapshotInterval.mean).toBeGreaterThan(10);
    expect(snapshotInterval.mean).toBeLessThan(40);
    expect(ack.count).toBeGreaterThan(PONG_BOTS * 20);
    expect(Math.abs(pongReport.totals.bytesIn - counted.bytesOut) / counted.bytesOut).toBeLessThan(0.01);
    expect(Math.abs(pongReport.totals.bytesOut - counted.bytesIn) / counted.bytesIn).toBeLessThan(0.01);
  });
});

describe('report.html', () => {
  it('renders its charts in real Chromium', async () => {
    const browser = await launchChromium({ viewport: { width: 1240, height: 900 } });
    const ctx = browser.context;
    try {
      const page = await ctx.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(outDir, 'report.html')).href);
      const counts = await page.evaluate(() => ({
        charts: document.querySelectorAll('svg.chart').length,
        lines: document.querySelectorAll('svg.chart path.series').length,
        bars: document.querySelectorAll('svg.chart rect.bar').length,
        empty: [...document.querySelectorAll('svg.chart')].filter((s) => s.querySelector('.empty')).map((s) => s.getAttribute('aria-label')),
        chartWidth: document.querySelector('svg.chart')?.getBoundingClientRect().width ?? 0,
      }));
      expect(counts.charts).toBe(12); // 8 over time + 4 histograms
      expect(counts.lines).toBeGreaterThanOrEqual(14);
      expect(counts.bars).toBeGreaterThan(20);
      expect(counts.empty).toEqual([]);
      expect(counts.chartWidth).toBeGreaterThan(500);
      expect(requests.every((u) => u.startsWith('file:'))).toBe(true); // self-contained: no network
      mkdirSync(repo('test-artifacts'), { recursive: true });
      await page.screenshot({ path: repo('test-artifacts/loadtest-report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 30_000);
});
