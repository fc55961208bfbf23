/**
 * The lobby in real Chromium against the real server: page A creates a private room and gets
 * its code, page B first tries a wrong code (clear message), then joins by the right code; both
 * play in the same room, see each other move, and chat (rendered as text). B reloads and is the
 * same player again; B leaves; with the room full again, B's attempt says so.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { listRooms, matchmake } from '../../shared/sdk/rooms.ts';
import { start } from './net.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';
import { buildClient } from '../helpers/clientBuild.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ARTIFACTS = repo('test-artifacts');

describe('lobby in the browser', () => {
  let server: GameServer;
  let context: BrowserContext;
  let browser: LaunchedBrowser;
  let distDir: string;
  let baseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // A build of our own (not dist/client), so the other browser test's build cannot race ours.
    distDir = await buildClient('lobby');
    ({ server, httpUrl: baseUrl } = await start({ staticDir: distDir, roomCapacity: 2 }));
    browser = await launchChromium({ viewport: { width: 960, height: 640 }, extraArgs: NO_THROTTLING_ARGS });
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const open = async (label: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('lobby').waitFor({ timeout: 10_000 });
    return page;
  };

  const inGame = (page: Page): Promise<unknown> =>
    page.waitForFunction(() => {
      const g = window.__game;
      return g !== undefined && g.connected && g.ownPosition() !== null && g.remotePositions().length >= 1 && g.frames > 5;
    }, undefined, { timeout: 20_000 });

  /** Hold a key for a moment; returns how far the own player moved along x. */
  /**
   * Walk sideways until the own player is 40 units from where it started (bounded): toward the
   * middle first, the other way if a wall is in the way; a busy machine only makes it slower.
   */
  const walk = async (page: Page): Promise<number> => {
    const x0 = await page.evaluate(() => window.__game!.ownPosition()!.x);
    const moved = async (): Promise<number> => Math.abs((await page.evaluate(() => window.__game!.ownPosition()!.x)) - x0);
    await page.bringToFront();
    for (const key of x0 < 1200 ? ['d', 'a'] : ['a', 'd']) {
      await page.keyboard.down(key);
      const t0 = Date.now();
      // Up to 4 s a direction: on a loaded machine the page renders (and sends inputs) slowly,
      // and the way back past the start has to cover the first direction's distance too.
      while ((await moved()) < 40 && Date.now() - t0 < 4000) await page.waitForTimeout(50);
      await page.keyboard.up(key);
      if ((await moved()) >= 40) break;
    }
    await page.waitForTimeout(100);
    return moved();
  };

  it('create a private room, join it by code from a second page, play and chat', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A public room exists, so the list has something to show.
    await matchmake(baseUrl, { mode: 'arena', action: 'joinOrCreate', options: { name: 'someone' } });

    const a = await open('A');
    await a.getByTestId('room-row').first().waitFor({ timeout: 5_000 });
    expect(await a.getByTestId('room-row').first().textContent()).toContain('1/2');
    await a.getByTestId('name').fill('Hostess');
    await a.screenshot({ path: join(ARTIFACTS, 'lobby-list.png') });
    await a.getByTestId('create-private').click();
    const code = (await a.getByTestId('room-code').textContent({ timeout: 15_000 }))!.trim();
    expect(code).toMatch(/^[A-HJ-NP-TW-Z2-9]{6}$/);
    expect((await listRooms(baseUrl)).length).toBe(1); // the private room is not listed

    const b = await open('B');
    await b.getByTestId('name').fill('Guest');
    await b.getByTestId('code').fill(code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF');
    await b.getByTestId('join-code').click();
    await b.waitForFunction(() => document.querySelector('[data-testid=lobby-message]')?.textContent?.includes('No room has the code') === true, undefined, { timeout: 5_000 });
    await b.screenshot({ path: join(ARTIFACTS, 'lobby-wrong-code.png') });
    await b.getByTestId('code').fill(code.toLowerCase());
    await b.getByTestId('join-code').click();

    await Promise.all([inGame(a), inGame(b)]);
    const [ra, rb] = await Promise.all([a.evaluate(() => window.__game!.roomId), b.evaluate(() => window.__game!.roomId)]);
    expect(ra).toBe(rb);
    expect(await b.getByTestId('room-code').textContent()).toBe(code);
    expect(await a.evaluate(() => window.__game!.remotePositions().map((p) => p.name))).toEqual(['Guest']);

    // Both play: each one's movement shows up on its own screen and on the other's.
    const idA = await a.evaluate(() => window.__game!.playerId);
    const idB = await b.evaluate(() => window.__game!.playerId);
    const seenByB = await b.evaluate((id) => window.__game!.remotePositions().find((p) => p.id === id)!.x, idA);
    expect(await walk(a)).toBeGreaterThan(30);
    await b.waitForFunction(([id, x]) => Math.abs(window.__game!.remotePositions().find((p) => p.id === id)!.x - x) > 30, [idA, seenByB] as const, { timeout: 5_000 });
    const seenByA = await a.evaluate((id) => window.__game!.remotePositions().find((p) => p.id === id)!.x, idB);
    expect(await walk(b)).toBeGreaterThan(30);
    await a.waitForFunction(([id, x]) => Math.abs(window.__game!.remotePositions().find((p) => p.id === id)!.x - x) > 30, [idB, seenByA] as const, { timeout: 5_000 });

    // Chat: Enter opens the field; the line arrives on the other page as text, not markup.
    await b.keyboard.press('Enter');
    await b.keyboard.type('gg <b>wp</b>');
    await b.keyboard.press('Enter');
    await a.waitForFunction(() => document.querySelector('[data-testid=chat-log]')?.textContent?.includes('Guest: gg <b>wp</b>') === true, undefined, { timeout: 5_000 });
    expect(await a.locator('[data-testid=chat-log] b').count()).toBe(0);
    expect(await a.getByTestId('chat-log').textContent()).toContain('Guest joined');

    await a.screenshot({ path: join(ARTIFACTS, 'lobby-host.png') });
    await b.screenshot({ path: join(ARTIFACTS, 'lobby-guest.png') });

    // A reload comes back as the same player (the reconnect token is kept for this tab).
    await b.reload();
    await inGame(b);
    expect(await b.evaluate(() => window.__game!.playerId)).toBe(idB);
    await a.waitForFunction(() => document.querySelector('[data-testid=chat-log]')?.textContent?.includes('Guest is back') === true, undefined, { timeout: 5_000 });

    // Leave goes back to the lobby and frees the seat at once...
    await b.getByTestId('leave').click();
    await b.getByTestId('lobby').waitFor({ timeout: 5_000 });
    await a.waitForFunction(() => document.querySelector('[data-testid=chat-log]')?.textContent?.includes('Guest left') === true, undefined, { timeout: 5_000 });
    // ...which someone else takes: now the room is full, and the lobby says so.
    await matchmake(baseUrl, { mode: 'arena', action: 'joinByCode', options: { code } });
    await b.getByTestId('code').fill(code);
    await b.getByTestId('join-code').click();
    await b.waitForFunction(() => document.querySelector('[data-testid=lobby-message]')?.textContent?.includes('That room is full') === true, undefined, { timeout: 5_000 });
    await b.screenshot({ path: join(ARTIFACTS, 'lobby-full.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
