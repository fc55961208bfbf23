/**
 * The start screen: the lobby (client/lobby: room list, quick play, private rooms, join by code),
 * which ends in startGame with a welcomed client. `?autoplay=1` skips it and joins straight
 * away with the name from ?name= (tests); `?renderer=webgl|canvas` forces a renderer.
 */
import { sanitizeName } from '../shared/protocol.ts';
import { Lobby } from './lobby/Lobby.ts';
import { createBrowserClient } from './net/createBrowserClient.ts';
import type { GameHandle, StartGameOptions } from './startGame.ts';
import type { GameClient } from '../shared/sdk/GameClient.ts';
import { promptForName } from './ui/NamePrompt.ts';

const NAME_KEY = 'arena.name';

/**
 * The game (Phaser and the scene) is a chunk of its own, loaded when a game starts: the lobby
 * shows without waiting for it.
 */
async function startGame(opts: StartGameOptions): Promise<GameHandle> {
  const game = await import('./startGame.ts');
  return game.startGame(opts);
}

async function main(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const overlay = document.getElementById('overlay') ?? document.body;
  overlay.replaceChildren(); // the page's first "Loading" line
  const given = params.get('name') ?? readStored() ?? '';
  if (params.get('autoplay') !== '1') {
    // The lobby: room list, quick play, private rooms; it starts the game on a welcomed client.
    const start = (client: GameClient, name: string): Promise<GameHandle> => startGame({ name, connect: () => client, ...rendererParam(params) });
    // Fetch the game's chunk while the player reads the lobby, so Quick play starts at once.
    setTimeout(() => void import('./startGame.ts'), 300);
    await new Lobby({ host: overlay, initialName: given, onName: store, start }).show();
    return;
  }
  let error = '';
  for (;;) {
    const name = params.get('autoplay') === '1' && !error ? sanitizeName(given) : await promptForName(overlay, { initialName: given, error });
    store(name);
    try {
      await startGame({ name, connect: () => createBrowserClient({ name }), ...rendererParam(params) });
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
