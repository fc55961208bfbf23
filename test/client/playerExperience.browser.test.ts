/**
 * What a player meets, in real Chromium against the real server: the lobby shows before the
 * game's code is loaded and says what the game is; the first game shows the controls card,
 * which stays dismissed; a stalled connection is shown at once, the own player stops instead
 * of walking off on prediction, and the ping is honest afterwards; a long stall resumes the
 * same player; a connection that ends for good offers words, Try again and the lobby, with the
 * name kept; the F3 overlay has the frame rate and the HUD's ping. Screenshots go to
 * test-artifacts/ (docs/client.md shows them).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import type { RoomEvent } from '../../shared/protocol.ts';
import { post, start, wsFactory } from '../rooms/net.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';
import { arena } from '../../games/arena/index.ts';
import { buildClient } from '../helpers/clientBuild.ts';

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
    distDir = await buildClient('px');
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
    // The game's chunks (the shell's game code and Phaser's, which the replay viewer shares) are held back until the lobby is on screen: the lobby must not need them.
    let releaseGame = (): void => {};
    const gameHeld = new Promise<void>((r) => (releaseGame = r));
    const gameChunks: string[] = [];
    const isGameChunk = (url: string): boolean => /\/(startGame|phaser)-[^/]*\.js$/.test(url);
    await page.route(/\/(startGame|phaser)-[^/]*\.js$/, async (route) => {
      gameChunks.push(route.request().url());
      await gameHeld;
      await route.continue();
    });
    const scripts: { url: string; bytes: number; encoding: string }[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) void r.body().then((b) => scripts.push({ url: r.url(), bytes: b.length, encoding: r.headers()['content-encoding'] ?? 'identity' }));
    });
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    // Fetched ahead while the player reads the lobby, and only then let through.
    await expect.poll(() => gameChunks.length, { timeout: 10_000 }).toBe(2);
    const lobbyScripts = scripts.filter((s) => !isGameChunk(s.url));
    expect(lobbyScripts.length).toBeGreaterThan(0);
    expect(lobbyScripts.reduce((n, s) => n + s.bytes, 0)).toBeLessThan(200_000);
    releaseGame();
    await expect.poll(() => scripts.filter((s) => s.url.includes('/phaser-')).map((s) => s.bytes)[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(1_000_000);
    await expect.poll(() => scripts.filter((s) => s.url.includes('/startGame-')).length, { timeout: 10_000 }).toBe(1);
    // Both go out compressed (Brotli for Chromium): the 1.4 MB chunk is about 0.3 MB on the wire.
    expect(new Set(scripts.map((s) => s.encoding))).toEqual(new Set(['br']));
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
    expect(overlay).toMatch(/ping RTT\s+\d+ ms/);
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
    // The overlay redraws four times a second, so it may show the estimate of a moment ago: wait for both to settle.
    const shownRtts = (): Promise<number[]> => page.evaluate(() => [document.querySelector<HTMLElement>('.hud-status')!.dataset.rttMs, document.querySelector<HTMLElement>('.net-stats')!.dataset.rttMs].map(Number));
    await expect.poll(async () => { const [hud, overlay] = await shownRtts(); return Math.abs(hud! - overlay!); }, { timeout: 3000, interval: 100 }).toBeLessThanOrEqual(2);
    expect((await shownRtts())[0]).toBeLessThan(100);

    // A long stall: past 4 s the page drops the silent socket and resumes the same player.
    const id = await page.evaluate(() => window.__game!.playerId);
    await context.setOffline(true);
    await page.waitForTimeout(5000);
    await context.setOffline(false);
    await page.waitForFunction(() => window.__game!.connected && !window.__game!.stalled, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__game!.playerId)).toBe(id);
    await page.close();
  });

  it('a connection that ends for good says so, and Try again and Back to the lobby both work, keeping the name; a quick-play room lost moves the page by itself', async () => {
    const page = await open(`${noGraceUrl}/`, 'give-up');
    // A private room (no automatic rematch: a code's room cannot be replaced by another).
    await page.getByTestId('name').fill('stayer');
    await page.getByTestId('create-private').click();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.frames > 5, undefined, { timeout: 20_000 });
    /** Drop the page's connection as a network would (1011): its reconnect is refused (no grace). */
    const drop = (code = 1011): void => {
      for (const s of noGrace.sessions.values()) if (s.name === 'stayer') s.conn.close(code, 'test drop');
    };
    drop();
    const dialog = page.getByTestId('connection-lost');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toMatch(/seat is gone/i);
    expect(await dialog.textContent()).not.toMatch(/4011/);
    expect(await page.locator('.hud-status').textContent()).not.toMatch(/4011/);
    expect(await page.getByTestId('room-status').textContent()).not.toMatch(/4011/);
    await page.screenshot({ path: join(ARTIFACTS, 'px-connection-lost.png') });
    await page.getByTestId('retry').click();
    await page.waitForFunction(() => window.__game?.connected === true && window.__game.name === 'stayer', undefined, { timeout: 20_000 });

    // Try again was Quick play: now the room lost is replaced by the SDK, and the page says so.
    // (A new player: quick play may pick the same room again, now that the seat is free.)
    const playerBefore = await page.evaluate(() => window.__game!.playerId);
    drop();
    await page.waitForFunction((before) => window.__game?.connected === true && window.__game.playerId !== before, playerBefore, { timeout: 40_000 });
    await expect.poll(() => page.getByTestId('chat-log').textContent(), { timeout: 5000 }).toMatch(/moved to a new room/);
    expect(await dialog.isVisible()).toBe(false);

    // Kicked: for good, whatever the room.
    drop(4007);
    await dialog.waitFor({ timeout: 10_000 });
    await page.getByTestId('back-to-lobby').click();
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('name').inputValue()).toBe('stayer');
    await page.close();
  });

  it('with 16 players: a compact scoreboard, a kill feed that fades, and arrows toward players out of view', async () => {
    // A server of its own (no seats held by the other tests' pages), 15 bots that wander and
    // shoot, and the page's Quick play joins their room.
    const crowd = await start({ staticDir: distDir });
    const crowdUrl = crowd.httpUrl;
    const wsUrl = crowd.wsUrl;
    const bots = Array.from({ length: 15 }, (_, i) => new GameClient({ game: arena, url: wsUrl, name: `bot${i + 1}`, socketFactory: wsFactory, binaryType: 'nodebuffer' }));
    await Promise.all(bots.map((b) => b.connect()));
    expect(new Set(bots.map((b) => b.roomId)).size).toBe(1);
    let t = 0;
    const drive = setInterval(() => {
      t++;
      for (const [i, b] of bots.entries()) {
        const a = i * 0.7 + t / 40;
        b.sendInput({ mx: Math.cos(a), my: Math.sin(a), aim: (t / 9 + i) % (2 * Math.PI), fire: t % 6 === 0 });
        b.maybePing();
      }
    }, 33);
    try {
      const page = await open(`${crowdUrl}/`, 'crowd');
      await quickPlay(page, 'crowded');
      expect(await page.evaluate(() => window.__game!.roomId)).toBe(bots[0]!.roomId);
      await page.waitForFunction(() => document.querySelectorAll('.hud-scoreboard tr').length > 1, undefined, { timeout: 5000 });
      // Kills happen; the feed keeps at most 4 lines and each fades out.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=kill-feed] div').length > 0, undefined, { timeout: 30_000 });
      if (await page.getByTestId('controls-card').isVisible()) await page.getByTestId('controls-dismiss').click();
      await page.screenshot({ path: join(ARTIFACTS, 'px-16-players.png') });
      const board = await page.getByTestId('scoreboard').boundingBox();
      // Header, the top 5, the own row (maybe after a gap): not 17 rows covering the screen.
      expect(await page.locator('.hud-scoreboard tr').count()).toBeLessThanOrEqual(8);
      expect(board!.height).toBeLessThan(200);
      expect(await page.locator('.hud-scoreboard .more').textContent()).toMatch(/16 players · hold Tab/);
      await page.keyboard.down('Tab');
      await expect.poll(() => page.locator('.hud-scoreboard tr').count()).toBe(17);
      await page.keyboard.up('Tab');
      await expect.poll(() => page.locator('.hud-scoreboard tr').count()).toBeLessThanOrEqual(8);
      expect(await page.locator('[data-testid=kill-feed] div').count()).toBeLessThanOrEqual(4);
      // Players out of view get arrows at the edge (the map is larger than the screen).
      const offscreen = await page.evaluate(() => {
        const g = window.__game!;
        return g.remotePositions().filter((p) => {
          if (!p.alive) return false;
          const s = g.worldToScreen(p.x, p.y)!;
          return s.x < 0 || s.y < 0 || s.x > window.innerWidth || s.y > window.innerHeight;
        }).length;
      });
      if (offscreen > 0) await expect.poll(() => page.locator('[data-testid=edge-arrow]:not([hidden])').count()).toBeGreaterThan(0);
      const arrows = await page.locator('[data-testid=edge-arrow]:not([hidden])').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y })));
      for (const a of arrows) {
        expect(a.x).toBeGreaterThan(-20);
        expect(a.y).toBeGreaterThan(-20);
        expect(a.x).toBeLessThan(980);
        expect(a.y).toBeLessThan(660);
      }
      // A feed line fades after 5 s and is gone after 6 s (sooner when newer kills push it out).
      await page.evaluate(() => document.querySelector('[data-testid=kill-feed] div:last-child')!.setAttribute('data-mark', '1'));
      await page.waitForTimeout(5500);
      const opacity = await page.evaluate(() => {
        const e = document.querySelector<HTMLElement>('[data-mark]');
        return e ? Number(e.style.opacity || '1') : 0;
      });
      expect(opacity).toBeLessThan(1);
      await page.waitForTimeout(800);
      expect(await page.locator('[data-mark]').count()).toBe(0);
      await page.close();
    } finally {
      clearInterval(drive);
      for (const b of bots) b.leave();
      await crowd.server.stop();
    }
  }, 90_000);

  it('a closed tab frees its seat within seconds, not the 20 s reconnect grace', async () => {
    const page = await open(`${baseUrl}/`, 'closer');
    await quickPlay(page, 'closer');
    const roomId = await page.evaluate(() => window.__game!.roomId);
    // Someone in the same room, who reads the room's events.
    const seat = await post(baseUrl, { mode: 'arena', action: 'joinById', options: { roomId, name: 'watcher' } });
    const watcher = new GameClient({ game: arena, url: seat.body.wsUrl as string, name: 'watcher', seat: seat.body.seatToken as string, socketFactory: wsFactory, binaryType: 'nodebuffer' });
    await watcher.connect();
    const events: RoomEvent[] = [];
    watcher.on('roomEvent', (e) => events.push(e));
    const t0 = Date.now();
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => events.find((e) => e.type === 'left' && e.name === 'closer'), { timeout: 14_000, interval: 100 }).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(14_000);
    // It said goodbye: no "lost connection", and it "left" rather than "did not come back".
    expect(events.filter((e) => 'name' in e && e.name === 'closer').map((e) => [e.type, 'reason' in e ? e.reason : ''])).toEqual([['left', 'left']]);
    watcher.leave();
  });
});
