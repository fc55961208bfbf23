/**
 * The replay viewer (/replay) in real Chromium against the real server, with the recorded
 * fixtures (test/fixtures/replay): the arena match opened by upload, the pong match from the
 * server's recordings list with the admin token. It plays, changes speed, pauses, seeks (the tick
 * field, the seek bar dragged and by keys) and steps, follows players and pans the free camera;
 * at each stop what the page draws (window.__replay) is compared with the recorded state of the
 * tick it shows, decoded here through the Timeline, and the kill feed and the scoreboards with
 * what they were at that moment. A damaged copy opens with its problem shown. Screenshots go to
 * test-artifacts/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { arena as arenaGame } from '../../games/arena/index.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { driveArena, sleep, start, wsFactory } from '../rooms/net.ts';
import { expectDrawnIsRecorded, goToTick, load, ready, recorded, settled, type Fixture } from './replayViewer.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ARTIFACTS = repo('test-artifacts');
const TOKEN = 'replay-viewer-test-token-0123';
const FIXTURES = { arena: repo('test/fixtures/replay/arena.rec'), pong: repo('test/fixtures/replay/pong.rec') };

/** The seek bar as a drag leaves it: input events on the way, change at the end. */
async function dragSeekBar(page: Page, tick: number): Promise<void> {
  await page.getByTestId('replay-seek').evaluate((el, t) => {
    const bar = el as HTMLInputElement;
    for (const v of [t + 20, t + 10, t]) {
      bar.value = String(v);
      bar.dispatchEvent(new Event('input', { bubbles: true }));
    }
    bar.dispatchEvent(new Event('change', { bubbles: true }));
  }, tick);
  await page.waitForFunction((t) => window.__replay?.tick === t, tick, { timeout: 5000 });
  await settled(page);
}

const camera = (page: Page): Promise<{ x: number; y: number; zoom: number }> => page.evaluate(() => window.__replay!.camera());
const feedLines = (page: Page, testid: string): Promise<string[]> => page.locator(`[data-testid=${testid}] > div`).allTextContents();

describe('the replay viewer in the browser', () => {
  let ops: OpsServer;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let distDir: string;
  let recordDir: string;
  let baseUrl: string;
  let arena: Fixture;
  let pong: Fixture;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    distDir = await buildClient('replay');
    // The server's recordings directory holds the two fixtures under the names the recorder gives.
    recordDir = mkdtempSync(join(tmpdir(), 'replay-recs-'));
    copyFileSync(FIXTURES.arena, join(recordDir, '20261204T004700Z-arena-fixtureA-a1-p1.rec'));
    copyFileSync(FIXTURES.pong, join(recordDir, '20261204T004800Z-pong-fixtureP-b2-p1.rec'));
    ({ ops, httpUrl: baseUrl } = await startOps({ adminToken: TOKEN, game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: distDir, record: { ...DEFAULT_RECORD, dir: recordDir, all: false } } }));
    [arena, pong] = await Promise.all([load(FIXTURES.arena), load(FIXTURES.pong)]);
    browser = await launchChromium({ viewport: { width: 1000, height: 640 }, extraArgs: NO_THROTTLING_ARGS });
    context = browser.context;
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ops?.shutdown('test over');
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  const open = async (label: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
    await page.goto(`${baseUrl}/replay`);
    await page.getByTestId('replay-open').waitFor({ timeout: 10_000 });
    return page;
  };

  it('arena by upload: plays, speeds up, pauses, seeks, steps; draws the recorded state of the tick shown; kill feed and scoreboard as they were; follows players; pans the free camera', async () => {
    const page = await open('arena');
    await page.getByTestId('replay-file').setInputFiles(FIXTURES.arena);
    await ready(page);
    expect(await page.evaluate(() => ({ game: window.__replay!.game, first: window.__replay!.firstTick, last: window.__replay!.lastTick, follow: window.__replay!.follow }))).toEqual({
      game: 'arena',
      first: arena.timeline.firstTick,
      last: arena.timeline.lastTick,
      follow: 0,
    });
    expect(await page.getByTestId('replay-time').textContent()).toMatch(new RegExp(`^tick 1 / ${arena.timeline.lastTick} · 0:00.0 / 0:07.9`));
    expect(await page.getByTestId('replay-problems').isHidden()).toBe(true);
    await expectDrawnIsRecorded(page, arena, 1);

    // Play at 1×, then 4×: the clock runs at about four times real time.
    await page.getByTestId('replay-play').click();
    await page.waitForFunction(() => window.__replay!.tick >= 15, undefined, { timeout: 10_000 });
    await page.getByTestId('replay-speed').selectOption('4');
    const rate = await page.evaluate(async () => {
      const r = window.__replay!;
      const t0 = performance.now();
      const a0 = r.at;
      await new Promise((done) => setTimeout(done, 400));
      return ((r.at - a0) / (performance.now() - t0)) * 1000;
    });
    expect(rate).toBeGreaterThan(2 * 30);
    expect(rate).toBeLessThan(5 * 30);
    await page.getByTestId('replay-play').click(); // pause
    expect(await page.evaluate(() => window.__replay!.playing)).toBe(false);
    await expectDrawnIsRecorded(page, arena);

    // A seek by tick: after both pairs of kills (ticks 45 and 57): the feed shows all four, the scoreboard the kills and deaths of then.
    await goToTick(page, 60);
    await expectDrawnIsRecorded(page, arena, 60);
    expect(await feedLines(page, 'kill-feed')).toEqual(['bot-1 ✕ bot-3', 'bot-3 ✕ bot-1', 'bot-0 ✕ bot-4', 'bot-4 ✕ bot-0']);
    const scores = async (): Promise<string[]> =>
      page.locator('[data-testid=scoreboard] tr:not(:first-child)').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((c) => c.textContent).join(' ')));
    const recordedScores = (tick: number): string[] =>
      [...recorded(arena, tick).values()]
        .filter((e) => typeof e['kills'] === 'number')
        .map((e) => `${String(e['name'])} ${String(e['kills'])} ${String(e['deaths'])}`)
        .sort();
    expect((await scores()).sort()).toEqual(recordedScores(61));
    expect(recordedScores(61).some((s) => s.endsWith(' 1 1'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-arena.png') });

    // Dragging the seek bar back before the second pair: the feed is as it was then (a new view), the scores too.
    const builds = await page.evaluate(() => window.__replay!.builds);
    await dragSeekBar(page, 50);
    expect(await page.evaluate(() => window.__replay!.builds)).toBeGreaterThan(builds);
    await expectDrawnIsRecorded(page, arena, 50);
    expect(await feedLines(page, 'kill-feed')).toEqual(['bot-1 ✕ bot-3', 'bot-3 ✕ bot-1']);
    expect((await scores()).sort()).toEqual(recordedScores(51));
    // A tick forward by the button, and by the seek bar's own keys.
    await page.getByTestId('replay-step-forward').click();
    await page.waitForFunction(() => window.__replay!.tick === 51);
    await expectDrawnIsRecorded(page, arena, 51);
    await page.getByTestId('replay-seek').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.__replay!.tick === 52);
    await expectDrawnIsRecorded(page, arena, 52);
    await page.getByTestId('replay-seek').blur();

    // Follow bot-1 (id 2): the view is through its seat: the camera on it, "you" in the feed and on the board.
    await goToTick(page, 100);
    const followOptions = await page.locator('[data-testid=replay-follow] option').allTextContents();
    expect(followOptions).toEqual(['free camera', 'bot-0 (#1)', 'bot-1 (#2)', 'bot-2 (#3)', 'bot-3 (#4)', 'bot-4 (#5)', 'bot-5 (#6)']);
    await page.getByTestId('replay-follow').selectOption('2');
    await settled(page);
    expect(await page.evaluate(() => window.__replay!.follow)).toBe(2);
    const s = await expectDrawnIsRecorded(page, arena, 100);
    const bot1 = s.drawn.find((e) => e.id === 2)!.fields;
    expect(await page.evaluate(() => window.__replay!.drawnOwnPosition())).toEqual({ x: bot1['x'], y: bot1['y'] });
    const map = await page.evaluate(() => window.__replay!.parts().map);
    const cam = await camera(page);
    // Centred on it, unless the camera's bounds (the map and a margin) hold it back near an edge.
    if (bot1['x'] as number > 500 && (bot1['x'] as number) < map.width - 500) expect(cam.x).toBeCloseTo(bot1['x'] as number, 0);
    expect(await page.locator('[data-testid=scoreboard] tr.me .name').textContent()).toBe('bot-1');
    expect(await feedLines(page, 'kill-feed')).toEqual(['you ✕ bot-3', 'bot-3 ✕ you', 'bot-0 ✕ bot-4', 'bot-4 ✕ bot-0']);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-arena-follow.png') });

    // Back to the free camera: it stays where it was; a drag and the arrow keys move it.
    await page.getByTestId('replay-follow').selectOption('0');
    await settled(page);
    expect(await page.evaluate(() => window.__replay!.follow)).toBe(0);
    const free0 = await camera(page);
    expect(free0.x).toBeCloseTo(cam.x, 0);
    expect(free0.y).toBeCloseTo(cam.y, 0);
    const toward = { x: free0.x < map.width / 2 ? 1 : -1, y: free0.y < map.height / 2 ? 1 : -1 };
    await page.mouse.move(500, 300);
    await page.mouse.down();
    await page.mouse.move(500 - 60 * toward.x, 300 - 40 * toward.y, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction((x) => Math.abs(window.__replay!.camera().x - x) > 30, free0.x);
    const free1 = await camera(page);
    expect((free1.x - free0.x) * toward.x).toBeCloseTo(60 / free0.zoom, 0);
    expect((free1.y - free0.y) * toward.y).toBeCloseTo(40 / free0.zoom, 0);
    const key = toward.x > 0 ? 'ArrowRight' : 'ArrowLeft';
    await page.keyboard.down(key);
    await page.waitForTimeout(300);
    await page.keyboard.up(key);
    expect(((await camera(page)).x - free1.x) * toward.x).toBeGreaterThan(30);
    // Dragging while following lets go of the player.
    await page.getByTestId('replay-follow').selectOption('4');
    await settled(page);
    await page.mouse.move(500, 300);
    await page.mouse.down();
    await page.mouse.move(470, 290, { steps: 3 });
    await page.mouse.up();
    await page.waitForFunction(() => window.__replay!.follow === 0);
    expect(await page.getByTestId('replay-follow').inputValue()).toBe('0');
    await page.close();
  });

  it('a damaged copy opens with its problem shown and plays what is intact', async () => {
    const page = await open('damaged');
    const bytes = Buffer.from(readFileSync(FIXTURES.arena));
    bytes[Math.floor(bytes.length * 0.7)]! ^= 0xff;
    await page.getByTestId('replay-file').setInputFiles({ name: 'damaged.rec', mimeType: 'application/octet-stream', buffer: bytes });
    await ready(page);
    await expect.poll(() => page.getByTestId('replay-problems').isVisible()).toBe(true);
    expect(await page.getByTestId('replay-problems').textContent()).toMatch(/Damaged: .*CRC mismatch/);
    const last = await page.evaluate(() => window.__replay!.lastTick);
    expect(last).toBeLessThan(arena.timeline.lastTick);
    expect(last).toBeGreaterThan(arena.timeline.firstTick);
    await goToTick(page, last);
    await expectDrawnIsRecorded(page, arena, last);
    // "Open another" goes back to the open panel; a file that is no recording is refused there.
    await page.getByTestId('replay-close').click();
    await page.getByTestId('replay-open').waitFor();
    expect(await page.evaluate(() => window.__replay)).toBeUndefined();
    await page.getByTestId('replay-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a recording') });
    await expect.poll(() => page.getByTestId('replay-status').textContent()).toMatch(/cannot be opened: not a recording/);
    await page.close();
  });

  it("pong from the server's list with the admin token: plays, draws the recorded state, scores as they were, follows a player", async () => {
    const page = await open('pong');
    await page.getByTestId('replay-token').fill('wrong-token-0123456789');
    await page.getByTestId('replay-list-load').click();
    await expect.poll(() => page.getByTestId('replay-status').textContent()).toMatch(/refused the admin token/);
    await page.getByTestId('replay-token').fill(TOKEN);
    await page.getByTestId('replay-list-load').click();
    await expect.poll(() => page.getByTestId('replay-list-row').count()).toBe(2);
    const listed = await page.getByTestId('replay-list-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1, 6).map((c) => c.textContent).join(' ')));
    expect(listed.sort()).toEqual([`arena arena ${arena.recording.header.roomId} 1 16 kB`, `pong pong ${pong.recording.header.roomId} 1 14 kB`]);
    await page.locator('[data-testid=replay-list-row][data-file*=pong] [data-testid=replay-list-open]').click();
    await ready(page);
    expect(await page.evaluate(() => window.__replay!.game)).toBe('pong');

    await page.getByTestId('replay-speed').selectOption('2');
    await page.getByTestId('replay-play').click();
    await page.waitForFunction(() => window.__replay!.tick >= 120, undefined, { timeout: 10_000 });
    await page.keyboard.press(' '); // pause (the focus left on the play button takes it as a click)
    await page.waitForFunction(() => !window.__replay!.playing);
    await expectDrawnIsRecorded(page, pong);

    await goToTick(page, 400);
    await page.getByTestId('replay-speed').selectOption('0.5');
    expect(await page.evaluate(() => window.__replay!.speed)).toBe(0.5);
    const s = await expectDrawnIsRecorded(page, pong, 400);
    expect(s.drawn.filter((e) => e.kind === 'paddle')).toHaveLength(3);
    const match = [...recorded(pong, 400).values()].find((e) => typeof e['score0'] === 'number')!;
    const rows = await page.locator('[data-testid=pong-scores] .row').evaluateAll((els) => els.map((r) => `${r.querySelector('.name')!.textContent} ${r.querySelector('.score')!.textContent}`));
    const bySide = ['bottom', 'top', 'left'].map((side, k) => ({ side, score: match[`score${k}`] }));
    expect(rows).toEqual(['bot-0', 'bot-1', 'bot-2'].map((n, k) => `${n} ${String(bySide[k]!.score)}`));
    expect(await page.evaluate(() => window.__replay!.parts().match()!.scores)).toEqual([0, 1, 2, 3].map((k) => match[`score${k}`]));

    await page.getByTestId('replay-follow').selectOption({ label: 'bot-1 (#4)' });
    await settled(page);
    expect(await page.locator('[data-testid=pong-scores] .me .name').textContent()).toBe('bot-1 (you)');
    await expectDrawnIsRecorded(page, pong, 400);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-pong.png') });
    await page.close();
  });

  it('a recording whose States the writer thread made (a room recorded from its start, as --record does) plays back as recorded', { timeout: 60_000 }, async () => {
    // Recorded here: a server in this process, every room recorded, two players on real sockets.
    const dir = mkdtempSync(join(tmpdir(), 'replay-resim-'));
    try {
      const r = await start({ record: { ...DEFAULT_RECORD, dir, all: true, keyframeEverySec: 1 } });
      const clients = [0, 1].map((i) => new GameClient({ game: arenaGame, url: r.wsUrl, name: `r${i}`, mode: 'arena', socketFactory: wsFactory }));
      const stopDriving = driveArena(clients, 5);
      try {
        for (const c of clients) await c.connect();
        await sleep(2500);
      } finally {
        stopDriving();
        for (const c of clients) c.leave();
        await r.server.stop();
      }
      const file = join(dir, readdirSync(dir)[0]!);
      const made = await load(file);
      expect(made.recording.header.states).toBe('resimulated');
      expect(made.recording.problems).toEqual([]);
      const page = await open('resimulated');
      await page.getByTestId('replay-file').setInputFiles(file);
      await ready(page);
      await expectDrawnIsRecorded(page, made, 1);
      const last = made.timeline.lastTick;
      for (const tick of [Math.floor(last / 2), made.timeline.keyframes[1] ?? 2, last]) {
        await goToTick(page, tick);
        await expectDrawnIsRecorded(page, made, tick);
      }
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
