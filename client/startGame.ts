/**
 * The one entry point into a game: give it the player's name and a way to get a GameClient,
 * and it connects (unless the client is already welcomed, e.g. by a lobby), builds the session,
 * the HUD and the Phaser game with the arena scene. The start screen (client/main.ts) and the
 * lobby both end by calling it.
 */
import Phaser from 'phaser';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { GameClient } from '../shared/sdk/GameClient.ts';
import { createProbe, type GameProbe } from './debug/testProbe.ts';
import { NetSession } from './net/NetSession.ts';
import { phaserRendererType, type RendererChoice } from './render/pickRenderer.ts';
import { ArenaScene, type FrameStats } from './scenes/ArenaScene.ts';
import { Hud } from './ui/Hud.ts';
import { NetStats } from './net/NetStats.ts';
import { NetStatsOverlay } from './ui/NetStatsOverlay.ts';

export interface StartGameOptions {
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
  const clock = opts.clock ?? systemClock;
  const client = opts.connect();
  const welcome = client.welcome ?? (await client.connect());
  const session = new NetSession(client, welcome, clock);
  const hudRoot = opts.hudRoot ?? element('hud');
  const hud = new Hud(hudRoot, welcome.map, welcome.playerId);
  const offEvents = client.on('roomEvent', (e) => hud.event(e, clock.now()));
  // A closed tab leaves deliberately (held a few seconds for a reload) instead of holding its seat for the full grace.
  const onPageHide = (): void => client.leave({ unloading: true });
  window.addEventListener('pagehide', onPageHide);
  const netStats = new NetStats(session);
  const overlay = new NetStatsOverlay(hudRoot);
  const stats: FrameStats = { frames: 0, ticksSent: 0, ticksDropped: 0, fps: NaN, frameMs: NaN };
  const arena = new ArenaScene({ session, hud, clock, stats, netStats, overlay });
  const game = new Phaser.Game({
    type: phaserRendererType(opts.renderer ?? 'auto'),
    parent: opts.parent ?? element('game'),
    backgroundColor: '#10141c',
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    banner: false,
    disableContextMenu: true,
    scene: [arena],
  });
  const probe = createProbe({
    session,
    stats,
    clock,
    renderer: () => (game.renderer?.type === Phaser.WEBGL ? 'webgl' : game.renderer?.type === Phaser.CANVAS ? 'canvas' : 'unknown'),
    worldToScreen: (x, y) => arena.worldToScreen(x, y),
    drawnOwnPosition: () => arena.drawnOwnPosition,
    netStats: () => netStats.read(),
    overlayText: () => (overlay.shown ? (overlay.element.textContent ?? '') : null),
  });
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
      hud.destroy();
      if (window.__game === probe) delete window.__game;
    },
  };
}

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}
