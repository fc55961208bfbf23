/**
 * The one entry point into a game, for any game: give it the game's client entry, the player's
 * name and a way to get a GameClient, and it connects (unless the client is already welcomed,
 * e.g. by a lobby), builds the session, the shell's HUD (status line, controls card, F3
 * overlay) and the Phaser game with the shell's scene, which creates the game's view. The start
 * screen (client/main.ts) and the lobby both end by calling it. This module and what it imports
 * (Phaser) is a chunk of its own; each game's entry is another.
 */
import Phaser from 'phaser';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { GameClient } from '../shared/sdk/GameClient.ts';
import { createProbe, type GameProbe } from './debug/testProbe.ts';
import { NetSession } from './net/NetSession.ts';
import { NetStats } from './net/NetStats.ts';
import { phaserRendererType, type RendererChoice } from './render/pickRenderer.ts';
import type { GameClientEntry } from './shell/GameClientEntry.ts';
import { SessionScene, type FrameStats } from './shell/SessionScene.ts';
import { ControlsCard } from './ui/ControlsCard.ts';
import { NetStatsOverlay } from './ui/NetStatsOverlay.ts';
import { StatusLine } from './ui/StatusLine.ts';

export interface StartGameOptions {
  /** The game's client entry (client/games.ts loads it). */
  entry: GameClientEntry;
  name: string;
  /** Returns the GameClient to play on: a fresh one (startGame connects it) or one already welcomed. */
  connect: () => GameClient;
  /** Element the canvas goes into (default #game). */
  parent?: HTMLElement;
  /** Element the HUD goes into (default #hud). */
  hudRoot?: HTMLElement;
  clock?: Clock;
  /** Renderer: 'auto' (default) is WebGL on a GPU, Canvas on software-only WebGL or none. */
  renderer?: RendererChoice;
}

export interface GameHandle {
  readonly client: GameClient;
  readonly session: NetSession;
  readonly probe: GameProbe;
  /** Leave the room and tear the game down (back to a lobby, say); keepClient: tear down only (the client moved to a new room). */
  destroy(opts?: { keepClient?: boolean }): void;
}

export async function startGame(opts: StartGameOptions): Promise<GameHandle> {
  const { entry } = opts;
  const clock = opts.clock ?? systemClock;
  const client = opts.connect();
  const welcome = client.welcome ?? (await client.connect());
  if (welcome.game !== undefined && welcome.game !== entry.game.name) throw new Error(`the room plays "${welcome.game}", not "${entry.game.name}"`);
  const session = new NetSession(client, welcome, clock, { game: entry.game });
  const hudRoot = opts.hudRoot ?? element('hud');
  hudRoot.hidden = false;
  const status = new StatusLine(hudRoot);
  const controls = new ControlsCard(hudRoot, entry.game.name, entry.controls);
  // A closed tab leaves deliberately (held a few seconds for a reload) instead of holding its seat for the full grace.
  const onPageHide = (): void => client.leave({ unloading: true });
  window.addEventListener('pagehide', onPageHide);
  const netStats = new NetStats(session);
  const overlay = new NetStatsOverlay(hudRoot);
  const stats: FrameStats = { frames: 0, ticksSent: 0, ticksDropped: 0, fps: NaN, frameMs: NaN };
  const scene = new SessionScene({ entry, session, hudRoot, status, clock, stats, netStats, overlay });
  const offEvents = client.on('roomEvent', (e) => {
    if (e.type === 'announce') scene.view?.announce?.(e.announcement, clock.now());
  });
  const game = new Phaser.Game({
    type: phaserRendererType(opts.renderer ?? 'auto'),
    parent: opts.parent ?? element('game'),
    backgroundColor: entry.background ?? '#10141c',
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    banner: false,
    disableContextMenu: true,
    scene: [scene],
  });
  const probe = createProbe(
    {
      session,
      stats,
      clock,
      renderer: () => (game.renderer?.type === Phaser.WEBGL ? 'webgl' : game.renderer?.type === Phaser.CANVAS ? 'canvas' : 'unknown'),
      worldToScreen: (x, y) => scene.worldToScreen(x, y),
      drawnOwnPosition: () => scene.view?.drawnOwnPosition?.() ?? null,
      netStats: () => netStats.read(),
      overlayText: () => (overlay.shown ? (overlay.element.textContent ?? '') : null),
    },
    entry.probe?.(session, clock),
  );
  window.__game = probe;
  return {
    client,
    session,
    probe,
    destroy(opts = {}) {
      window.removeEventListener('pagehide', onPageHide);
      if (opts.keepClient !== true) client.leave();
      offEvents();
      session.dispose();
      game.destroy(true);
      overlay.destroy();
      controls.destroy();
      hudRoot.replaceChildren();
      hudRoot.hidden = true;
      if (window.__game === probe) delete window.__game;
    },
  };
}

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}
