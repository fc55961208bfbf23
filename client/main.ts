/**
 * The start screen: the lobby (client/lobby: game and mode picker, room list, quick play,
 * private rooms, join by code), which ends in startGame with a welcomed client. `?game=pong`
 * and `?mode=pong-duel` pick the game and room type (default: the first installed game);
 * `?autoplay=1` skips the lobby and joins straight away with the name from ?name= (tests);
 * `?renderer=webgl|canvas` forces a renderer.
 */
import { sanitizeName } from '../shared/protocol.ts';
import type { GameClient } from '../shared/sdk/GameClient.ts';
import { gameNamed, PLAYABLE, type PlayableGame } from './games.ts';
import { Lobby } from './lobby/Lobby.ts';
import { createBrowserClient } from './net/createBrowserClient.ts';
import type { GameHandle, StartGameOptions } from './startGame.ts';
import { promptForName } from './ui/NamePrompt.ts';

const NAME_KEY = 'arena.name';

/**
 * The shell's game code (Phaser, the scene, the HUD) and each game's client entry are chunks of
 * their own, loaded when a game starts: the lobby shows without waiting for them.
 */
async function startGame(game: PlayableGame, opts: Omit<StartGameOptions, 'entry'>): Promise<GameHandle> {
  const [shell, entry] = await Promise.all([import('./startGame.ts'), game.load()]);
  return shell.startGame({ ...opts, entry });
}

/** Fetch a game's chunks ahead (while the player reads the lobby), so Quick play starts at once. */
function prefetch(game: PlayableGame): void {
  void import('./startGame.ts');
  void game.load();
}

async function main(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const overlay = document.getElementById('overlay') ?? document.body;
  overlay.replaceChildren(); // the page's first "Loading" line
  const given = params.get('name') ?? readStored() ?? '';
  const picked = gameNamed(params.get('game'));
  const askedMode = params.get('mode');
  document.title = picked.game.title;
  const mode = askedMode !== null && Object.hasOwn(picked.game.rooms, askedMode) ? askedMode : picked.game.name;
  if (params.get('autoplay') !== '1') {
    // The lobby: room list, quick play, private rooms; it starts the game on a welcomed client.
    const start = (client: GameClient, name: string, game: PlayableGame): Promise<GameHandle> => startGame(game, { name, connect: () => client, ...rendererParam(params) });
    setTimeout(() => prefetch(picked), 300);
    await new Lobby({ host: overlay, initialName: given, onName: store, start, games: PLAYABLE, game: picked.game.name, mode, onPick: prefetch }).show();
    return;
  }
  let error = '';
  for (;;) {
    const name = !error ? sanitizeName(given) : await promptForName(overlay, { initialName: given, error, title: picked.game.title });
    store(name);
    try {
      await startGame(picked, { name, connect: () => createBrowserClient({ game: picked.game, name, mode }), ...rendererParam(params) });
      return;
    } catch (e) {
      error = `Could not join: ${(e as Error).message ?? String(e)}`;
    }
  }
}

/** `?renderer=canvas` or `?renderer=webgl` forces a renderer (tests, slow GPUs). */
function rendererParam(params: URLSearchParams): { renderer?: 'webgl' | 'canvas' } {
  const r = params.get('renderer');
  return r === 'canvas' || r === 'webgl' ? { renderer: r } : {};
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(NAME_KEY);
  } catch {
    return null;
  }
}

function store(name: string): void {
  try {
    window.localStorage.setItem(NAME_KEY, name);
  } catch {
    // private mode: the name is just not remembered
  }
}

void main();
