/**
 * Discovery of the installed games on the client side: the only shell module that reads the
 * games' registries (games/index.ts for the definitions, games/clients.ts for the client
 * entries), naming no game itself. A game is playable here when both list it; the first is the
 * default (`?game=` picks another).
 */
import { GAMES } from '../games/index.ts';
import { CLIENTS } from '../games/clients.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';
import type { ClientListing, GameClientEntry, GameLobby } from './shell/GameClientEntry.ts';

export interface PlayableGame {
  readonly game: AnyGame;
  readonly lobby: GameLobby;
  /** The room variants, the default (named after the game) first. */
  readonly modes: readonly { readonly mode: string; readonly label: string; readonly capacity: number }[];
  load(): Promise<GameClientEntry>;
}

function playable(game: AnyGame, listing: ClientListing): PlayableGame {
  const names = [game.name, ...Object.keys(game.rooms).filter((m) => m !== game.name)];
  const labels = listing.lobby.modes as Readonly<Record<string, string | undefined>> | undefined;
  return {
    game,
    lobby: listing.lobby,
    modes: names.map((mode) => ({ mode, label: labels?.[mode] ?? game.rooms[mode]!.description ?? mode, capacity: game.rooms[mode]!.capacity })),
    load: () => listing.load(),
  };
}

export const PLAYABLE: readonly PlayableGame[] = GAMES.flatMap((g) => {
  const listing = CLIENTS.find((c) => c.name === g.name);
  return listing ? [playable(g, listing)] : [];
});

/** The game of a name, else the default. */
export function gameNamed(name: string | null | undefined): PlayableGame {
  const first = PLAYABLE[0];
  if (!first) throw new Error('no game is installed with a client entry (games/index.ts, games/clients.ts)');
  return PLAYABLE.find((p) => p.game.name === name) ?? first;
}

/** The game a room type belongs to (its variants), or null. */
export function gameOfMode(mode: string): PlayableGame | null {
  return PLAYABLE.find((p) => Object.hasOwn(p.game.rooms, mode)) ?? null;
}
