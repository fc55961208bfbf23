/**
 * The admin page and API: refused without the token; with it, the page in real Chromium lists the
 * rooms and players (and no recording controls on a server that records nothing), and its
 * "Close room" button disconnects that room's players with 4008.
 */
import { launchChromium, type LaunchedBrowser } from '../helpers/browser.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../shared/protocol.ts';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { AdminState } from '../../server/ops/admin/adminState.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { client, until } from '../helpers/net.ts';
import { REPO_DIR, startOps } from './opsHelpers.ts';

const TOKEN = 'test-admin-token-0123456789';
let ops: OpsServer;
let httpUrl: string;
let wsUrl: string;
const players: GameClient[] = [];
const closeCodes = new Map<GameClient, number>();

beforeAll(async () => {
  ({ ops, httpUrl, wsUrl } = await startOps({ adminToken: TOKEN, game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null, roomCapacity: 2, reconnectGraceMs: 0 } }));
  // Two rooms of two (joined one after another so the first room fills first).
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    const c = client(wsUrl, name);
    c.on('close', (code) => closeCodes.set(c, code));
    await c.connect();
    players.push(c);
  }
});
afterAll(async () => {
  players.forEach((c) => c.leave());
  await ops.shutdown('test over');
});

const api = (path: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}, token: string | null = TOKEN): Promise<Response> =>
  fetch(`${httpUrl}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...init.headers } });

describe('admin', () => {
  it('refuses requests without the right token (401)', async () => {
    const page = await fetch(`${httpUrl}/admin`);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${httpUrl}/admin?token=wrong-token-wrong-token`)).status).toBe(401);
    expect((await api('/admin/api/state', {}, null)).status).toBe(401);
    expect((await api('/admin/api/state', {}, 'x'.repeat(TOKEN.length))).status).toBe(401);
    const roomId = players[0]!.welcome!.roomId;
    expect((await api('/admin/api/rooms/close', { method: 'POST', body: JSON.stringify({ roomId }) }, null)).status).toBe(401);
    expect(ops.server.rooms.rooms.has(roomId)).toBe(true);
    expect(players.every((c) => c.isOpen)).toBe(true);

    const ok = await fetch(`${httpUrl}/admin?token=${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    const state = (await (await api('/admin/api/state')).json()) as AdminState;
    expect(state.players).toBe(4);
    expect(state.rooms.map((r) => r.players.map((p) => p.name).sort())).toEqual(expect.arrayContaining([['alice', 'bob'], ['carol', 'dave']]));
  });

  it('kicks a player through the API with 4007', async () => {
    const [, , carol, dave] = players as [GameClient, GameClient, GameClient, GameClient];
    expect((await api('/admin/api/players/kick', { method: 'POST', body: JSON.stringify({ roomId: dave.welcome!.roomId, playerId: 999_999 }) })).status).toBe(404);
    expect((await api('/admin/api/players/kick', { method: 'POST', body: '{"roomId": 1}' })).status).toBe(400);
    const res = await api('/admin/api/players/kick', { method: 'POST', body: JSON.stringify({ roomId: dave.welcome!.roomId, playerId: dave.playerId }) });
    expect(res.status).toBe(200);
    await until(() => closeCodes.has(dave), 3000, 'dave closed');
    expect(closeCodes.get(dave)).toBe(CLOSE.Kicked);
    expect(carol.isOpen).toBe(true);
  });

  it('in Chromium, the page shows the rooms and players, and "Close room" disconnects that room with 4008', async () => {
    const [alice, bob, carol] = players as [GameClient, GameClient, GameClient];
    const roomId = alice.welcome!.roomId;
    expect(bob.welcome!.roomId).toBe(roomId);
    expect(carol.welcome!.roomId).not.toBe(roomId);
    const play = setInterval(() => [alice, bob, carol].forEach((c) => c.isOpen && c.sendInput({ mx: 1, my: 1, aim: 0, fire: true })), 50);
    let browser: LaunchedBrowser | null = null;
    try {
      browser = await launchChromium({ viewport: { width: 1100, height: 640 } });
      const context = browser.context;
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${httpUrl}/admin?token=${TOKEN}`);
      const row = page.locator(`#room-${roomId}`);
      await row.waitFor({ timeout: 5000 });
      await expect.poll(() => row.locator('.count').textContent(), { timeout: 5000 }).toBe('2 / 2');
      // This server records nothing: no Record button, and the recordings section says so.
      expect(await page.locator('button.record').count()).toBe(0);
      await expect.poll(() => page.locator('#recordings-summary').textContent(), { timeout: 5000 }).toBe('off on this server (start it with --record DIR, or --recordings DIR)');
      const names = await page.locator('tr.player .name').allTextContents();
      expect(names.sort()).toEqual(['alice', 'bob', 'carol']);
      // Let a few polls fill the charts, then keep a picture of the page.
      await page.waitForFunction(() => (document.querySelector('#chart-bytes polyline')?.getAttribute('points') ?? '').split(' ').length >= 3, null, { timeout: 8000 });
      expect(await page.locator('#players').textContent()).toBe('3');
      mkdirSync(join(REPO_DIR, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: join(REPO_DIR, 'test-artifacts', 'admin.png') });

      await row.getByRole('button', { name: 'Close room' }).click();
      await until(() => closeCodes.has(alice) && closeCodes.has(bob), 3000, 'the room to close');
      expect(closeCodes.get(alice)).toBe(CLOSE.RoomClosed);
      expect(closeCodes.get(bob)).toBe(CLOSE.RoomClosed);
      expect(carol.isOpen).toBe(true);
      expect(ops.server.rooms.rooms.has(roomId)).toBe(false);
      await expect.poll(() => page.locator('#notice').textContent(), { timeout: 3000 }).toBe(`close room ${roomId}: done`);
      await row.waitFor({ state: 'detached', timeout: 3000 });
      expect(pageErrors).toEqual([]);
    } finally {
      clearInterval(play);
      await browser?.close();
    }
  });
});
