/**
 * The admin page's recordings (docs/operations.md) in real Chromium against the real server: the
 * list of the recordings directory (file, game, mode, room, started, part, size, open or
 * closed), a download that saves the file's very bytes, a watch link that is the viewer's deep
 * link with the token in its fragment (client/replay/deepLink.ts reads it back), and per running
 * room Record / Stop recording, which make a real recording (being written, then closed) that
 * the list shows.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fragmentToken, parseDeepLink } from '../../client/replay/deepLink.ts';
import { GAMES } from '../../games/index.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { AdminState } from '../../server/ops/admin/adminState.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { DEFAULT_RECORD } from '../../server/replay/Recordings.ts';
import { readRecording } from '../../shared/replay/frames.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import { launchChromium, type LaunchedBrowser } from '../helpers/browser.ts';
import { client } from '../helpers/net.ts';
import { REPO_DIR, startOps } from './opsHelpers.ts';

const TOKEN = 'admin-recordings-token-0123456789';
const FIXTURE = join(REPO_DIR, 'test/fixtures/replay/arena.rec');
const ARENA = '20261204T004700Z-arena-fixtureA-a1-p1.rec';

/** A recordings row's cells, as text (the last, the links, left out). */
const rowCells = (page: Page, file: string): Promise<string[]> =>
  page.locator(`#recording-rows tr[data-file="${file}"] td`).evaluateAll((tds) => tds.slice(0, -1).map((td) => td.textContent ?? ''));
const rowFiles = (page: Page): Promise<string[]> => page.locator('#recording-rows tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.file ?? ''));

describe('the admin page recordings', () => {
  let ops: OpsServer;
  let httpUrl: string;
  let recordDir: string;
  let player: GameClient;
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    recordDir = mkdtempSync(join(tmpdir(), 'admin-recs-'));
    copyFileSync(FIXTURE, join(recordDir, ARENA));
    let wsUrl: string;
    ({ ops, httpUrl, wsUrl } = await startOps({ adminToken: TOKEN, game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null, record: { ...DEFAULT_RECORD, dir: recordDir, all: false } } }));
    player = client(wsUrl, 'alice');
    await player.connect();
    browser = await launchChromium({ viewport: { width: 1200, height: 800 } });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(`${httpUrl}/admin?token=${TOKEN}`);
  });

  afterAll(async () => {
    player?.leave();
    await browser?.close();
    await ops?.shutdown('test over');
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('lists the recordings with their header fields, downloads the very file, and links to the viewer at it with the token in the fragment', async () => {
    await expect.poll(() => rowFiles(page), { timeout: 5000 }).toEqual([ARENA]);
    const header = (await readRecording(new Uint8Array(readFileSync(FIXTURE)), () => null)).header;
    const [file, game, mode, room, started, part, size, state] = await rowCells(page, ARENA);
    expect({ file, game, mode, room, part, state }).toEqual({ file: ARENA, game: 'arena', mode: header.mode, room: header.roomId, part: '1', state: 'closed' });
    expect(started).toBe(await page.evaluate((ms) => new Date(ms).toLocaleString(), header.startedAtMs));
    expect(size).toMatch(/^\d+\.\d KB$/);
    expect(await page.locator('#recordings-summary').textContent()).toBe('1 file, newest first');

    // Download: fetched with the token (the href alone has none), saved under the file's name, byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#recording-rows tr[data-file="${ARENA}"] a.download`).click()]);
    expect(download.suggestedFilename()).toBe(ARENA);
    expect(readFileSync(await download.path())).toEqual(readFileSync(FIXTURE));
    await expect.poll(() => page.locator('#notice').textContent()).toBe(`download ${ARENA}: done`);

    // Watch: the viewer's deep link to that file, the token in the fragment only.
    const watch = page.locator(`#recording-rows tr[data-file="${ARENA}"] a.watch`);
    const href = await watch.evaluate((a) => (a as HTMLAnchorElement).href);
    expect(await watch.getAttribute('target')).toBe('_blank');
    const url = new URL(href);
    expect(url.pathname).toBe('/replay');
    expect(url.search).not.toContain(TOKEN);
    expect(parseDeepLink(url.search)).toEqual({ kind: 'server', file: ARENA, tick: null, follow: null });
    expect(fragmentToken(url.hash).token).toBe(TOKEN);
  });

  it('Record on a running room makes a recording the list shows being written; Stop recording closes it, a real recording of that room', async () => {
    const roomId = player.welcome!.roomId;
    const row = page.locator(`#room-${roomId}`);
    await row.waitFor({ timeout: 5000 });
    const api = async (): Promise<AdminState> => (await fetch(`${httpUrl}/admin/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<AdminState>;
    expect((await api()).recordingsEnabled).toBe(true);
    expect((await api()).rooms.find((r) => r.id === roomId)?.recording).toBe(false);

    await row.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe(`record room ${roomId}: done`);
    expect((await api()).rooms.find((r) => r.id === roomId)?.recording).toBe(true);
    await expect.poll(() => rowFiles(page), { timeout: 12_000 }).toHaveLength(2);
    const recorded = (await rowFiles(page)).find((f) => f !== ARENA)!;
    expect(recorded).toContain(`-arena-${roomId}-`);
    expect((await rowCells(page, recorded)).at(-1)).toBe('being written');
    await expect.poll(() => row.locator('.rec-on').textContent(), { timeout: 3000 }).toBe('● recording');

    await page.waitForTimeout(1200); // about a second of ticks in the file
    await row.getByRole('button', { name: 'Stop recording' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe(`stop recording room ${roomId}: done`);
    expect((await api()).rooms.find((r) => r.id === roomId)?.recording).toBe(false);
    await expect.poll(async () => (await rowCells(page, recorded)).at(-1), { timeout: 12_000 }).toBe('closed');
    await expect.poll(() => row.getByRole('button', { name: 'Record' }).count(), { timeout: 3000 }).toBe(1);

    const bytes = new Uint8Array(await (await fetch(`${httpUrl}/admin/api/recordings/file?name=${recorded}`, { headers: { authorization: `Bearer ${TOKEN}` } })).arrayBuffer());
    const rec = await readRecording(bytes, (h) => GAMES.find((g) => g.name === h.game)?.input.plan ?? null);
    expect(rec.header.roomId).toBe(roomId);
    expect(rec.problems.filter((p) => p.fatal)).toEqual([]);
    expect(rec.ticks.length).toBeGreaterThan(10);
    expect(rec.end?.reason).toBe('stopped');
  });
});
