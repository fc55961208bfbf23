/**
 * The netcode on a real-world network, in real Chromium: the page plays through its own network
 * simulator (`?lag=150&jitter=30`: 150 ms RTT ± 30 ms, both directions) with the player moving,
 * and the F3 overlay's figures (its data attributes: totals since joining) must stay within
 * bounds comparable to `npm run bench:netcode`'s 150j30 profile: few starved frames, no
 * prediction corrections, late input ticks rare (the server's adaptive input buffer; without
 * it about one tick in ten finds no input at this jitter), and the input delay reported.
 * The bounds are loose for a busy 2-core machine; the bench's figures are in docs/performance.md.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { start } from '../rooms/net.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';
import { buildClient } from '../helpers/clientBuild.ts';

const WARMUP_MS = 4000;
const MEASURE_MS = 12_000;
/** Change direction this often (the player crosses about 600 units: it stays on the map). */
const LEG_MS = 2400;

interface OverlayFigures {
  rttMs: number;
  frames: number;
  starvedFrames: number;
  corrections: number;
  inputTicks: number;
  lateInputs: number;
  inputDelayTicks: number;
}

const readOverlay = (page: Page): Promise<OverlayFigures> =>
  page.evaluate(() => {
    const d = document.querySelector<HTMLElement>('.net-stats')!.dataset;
    const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));
    return {
      rttMs: num(d.rttMs),
      frames: num(d.frames),
      starvedFrames: num(d.starvedFrames),
      corrections: num(d.corrections),
      inputTicks: num(d.inputTicks),
      lateInputs: num(d.lateInputs),
      inputDelayTicks: num(d.inputDelayTicks),
    };
  });

describe('netcode through the page network simulator (150 ms ± 30 ms)', () => {
  let server: GameServer;
  let browser: LaunchedBrowser;
  let distDir: string;
  let baseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    distDir = await buildClient('rn');
    ({ server, httpUrl: baseUrl } = await start({ staticDir: distDir }));
    browser = await launchChromium({ viewport: { width: 480, height: 320 }, extraArgs: NO_THROTTLING_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('a moving player: few starved frames, no corrections, late inputs rare, input delay a tick or so', async () => {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${baseUrl}/?lag=150&jitter=30`);
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    await page.getByTestId('name').fill('traveller');
    await page.getByTestId('quick-play').click();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.ownPosition() !== null && window.__game.frames > 5, undefined, { timeout: 20_000 });
    await page.bringToFront();
    await page.keyboard.press('F3');
    await expect.poll(async () => (await readOverlay(page)).inputTicks, { timeout: 10_000 }).toBeGreaterThan(0);

    // Walk back and forth across the middle of the map, one key held at a time.
    const { width } = await page.evaluate(() => window.__game!.map);
    const startX = await page.evaluate(() => window.__game!.ownPosition()!.x);
    const keys = startX < width / 2 ? ['d', 'a'] : ['a', 'd'];
    let leg = 0;
    let held = keys[0]!;
    await page.keyboard.down(held);
    const legs = async (ms: number): Promise<void> => {
      for (let t = 0; t < ms; t += LEG_MS) {
        await page.waitForTimeout(Math.min(LEG_MS, ms - t));
        await page.keyboard.up(held);
        held = keys[++leg % 2]!;
        await page.keyboard.down(held);
      }
    };
    await legs(WARMUP_MS); // the clock sync, the send timing and the input buffer settle
    const before = await readOverlay(page);
    await legs(MEASURE_MS);
    const after = await readOverlay(page);
    await page.keyboard.up(held);

    const ticks = after.inputTicks - before.inputTicks;
    const frames = after.frames - before.frames;
    const latePercent = (100 * (after.lateInputs - before.lateInputs)) / ticks;
    const starvedPercent = (100 * (after.starvedFrames - before.starvedFrames)) / frames;
    console.log(`150 ± 30 in the browser: RTT ${after.rttMs} ms, ${ticks} ticks reported, late ${latePercent.toFixed(2)} %, ${frames} frames, starved ${starvedPercent.toFixed(2)} %, corrections ${after.corrections - before.corrections}, input delay ${after.inputDelayTicks} ticks`);
    // The simulator is on, and the figures are real (30 ticks a second, frames drawn).
    expect(after.rttMs).toBeGreaterThan(120);
    expect(ticks).toBeGreaterThan((MEASURE_MS / 1000) * 30 * 0.6);
    expect(frames).toBeGreaterThan((MEASURE_MS / 1000) * 20);
    // The bench: late < 1 %, starvation < 0.5 %, own error 0, at most one tick of delay.
    // Here, on a machine that may be busy (2 shared cores, load average up to 15 seen): late
    // < 8 % (with the buffer 0.5–2 % seen at load 5–15; without it 20–25 %), starvation < 25 %
    // (0.5–3 % seen, 12 % once at load 16: under load the page takes its snapshots late; a
    // broken interpolation delay starves most frames).
    expect(latePercent).toBeLessThan(8);
    expect(starvedPercent).toBeLessThan(25);
    expect(after.corrections - before.corrections).toBeLessThanOrEqual(1);
    expect(after.inputDelayTicks).toBeGreaterThanOrEqual(0); // reported (NaN before the server's first report)
    await page.close();
  }, 90_000);
});
