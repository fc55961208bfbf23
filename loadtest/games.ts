/**
 * Discovery of the installed games for the load tester: the only loadtest module that reads the
 * games' registry (games/index.ts), naming no game itself. A run names a mode (a room type: a
 * game's name or one of its variants, such as `arena-large`); the game that owns it supplies the
 * codec (its kinds), the input shape and the bot policies.
 */
import { GAMES } from '../games/index.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';

export const INSTALLED_GAMES: readonly AnyGame[] = GAMES;

/** The registry's first game: what a bare `npm run loadtest` plays. */
export function defaultGame(): AnyGame {
  const g = INSTALLED_GAMES[0];
  if (!g) throw new Error('no game is installed (games/index.ts lists none)');
  return g;
}

/** The game whose room variants include `mode`, or null. */
export function gameOfMode(mode: string, games: readonly AnyGame[] = INSTALLED_GAMES): AnyGame | null {
  for (const g of games) if (Object.hasOwn(g.rooms, mode)) return g;
  return null;
}

/** The installed game named `name`, or null. */
export function gameNamed(name: string, games: readonly AnyGame[] = INSTALLED_GAMES): AnyGame | null {
  return games.find((g) => g.name === name) ?? null;
}

/** Every mode of every installed game, as `mode (game)` would list them. */
export function allModes(games: readonly AnyGame[] = INSTALLED_GAMES): string[] {
  return games.flatMap((g) => Object.keys(g.rooms));
}
