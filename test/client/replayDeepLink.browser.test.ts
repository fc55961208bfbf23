/**
 * The replay viewer's deep link (/replay?file=&tick=&follow=, docs/replay.md) in real Chromium
 * against the real server, with the recorded fixtures in its recordings directory: a link with
 * the token in its fragment opens the server's recording paused at the tick, from the seat asked
 * for, and what the page draws is the recorded state of that tick (decoded here through the
 * Timeline); the address follows seeks and steps without the token; "Copy link" copies it, and
 * the copied link opens the same moment in a tab that must first be given the token. Hostile and
 * wrong links (a path for a file name, a huge one, markup, a tick that is no number or out of
 * range, a player never seen, an unknown file, a wrong token) say what is wrong in the page, and
 * never raise an error in it.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { DEFAULT_RECORD } from '../../server/replay/Recordings.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';
import { buildClient } from '../helpers/clientBuild.ts';
import { startOps } from '../ops/opsHelpers.ts';
import { expectDrawnIsRecorded, goToTick, load, ready, recorded, settled, type Fixture } from './replayViewer.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const TOKEN = 'replay-deeplink-test-token-0123';
const ARENA = '20261204T004700Z-arena-fixtureA-a1-p1.rec';
const PONG = '20261204T004800Z-pong-fixtureP-b2-p1.rec';

const status = (page: Page): Promise<string | null> => page.getByTestId('replay-status').textContent();
const feedLines = (page: Page): Promise<string[]> => page.locator('[data-testid=kill-feed] > div').allTextContents();

describe('the replay viewer deep link', () => {
  let ops: OpsServer;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let distDir: string;
  let recordDir: string;
  let baseUrl: string;
  let arena: Fixture;
  let pong: Fixture;
  /** The link "Copy link" copied (the next test opens it). */
  let copied = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    distDir = await buildClient('replay-link');
    recordDir = mkdtempSync(join(tmpdir(), 'replay-link-recs-'));
    copyFileSync(repo('test/fixtures/replay/arena.rec'), join(recordDir, ARENA));
    copyFileSync(repo('test/fixtures/replay/pong.rec'), join(recordDir, PONG));
    ({ ops, httpUrl: baseUrl } = await startOps({ adminToken: TOKEN, game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: distDir, record: { ...DEFAULT_RECORD, dir: recordDir, all: false } } }));
    [arena, pong] = await Promise.all([load(repo('test/fixtures/replay/arena.rec')), load(repo('test/fixtures/replay/pong.rec'))]);
    browser = await launchChromium({ viewport: { width: 1000, height: 640 }, extraArgs: NO_THROTTLING_ARGS });
    context = browser.context;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ops?.shutdown('test over');
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  /** A new tab (its own session storage: no token kept) at a path of the viewer. */
  const visit = async (label: string, path: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
    await page.goto(`${baseUrl}${path}`);
    await page.getByTestId('replay-open').waitFor({ state: 'attached', timeout: 10_000 });
    return page;
  };
  const search = (page: Page): Promise<string> => page.evaluate(() => window.location.search);

  it('a link with the token in its fragment opens the recording paused at its tick, from its seat, drawing that tick; the address follows; Copy link copies it without the token', async () => {
    const page = await visit('link', `/replay?file=${ARENA}&tick=60&follow=2#token=${TOKEN}`);
    await ready(page);
    // The token went to the tab's storage and out of the address at once.
    expect(await page.evaluate(() => ({ hash: window.location.hash, token: window.sessionStorage.getItem('arena.adminToken') }))).toEqual({ hash: '', token: TOKEN });
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => ({ game: window.__replay!.game, playing: window.__replay!.playing, follow: window.__replay!.follow, at: window.__replay!.at }))).toEqual({ game: 'arena', playing: false, follow: 2, at: 60 });
    const s = await expectDrawnIsRecorded(page, arena, 60);
    const bot1 = s.drawn.find((e) => e.id === 2)!.fields;
    expect(await page.evaluate(() => window.__replay!.drawnOwnPosition())).toEqual({ x: bot1['x'], y: bot1['y'] });
    // Fed from before the moment: the kill feed of then (ticks 45 and 57), seen from bot-1's seat.
    expect(await feedLines(page)).toEqual(['you ✕ bot-3', 'bot-3 ✕ you', 'bot-0 ✕ bot-4', 'bot-4 ✕ bot-0']);
    expect(await page.getByTestId('replay-problems').isHidden()).toBe(true);
    expect(await search(page)).toBe(`?file=${ARENA}&tick=60&follow=2`);
    // Another moment (back, through a new view): it draws that tick, and the address follows.
    await goToTick(page, 30);
    await expectDrawnIsRecorded(page, arena, 30);
    await expect.poll(() => search(page)).toBe(`?file=${ARENA}&tick=30&follow=2`);
    await page.getByTestId('replay-step-forward').click();
    await page.waitForFunction(() => window.__replay!.tick === 31);
    await expect.poll(() => search(page)).toBe(`?file=${ARENA}&tick=31&follow=2`);
    // Playing leaves the address alone; pausing puts the moment in it.
    await page.getByTestId('replay-play').click();
    await page.waitForFunction(() => window.__replay!.tick >= 40, undefined, { timeout: 10_000 });
    await page.getByTestId('replay-play').click();
    const paused = await page.evaluate(() => window.__replay!.tick);
    await expect.poll(() => search(page)).toBe(`?file=${ARENA}&tick=${paused}&follow=2`);
    await goToTick(page, 76);
    await page.getByTestId('replay-follow').selectOption('0');
    await settled(page);
    await expect.poll(() => search(page)).toBe(`?file=${ARENA}&tick=76`);

    await page.getByTestId('replay-follow').selectOption('4');
    await settled(page);
    await page.getByTestId('replay-copy-link').click();
    await expect.poll(() => page.getByTestId('replay-copy-link').textContent()).toBe('Copied');
    copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${baseUrl}/replay?file=${ARENA}&tick=76&follow=4`);
    expect(page.url()).toBe(copied);
    // "Open another": the address no longer names a moment.
    await page.getByTestId('replay-close').click();
    await page.getByTestId('replay-open').waitFor();
    expect(await search(page)).toBe('');
    await page.close();
  });

  it('the copied link, in a tab without the token, asks for it, then opens that moment', async () => {
    expect(copied).not.toBe('');
    const page = await visit('copied', copied.slice(baseUrl.length));
    await expect.poll(() => status(page)).toMatch(/^This link opens the server's recording ".*": type the admin token/);
    expect(await page.evaluate(() => window.__replay)).toBeUndefined();
    await page.getByTestId('replay-token').fill(TOKEN);
    await page.getByTestId('replay-list-load').click();
    await ready(page);
    expect(await page.evaluate(() => ({ follow: window.__replay!.follow, playing: window.__replay!.playing }))).toEqual({ follow: 4, playing: false });
    await expectDrawnIsRecorded(page, arena, 76);
    expect(page.url()).toBe(copied);
    await page.close();
  });

  it('pong at a tick, with no seat named: the free camera, the scores of then', async () => {
    const page = await visit('pong', `/replay?file=${PONG}&tick=400#token=${TOKEN}`);
    await ready(page);
    expect(await page.evaluate(() => ({ game: window.__replay!.game, follow: window.__replay!.follow }))).toEqual({ game: 'pong', follow: 0 });
    await expectDrawnIsRecorded(page, pong, 400);
    const match = [...recorded(pong, 400).values()].find((e) => typeof e['score0'] === 'number')!;
    expect(await page.evaluate(() => window.__replay!.parts().match()!.scores)).toEqual([0, 1, 2, 3].map((k) => match[`score${k}`]));
    await page.close();
  });

  it('hostile and wrong links say what is wrong in the page, and break nothing', async () => {
    // (Huge, but within the request line the HTTP server takes: uWebSockets.js refuses a request whose head passes 4 KiB.)
    const refused: [string, RegExp][] = [
      [`/replay?file=..%2F..%2Fetc%2Fpasswd&tick=5#token=${TOKEN}`, /^The link's file "\.\.\/\.\.\/etc\/passwd" is not a recording's file name/],
      [`/replay?file=${'a'.repeat(3000)}.rec`, /^The link's file "a{40}…" is not a recording's file name/],
      [`/replay?file=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E`, /^The link's file "<img src=x onerror=alert\(1\)>" is not a recording's file name/],
      [`/replay?file=${ARENA}&tick=NaN#token=${TOKEN}`, /^The link's tick "NaN" is not a whole number/],
      [`/replay?file=${ARENA}&tick=${'9'.repeat(3000)}`, /^The link's tick "9{40}…" is not a whole number/],
      [`/replay?file=${ARENA}&follow=-1`, /^The link's player id \(follow\) "-1" is not a whole number/],
      ['/replay?tick=12', /names a moment but no recording/],
      [`/replay?file=20261204T004700Z-arena-nosuchroom-zz9-p1.rec#token=${TOKEN}`, /^the server has no recording "20261204T004700Z-arena-nosuchroom-zz9-p1\.rec"/],
    ];
    for (const [path, message] of refused) {
      const page = await visit(`hostile ${path.slice(0, 60)}`, path);
      await expect.poll(() => status(page), { timeout: 5000 }).toMatch(message);
      expect((await status(page))!.length).toBeLessThan(300);
      expect(await page.getByTestId('replay-status').evaluate((el) => el.classList.contains('error'))).toBe(true);
      expect(await page.locator('.replay-open img').count()).toBe(0);
      expect(await page.evaluate(() => window.__replay)).toBeUndefined();
      // The panel still works: the list opens.
      await page.getByTestId('replay-token').fill(TOKEN);
      await page.getByTestId('replay-list-load').click();
      await expect.poll(() => page.getByTestId('replay-list-row').count()).toBe(2);
      await page.close();
    }

    // A wrong token in the fragment: refused; the right one typed then opens the linked moment.
    const wrong = await visit('wrong token', `/replay?file=${PONG}&tick=200#token=wrong-token-0123456789`);
    await expect.poll(() => status(wrong)).toMatch(/refused the admin token/);
    await wrong.getByTestId('replay-token').fill(TOKEN);
    await wrong.getByTestId('replay-list-load').click();
    await ready(wrong);
    await expectDrawnIsRecorded(wrong, pong, 200);
    await wrong.close();

    // A tick past the end and a player never seen: the recording opens at its last tick, free camera, and says so.
    const far = await visit('out of range', `/replay?file=${ARENA}&tick=99999&follow=77#token=${TOKEN}`);
    await ready(far);
    const last = arena.timeline.lastTick;
    expect(await far.evaluate(() => ({ tick: window.__replay!.tick, follow: window.__replay!.follow, playing: window.__replay!.playing }))).toEqual({ tick: last, follow: 0, playing: false });
    await expectDrawnIsRecorded(far, arena, last);
    expect(await far.getByTestId('replay-problems').isVisible()).toBe(true);
    expect(await far.locator('[data-testid=replay-problems] li').allTextContents()).toEqual([
      `Note: the link's tick 99999 is not in this recording (ticks ${arena.timeline.firstTick}–${last}): showing tick ${last}`,
      "Note: the link's player #77 never joined this recording: showing the free camera",
    ]);
    await expect.poll(() => search(far)).toBe(`?file=${ARENA}&tick=${last}`);
    await far.close();

    // A file opened from this computer has no link: the button is off, the address names no moment.
    const local = await visit('local', '/replay');
    await local.getByTestId('replay-file').setInputFiles(repo('test/fixtures/replay/arena.rec'));
    await ready(local);
    expect(await local.getByTestId('replay-copy-link').isDisabled()).toBe(true);
    await goToTick(local, 20);
    expect(await search(local)).toBe('');
    await local.close();
  });
});
