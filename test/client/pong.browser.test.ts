/**
 * Pong in real Chromium against the real server, through the lobby: page A picks pong in the
 * lobby's game picker, page B opens the lobby with `?game=pong`; both Quick play into one court.
 * Both see the court, the scores and the ball moving; the match goes from its countdown to play;
 * A's paddle moves by keyboard (on A's screen at once, and on B's). Screenshots go to
 * test-artifacts/ (docs/client.md shows them).
 *
 * Needs pong in games/index.ts (the server hosts it, the lobby offers it) and the generic input
 * wire (a pong Input carries `move`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { start } from '../rooms/net.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';
import { buildClient } from '../helpers/clientBuild.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ARTIFACTS = repo('test-artifacts');

describe('pong in the browser', () => {
  let server: GameServer;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let distDir: string;
  let baseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // A build of our own (not dist/client), so the other browser tests' builds cannot race ours.
    distDir = await buildClient('pong');
    ({ server, httpUrl: baseUrl } = await start({ staticDir: distDir }));
    browser = await launchChromium({ viewport: { width: 960, height: 640 }, extraArgs: NO_THROTTLING_ARGS });
    context = browser.context;
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  const open = async (path: string, label: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
    await page.goto(`${baseUrl}${path}`);
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    return page;
  };

  const quickPlay = async (page: Page, name: string): Promise<void> => {
    await page.getByTestId('name').fill(name);
    await page.getByTestId('quick-play').click();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.game === 'pong' && window.__game.ownSide() !== null && window.__game.frames > 5, undefined, { timeout: 20_000 });
  };

  const phase = (page: Page): Promise<string | null> => page.evaluate(() => window.__game!.match()?.phase ?? null);
  const ownPaddle = (page: Page): Promise<{ x: number; y: number; side: string }> =>
    page.evaluate(() => {
      const g = window.__game!;
      const p = g.paddles().find((q) => q.id === g.playerId)!;
      return { x: p.x, y: p.y, side: p.side };
    });

  it('two pages play one court from the lobby: court, scores, a moving ball, countdown then play, a paddle moved by keys seen on both', async () => {
    const a = await open('/', 'A');
    // The picker offers pong; picking it says what pong is.
    await a.getByTestId('game-pong').click();
    expect(await a.getByTestId('game-pong').getAttribute('aria-pressed')).toBe('true');
    expect(await a.getByTestId('lobby-about').textContent()).toMatch(/Pong/);
    expect(await a.getByTestId('mode').inputValue()).toBe('pong');
    await a.screenshot({ path: join(ARTIFACTS, 'pong-lobby.png') });
    await quickPlay(a, 'alice');
    // Alone: waiting for another player.
    await expect.poll(() => phase(a), { timeout: 5000 }).toBe('waiting');
    expect(await a.getByTestId('pong-phase').textContent()).toMatch(/Waiting/);

    const b = await open('/?game=pong', 'B');
    expect(await b.getByTestId('game-pong').getAttribute('aria-pressed')).toBe('true');
    await quickPlay(b, 'bob');
    expect(await b.evaluate(() => window.__game!.roomId)).toBe(await a.evaluate(() => window.__game!.roomId));

    // Both see the court and both players on the scoreboard; the match counts down, then plays.
    for (const page of [a, b]) {
      const court = await page.evaluate(() => window.__game!.court);
      expect(court.courtSize).toBeGreaterThan(0);
      await expect.poll(() => page.locator('[data-testid=pong-scores] .row').count(), { timeout: 5000 }).toBe(2);
      expect(await page.getByTestId('pong-scores').textContent()).toMatch(/alice.*bob|bob.*alice/s);
    }
    expect(await a.locator('[data-testid=pong-scores] .me').textContent()).toMatch(/alice \(you\)/);
    await expect.poll(() => phase(b), { timeout: 5000, interval: 50 }).toBe('countdown');
    expect(await b.getByTestId('pong-phase').textContent()).toMatch(/Get ready/);
    await a.screenshot({ path: join(ARTIFACTS, 'pong-countdown.png') });
    await expect.poll(() => phase(a), { timeout: 8000, interval: 100 }).toBe('playing');
    await expect.poll(() => phase(b), { timeout: 2000, interval: 100 }).toBe('playing');

    // The ball moves on both screens (after the serve delay).
    for (const page of [a, b]) {
      const moved = async (): Promise<number> => {
        const p0 = await page.evaluate(() => window.__game!.ball());
        await page.waitForTimeout(150);
        const p1 = await page.evaluate(() => window.__game!.ball());
        return p0 && p1 ? Math.hypot(p1.x - p0.x, p1.y - p0.y) : 0;
      };
      await expect.poll(moved, { timeout: 5000, interval: 50 }).toBeGreaterThan(1);
    }

    // A holds the key that moves its paddle towards the middle of its side.
    const before = await ownPaddle(a);
    const horizontal = before.side === 'bottom' || before.side === 'top';
    const size = (await a.evaluate(() => window.__game!.court)).courtSize;
    const along = (p: { x: number; y: number }): number => (horizontal ? p.x : p.y);
    const towardLarger = along(before) < size / 2;
    const key = horizontal ? (towardLarger ? 'ArrowRight' : 'ArrowLeft') : towardLarger ? 'ArrowDown' : 'ArrowUp';
    const aId = await a.evaluate(() => window.__game!.playerId);
    const seenByB = (): Promise<number> =>
      b.evaluate(([id, h]) => {
        const p = window.__game!.paddles().find((q) => q.id === id);
        return p ? (h ? p.x : p.y) : NaN;
      }, [aId, horizontal] as const);
    const bBefore = await seenByB();
    await a.bringToFront();
    await a.keyboard.down(key);
    await a.waitForTimeout(250);
    await a.keyboard.up(key);
    const after = await ownPaddle(a);
    const movedA = (along(after) - along(before)) * (towardLarger ? 1 : -1);
    expect(movedA).toBeGreaterThan(20);
    // A predicts its own paddle (the generic Predictor, through pong's predict): no snaps.
    const stats = await a.evaluate(() => window.__game!.predictorStats());
    expect(stats['inputs']).toBeGreaterThan(0);
    expect(stats['snaps']).toBe(0);
    // B sees it arrive (interpolated ~100 ms behind) where the server put it.
    await expect.poll(async () => ((await seenByB()) - bBefore) * (towardLarger ? 1 : -1), { timeout: 5000, interval: 50 }).toBeGreaterThan(20);
    await expect.poll(async () => Math.abs((await seenByB()) - along(await ownPaddle(a))), { timeout: 5000, interval: 50 }).toBeLessThan(0.5);
    // …which is where A's reconciled prediction has it.
    expect(Math.abs(along((await a.evaluate(() => window.__game!.ownPosition()))!) - (await seenByB()))).toBeLessThan(0.5);

    await a.screenshot({ path: join(ARTIFACTS, 'pong-A.png') });
    await b.screenshot({ path: join(ARTIFACTS, 'pong-B.png') });
    await a.close();
    await b.close();
  }, 90_000);
});
