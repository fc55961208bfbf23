/**
 * Discovery of the installed games on the client side: the only shell module that reaches into
 * games/, naming no game. The definitions come from the registry (games/index.ts); each game's
 * client is found by convention, through Vite's import.meta.glob:
 *   - `games/<name>/client/lobby.ts` (default export: GameLobby): what the lobby shows, bundled
 *     with the lobby (plain text);
 *   - `games/<name>/client/index.ts` (default export: GameClientEntry, see defineClient): its
 *     views, loaded only when it is played (a chunk of its own, with Phaser in the shell's).
 * A game is playable here when the registry lists it and it has both files; the first is the
 * default (`?game=` picks another).
 */
import { GAMES } from '../games/index.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';
import type { GameClientEntry, GameLobby } from './shell/GameClientEntry.ts';

declare global {
  interface ImportMeta {
    /** Vite's glob import (replaced at build time): lazy loaders by path, or the modules themselves with `eager`. */
    glob(pattern: string, opts?: { eager?: boolean }): Record<string, unknown>;
  }
}

const LOBBIES = import.meta.glob('../games/*/client/lobby.ts', { eager: true }) as Record<string, { default: GameLobby }>;
const ENTRIES = import.meta.glob('../games/*/client/index.ts') as Record<string, () => Promise<{ default: GameClientEntry }>>;

export interface PlayableGame {
  readonly game: AnyGame;
  readonly lobby: GameLobby;
  /** The room variants, the default (named after the game) first. */
  readonly modes: readonly { readonly mode: string; readonly label: string; readonly capacity: number }[];
  /** The game's client entry (a dynamic import: its code and Phaser load now). */
  load(): Promise<GameClientEntry>;
}

function playable(game: AnyGame): PlayableGame | null {
  const lobby = LOBBIES[`../games/${game.name}/client/lobby.ts`]?.default;
  const load = ENTRIES[`../games/${game.name}/client/index.ts`];
  if (!lobby || !load) return null;
  const names = [game.name, ...Object.keys(game.rooms).filter((m) => m !== game.name)];
  const labels = lobby.modes as Readonly<Record<string, string | undefined>> | undefined;
  return {
    game,
    lobby,
    modes: names.map((mode) => ({ mode, label: labels?.[mode] ?? game.rooms[mode]!.description ?? mode, capacity: game.rooms[mode]!.capacity })),
    load: async () => {
      const entry = (await load()).default;
      if (entry.game !== game) throw new Error(`games/${game.name}/client/index.ts is the client of "${entry.game.name}"`);
      return entry;
    },
  };
}

export const PLAYABLE: readonly PlayableGame[] = GAMES.flatMap((g) => playable(g) ?? []);

/** The game of a name, else the default. */
export function gameNamed(name: string | null | undefined): PlayableGame {
  const first = PLAYABLE[0];
  if (!first) throw new Error('no installed game has a client (games/index.ts, games/<name>/client/index.ts and lobby.ts)');
  return PLAYABLE.find((p) => p.game.name === name) ?? first;
}
