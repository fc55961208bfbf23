/**
 * What a player meets, in real Chromium against the real server: the lobby shows before the
 * game's code is loaded and says what the game is; the first game shows the controls card,
 * which stays dismissed; a stalled connection is shown at once, the own player stops instead
 * of walking off on prediction, and the ping is honest afterwards; a long stall resumes the
 * same player; a connection that ends for good offers words, Try again and the lobby, with the
 * name kept; the F3 overlay has the frame rate and the HUD's ping. Screenshots go to
 * test-artifacts/ (docs/client.md shows them).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { start } from '../rooms/net.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ARTIFACTS = repo('test-artifacts');

describe('player experience in the browser', () => {
  let server: GameServer;
  let noGrace: GameServer;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let distDir: string;
  let baseUrl: string;
  let noGraceUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'px-dist-'));
    await build({ configFile: repo('vite.config.ts'), logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
    ({ server, httpUrl: baseUrl } = await start({ staticDir: distDir }));
    // A server that frees a dropped player's seat at once: a reconnect is refused, for good.
    ({ server: noGrace, httpUrl: noGraceUrl } = await start({ staticDir: distDir, reconnectGraceMs: 0 }));
    browser = await launchChromium({ viewport: { width: 960, height: 640 }, extraArgs: NO_THROTTLING_ARGS });
    context = browser.context;
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await noGrace?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  const open = async (url: string, label: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
    await page.goto(url);
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    return page;
  };

  const quickPlay = async (page: Page, name: string): Promise<void> => {
    await page.getByTestId('name').fill(name);
    await page.getByTestId('quick-play').click();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.ownPosition() !== null && window.__game.frames > 5, undefined, { timeout: 20_000 });
  };

  const hudState = (page: Page): Promise<string | undefined> => page.evaluate(() => document.querySelector<HTMLElement>('.hud-status')?.dataset.state);
  const own = (page: Page): Promise<{ x: number; y: number }> => page.evaluate(() => window.__game!.ownPosition()!);

  it('shows the lobby before the game code loads, says what the game is, and the controls card once', async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`lobby: ${e.message}`));
    const scripts: { url: string; bytes: number; atLobby: boolean }[] = [];
    let lobbyShown = false;
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) void r.body().then((b) => scripts.push({ url: r.url(), bytes: b.length, atLobby: !lobbyShown }));
    });
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    lobbyShown = true;
    await expect.poll(() => scripts.filter((s) => !s.atLobby).length, { timeout: 10_000 }).toBeGreaterThan(0); // the game's chunk, fetched after
    const first = scripts.filter((s) => s.atLobby);
    // The lobby needs only its own small script; Phaser (~1.4 MB) comes in a chunk of its own.
    expect(first.reduce((n, s) => n + s.bytes, 0)).toBeLessThan(200_000);
    expect(scripts.filter((s) => !s.atLobby).some((s) => s.bytes > 1_000_000)).toBe(true);
    expect(await page.getByTestId('lobby-about').textContent()).toMatch(/WASD.*mouse.*shoot/);
    await page.screenshot({ path: join(ARTIFACTS, 'px-lobby.png') });

    await quickPlay(page, 'newcomer');
    const card = page.getByTestId('controls-card');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toMatch(/WASD.*move.*mouse.*aim/);
    await page.screenshot({ path: join(ARTIFACTS, 'px-controls.png') });
    await page.getByTestId('controls-dismiss').click();
    expect(await card.isVisible()).toBe(false);
    // Remembered: the next game (a reload resumes the player) starts without it; H brings it back.
    await page.reload();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.frames > 5, undefined, { timeout: 20_000 });
    expect(await page.getByTestId('controls-card').isVisible()).toBe(false);
    await page.keyboard.press('h');
    expect(await page.getByTestId('controls-card').isVisible()).toBe(true);
    await page.keyboard.press('h');
    expect(await page.getByTestId('controls-card').isVisible()).toBe(false);
    await page.close();
  });

  it('a stall is shown at once, the player stops instead of walking off, and the ping is honest after it', async () => {
    const page = await open(`${baseUrl}/`, 'stall');
    await quickPlay(page, 'staller');
    await page.bringToFront();
    await page.keyboard.press('F3');
    await expect.poll(() => page.evaluate(() => window.__game!.overlayText()), { timeout: 5000 }).toMatch(/frame rate\s+\d+ fps \(\d+\.\d ms\)/);
    const overlay = (await page.evaluate(() => window.__game!.overlayText())) ?? '';
    expect(overlay).toMatch(/ping\s+\d+ ms/);
    await expect.poll(() => page.evaluate(() => window.__game!.rttMs), { timeout: 5000 }).toBeLessThan(100);

    await page.keyboard.down((await own(page)).x < 1200 ? 'd' : 'a');
    await page.waitForTimeout(300);
    const t0 = Date.now();
    await context.setOffline(true);
    await expect.poll(() => hudState(page), { timeout: 1000, interval: 50 }).toBe('stalled');
    const noticedMs = Date.now() - t0;
    expect(await page.locator('.hud-status').textContent()).toMatch(/stalled/);
    await page.screenshot({ path: join(ARTIFACTS, 'px-stalled.png') });
    const atNotice = await own(page);
    await page.waitForTimeout(2000); // still holding the key
    const afterHold = await own(page);
    await page.keyboard.up('d');
    await page.keyboard.up('a');
    await context.setOffline(false);
    await expect.poll(() => hudState(page), { timeout: 3000, interval: 50 }).toBe('ok');
    await page.waitForTimeout(500);
    const afterResume = await own(page);
    // Before: 740 units walked on prediction alone in 5 s, then a 679-unit snap back.
    expect(Math.hypot(afterHold.x - atNotice.x, afterHold.y - atNotice.y)).toBeLessThan(40);
    expect(Math.hypot(afterResume.x - afterHold.x, afterResume.y - afterHold.y)).toBeLessThan(150);
    expect(noticedMs).toBeLessThan(1000);
    // The pongs that waited out the stall are not round trips: the HUD and the overlay agree on a small one.
    await expect.poll(() => page.evaluate(() => window.__game!.rttMs), { timeout: 4000 }).toBeLessThan(100);
    await page.waitForTimeout(300);
    const [hudRtt, overlayRtt] = await page.evaluate(() => [document.querySelector<HTMLElement>('.hud-status')!.dataset.rttMs, document.querySelector<HTMLElement>('.net-stats')!.dataset.rttMs]);
    expect(Number(hudRtt)).toBeLessThan(100);
    expect(Math.abs(Number(hudRtt) - Number(overlayRtt))).toBeLessThanOrEqual(2);

    // A long stall: past 4 s the page drops the silent socket and resumes the same player.
    const id = await page.evaluate(() => window.__game!.playerId);
    await context.setOffline(true);
    await page.waitForTimeout(5000);
    await context.setOffline(false);
    await page.waitForFunction(() => window.__game!.connected && !window.__game!.stalled, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__game!.playerId)).toBe(id);
    await page.close();
  });

  it('a connection that ends for good says so, and Try again and Back to the lobby both work, keeping the name', async () => {
    const page = await open(`${noGraceUrl}/`, 'give-up');
    await quickPlay(page, 'stayer');
    /** Drop the page's connection as a network would (1011): its reconnect is refused (no grace). */
    const drop = (): void => {
      for (const s of noGrace.sessions.values()) if (s.name === 'stayer') s.conn.close(1011, 'test drop');
    };
    drop();
    const dialog = page.getByTestId('connection-lost');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toMatch(/seat is gone/i);
    expect(await dialog.textContent()).not.toMatch(/4011/);
    await page.screenshot({ path: join(ARTIFACTS, 'px-connection-lost.png') });
    await page.getByTestId('retry').click();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.name === 'stayer', undefined, { timeout: 20_000 });

    drop();
    await dialog.waitFor({ timeout: 10_000 });
    await page.getByTestId('back-to-lobby').click();
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('name').inputValue()).toBe('stayer');
    await page.close();
  });
});
