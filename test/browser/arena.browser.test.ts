/**
 * The built client in real Chromium against the real server: two pages join, see each other,
 * page A holds a movement key, and both A's prediction and B's interpolated view of A move.
 */
import { mkdirSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGameServer } from '../../server/app.ts';
import type { GameServer } from '../../server/GameServer.ts';
import type { GameMap } from '../../games/arena/shared/map.ts';
import { addPlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld } from '../../games/arena/shared/world.ts';
import type { GameProbe } from '../../client/debug/testProbe.ts';
import type { RemotePlayerProbe } from '../../games/arena/client/probe.ts';
import { launchChromium, NO_THROTTLING_ARGS, type LaunchedBrowser } from '../helpers/browser.ts';

const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const DIST = repo('dist/client');
const ARTIFACTS = repo('test-artifacts');

/** Newest modification time of the files under a directory. */
function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build dist/client unless it is newer than every client, shared, games and config source. */
async function ensureBuilt(): Promise<void> {
  let builtAt = 0;
  try {
    builtAt = statSync(join(DIST, 'index.html')).mtimeMs;
  } catch {
    builtAt = 0;
  }
  const sources = Math.max(newestMtimeMs(repo('client')), newestMtimeMs(repo('shared')), newestMtimeMs(repo('games')), statSync(repo('vite.config.ts')).mtimeMs);
  if (builtAt > sources) return;
  await build({ configFile: repo('vite.config.ts'), logLevel: 'warn' });
}

type Probe = Pick<GameProbe, 'playerId' | 'roomId' | 'connected' | 'rttMs' | 'frames' | 'renderer'> & {
  own: { x: number; y: number } | null;
  remote: RemotePlayerProbe[];
  predictor: Readonly<Record<string, number>>;
};

async function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const g = window.__game!;
    return {
      playerId: g.playerId,
      roomId: g.roomId,
      connected: g.connected,
      rttMs: g.rttMs,
      frames: g.frames,
      renderer: g.renderer,
      own: g.ownPosition(),
      remote: g.remotePositions(),
      predictor: g.predictorStats(),
    };
  });
}

const DIRECTIONS = [
  { key: 'd', mx: 1, my: 0 },
  { key: 'a', mx: -1, my: 0 },
  { key: 's', mx: 0, my: 1 },
  { key: 'w', mx: 0, my: -1 },
] as const;
type Direction = (typeof DIRECTIONS)[number];

/** Displacement along `dir` of a point moved from `from` to `to`. */
const along = (dir: Direction, from: { x: number; y: number }, to: { x: number; y: number }): number =>
  (to.x - from.x) * dir.mx + (to.y - from.y) * dir.my;

/** How far `ticks` ticks of holding a direction move a player from `from` on this map (shared rules). */
function freeTravel(map: GameMap, from: { x: number; y: number }, dir: Direction, ticks: number): number {
  const world = createWorld(map, 1);
  const p = addPlayer(world, 'probe');
  Object.assign(p, { x: from.x, y: from.y });
  for (let i = 1; i <= ticks; i++) step(world, new Map([[p.id, [{ seq: i, mx: dir.mx, my: dir.my, aim: 0, fire: false }]]]), 1 / 30);
  return along(dir, from, p);
}

/** Whether one shot from `from` aimed at `to` reaches it on this map (the shared rules decide). */
function shotHits(map: GameMap, from: { x: number; y: number }, to: { x: number; y: number }): boolean {
  const world = createWorld(map, 1);
  const shooter = addPlayer(world, 'shooter');
  const target = addPlayer(world, 'target');
  Object.assign(shooter, { x: from.x, y: from.y });
  Object.assign(target, { x: to.x, y: to.y });
  const aim = Math.atan2(to.y - from.y, to.x - from.x);
  for (let i = 1; i <= 45; i++) {
    const events = step(world, new Map([[shooter.id, [{ seq: i, mx: 0, my: 0, aim, fire: i === 1 }]]]), 1 / 30);
    if (events.some((e) => e.type === 'hit' && e.target === target.id)) return true;
  }
  return false;
}

/** A point 120 units from `from` in a direction where a shot flies at least 5 ticks. */
function clearShotTarget(map: GameMap, from: { x: number; y: number }): { x: number; y: number } {
  for (let k = 0; k < 16; k++) {
    const aim = (k * Math.PI) / 8;
    const world = createWorld(map, 1);
    const shooter = addPlayer(world, 'shooter');
    Object.assign(shooter, { x: from.x, y: from.y });
    step(world, new Map([[shooter.id, [{ seq: 1, mx: 0, my: 0, aim, fire: true }]]]), 1 / 30);
    for (let i = 0; i < 4; i++) step(world, new Map(), 1 / 30);
    if (world.projectiles.size > 0) return { x: from.x + Math.cos(aim) * 120, y: from.y + Math.sin(aim) * 120 };
  }
  throw new Error('no direction to shoot in');
}

const angleBetween = (a: number, b: number): number => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));

describe('arena in the browser', () => {
  let server: GameServer;
  let context: BrowserContext;
  let browser: LaunchedBrowser;
  let baseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    // A map about the size of the viewport, so both players are on both screenshots.
    server = createGameServer({ host: '127.0.0.1', port: 0, staticDir: DIST, mapWidth: 640, mapHeight: 480 });
    const port = await server.start();
    baseUrl = `http://127.0.0.1:${port}`;
    // WebGL on the software rasterizer for page A (page B takes the default renderer).
    browser = await launchChromium({ viewport: { width: 960, height: 640 }, extraArgs: ['--enable-unsafe-swiftshader', ...NO_THROTTLING_ARGS] });
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('two players see each other and movement shows up on both screens', async () => {
    const open = async (name: string, extra = ''): Promise<Page> => {
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
      await page.goto(`${baseUrl}/?name=${name}&autoplay=1${extra}`);
      return page;
    };
    // A forces WebGL (SwiftShader here); B takes the default, which picks Canvas on software GL.
    const a = await open('A', '&renderer=webgl');
    const b = await open('B');
    const ready = (page: Page): Promise<unknown> =>
      page.waitForFunction(() => {
        const g = window.__game;
        return g !== undefined && g.connected && g.ownPosition() !== null && g.remotePositions().length >= 1 && g.frames > 5;
      }, undefined, { timeout: 20_000 });
    await Promise.all([ready(a), ready(b)]);

    let pa = await probe(a);
    let pb = await probe(b);
    expect(pa.renderer).toBe('webgl');
    expect(pb.renderer).toBe('canvas');
    expect(pa.roomId).toBe(pb.roomId);
    expect(pa.playerId).not.toBe(pb.playerId);
    expect(pa.remote.map((r) => r.name)).toEqual(['B']);
    expect(pb.remote.find((r) => r.id === pa.playerId)?.name).toBe('A');

    // Hold a direction the map leaves room for (right if it can), for ~0.5 s.
    const map = await a.evaluate(() => window.__game!.map);
    const start = pa.own!;
    const room = (d: Direction): number => freeTravel(map, start, d, 15);
    const dir = room(DIRECTIONS[0]) >= 60 ? DIRECTIONS[0] : DIRECTIONS.reduce((best, d) => (room(d) > room(best) ? d : best));
    const bStart = pb.remote.find((r) => r.id === pa.playerId)!;
    await a.bringToFront();
    await a.keyboard.down(dir.key);
    await a.waitForTimeout(500);
    await a.keyboard.up(dir.key);

    // A's own (predicted) player moved at once; B's view of A follows ~100 ms + latency later
    // and settles exactly where the server (and so A's reconciled prediction) put A.
    pa = await probe(a);
    const movedA = along(dir, start, pa.own!);
    expect(movedA).toBeGreaterThan(Math.min(40, room(dir) / 2));
    await b.waitForFunction(
      ([id, x, y]) => {
        const r = window.__game!.remotePositions().find((p) => p.id === id);
        return r !== undefined && Math.abs(r.x - x) < 0.05 && Math.abs(r.y - y) < 0.05;
      },
      [pa.playerId, pa.own!.x, pa.own!.y] as const,
      { timeout: 10_000 },
    );
    pb = await probe(b);
    expect(along(dir, bStart, pb.remote.find((r) => r.id === pa.playerId)!)).toBeCloseTo(movedA, 1);

    // Reconciliation found nothing to correct in steady movement; the HUD has a ping.
    expect(pa.predictor.snaps).toBe(0);
    await a.waitForFunction(() => Number.isFinite(window.__game!.rttMs), undefined, { timeout: 10_000 });
    await a.waitForFunction(() => document.querySelector('.hud-status')?.textContent?.startsWith('ping ') === true, undefined, { timeout: 10_000 });
    expect(await a.locator('.hud-scoreboard tr').count()).toBe(3);

    // Point the mouse at B (or, with an obstacle in between, at open space) and hold the left
    // button until B is hit (or sees A's shots fly).
    pa = await probe(a);
    const bSeen = pa.remote.find((r) => r.id === pb.playerId)!;
    const shooterAt = pa.own!;
    const canHitB = shotHits(map, shooterAt, bSeen);
    const target = canHitB ? bSeen : clearShotTarget(map, shooterAt);
    const onScreen = await a.evaluate(([x, y]) => window.__game!.worldToScreen(x, y), [target.x, target.y] as const);
    expect(onScreen).not.toBeNull();
    await a.mouse.move(onScreen!.x, onScreen!.y);
    await a.mouse.down();
    if (canHitB) {
      await b.waitForFunction(() => (window.__game!.ownState()?.hp ?? 100) < 100, undefined, { timeout: 10_000, polling: 20 });
    } else {
      await b.waitForFunction(([id]) => window.__game!.projectiles().some((p) => p.owner === id), [pa.playerId] as const, { timeout: 10_000, polling: 20 });
    }
    await a.mouse.up();
    // The server took A's aim from the mouse in world coordinates: B sees A pointing there.
    // (B draws A ~100 ms in the past, so wait for the newest aim to reach the screen.)
    const aim = Math.atan2(target.y - shooterAt.y, target.x - shooterAt.x);
    const aimSeenByB = async (): Promise<number> => (await probe(b)).remote.find((r) => r.id === pa.playerId)!.aim;
    const deadline = Date.now() + 3_000;
    while (angleBetween(await aimSeenByB(), aim) >= 0.05 && Date.now() < deadline) await b.waitForTimeout(50);
    expect(angleBetween(await aimSeenByB(), aim)).toBeLessThan(0.05);

    mkdirSync(ARTIFACTS, { recursive: true });
    await a.screenshot({ path: join(ARTIFACTS, 'arena-A.png') });
    await b.screenshot({ path: join(ARTIFACTS, 'arena-B.png') });
    console.log(`renderer A=${pa.renderer} B=${pb.renderer}; frames A=${pa.frames} B=${pb.frames}; A moved ${movedA.toFixed(1)} (${dir.key}); predictor A ${JSON.stringify(pa.predictor)}`);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('at 150 ms ± 30 ms of simulated latency a key moves the own player on the very next frame, and F3 shows the measured RTT', async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`C: ${e.message}`));
    // The client half of the network simulator: every message waits 75 ± 15 ms each way.
    await page.goto(`${baseUrl}/?name=C&autoplay=1&lag=150&jitter=30`);
    await page.waitForFunction(() => {
      const g = window.__game;
      return g !== undefined && g.connected && g.ownPosition() !== null && g.drawnOwnPosition() !== null && g.frames > 30 && (g.ownState()?.alive ?? false);
    }, undefined, { timeout: 20_000 });
    const map = await page.evaluate(() => window.__game!.map);
    const start = (await page.evaluate(() => window.__game!.ownPosition()))!;
    const room = (d: Direction): number => freeTravel(map, start, d, 3);
    const dir = DIRECTIONS.reduce((best, d) => (room(d) > room(best) ? d : best));
    expect(room(dir)).toBeGreaterThan(10);

    // Record the frame counter and the drawn position when the key goes down, and the drawn
    // position after the next frame (a requestAnimationFrame callback queued from the key
    // handler runs after the game's own callback of that frame).
    await page.evaluate(() => {
      type KeyProbe = { frame: number; before: { x: number; y: number }; next?: { frame: number; pos: { x: number; y: number } } };
      const w = window as unknown as { keyProbe?: KeyProbe };
      window.addEventListener(
        'keydown',
        () => {
          const g = window.__game!;
          if (w.keyProbe) return;
          const probe: KeyProbe = { frame: g.frames, before: g.drawnOwnPosition()! };
          w.keyProbe = probe;
          requestAnimationFrame(() => (probe.next = { frame: g.frames, pos: g.drawnOwnPosition()! }));
        },
        { capture: true },
      );
    });
    await page.bringToFront();
    await page.keyboard.down(dir.key);
    await page.waitForFunction(() => (window as unknown as { keyProbe?: { next?: unknown } }).keyProbe?.next !== undefined, undefined, { timeout: 5_000, polling: 10 });
    await page.keyboard.up(dir.key);
    const probeResult = await page.evaluate(() => (window as unknown as { keyProbe: { frame: number; before: { x: number; y: number }; next: { frame: number; pos: { x: number; y: number } } } }).keyProbe);
    // Exactly one frame later, the own player has moved in the key's direction: no round trip.
    expect(probeResult.next.frame).toBe(probeResult.frame + 1);
    expect(along(dir, probeResult.before, probeResult.next.pos)).toBeGreaterThan(0.05);

    // F3: the overlay appears and shows an RTT that includes the simulated 150 ms.
    await page.keyboard.press('F3');
    await page.waitForFunction(() => /RTT\s+\d+ ms/.test(window.__game!.overlayText() ?? ''), undefined, { timeout: 10_000 });
    // The text and its data attribute read together: the overlay refreshes while the test runs.
    const shown = await page.evaluate(() => ({ text: window.__game!.overlayText()!, attr: document.querySelector('.net-stats')?.getAttribute('data-rtt-ms') ?? null }));
    const text = shown.text;
    const rtt = Number(/RTT\s+(\d+) ms/.exec(text)![1]);
    expect(rtt).toBeGreaterThanOrEqual(120);
    expect(rtt).toBeLessThan(400);
    expect(await page.locator('.net-stats').isVisible()).toBe(true);
    expect(Number(shown.attr)).toBe(rtt);
    for (const label of ['frame rate', 'jitter', 'server clock', 'server ticks', 'snapshots', 'interp delay', 'starved', 'corrections', 'data in/out', 'input buffer', 'late inputs']) expect(text).toContain(label);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'netstats-C.png') });
    console.log(`C: key at frame ${probeResult.frame}, moved ${along(dir, probeResult.before, probeResult.next.pos).toFixed(2)} units by the next frame (${dir.key}); overlay:\n${text}`);
    await page.keyboard.press('F3');
    expect(await page.locator('.net-stats').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
