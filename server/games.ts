/**
 * Discovery of the installed games on the server side: the only engine module that reads the
 * games' registry (games/index.ts), naming no game itself. The composition root (app.ts) hosts
 * what it lists unless told otherwise.
 */
import { GAMES } from '../games/index.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';

export const INSTALLED_GAMES: readonly AnyGame[] = GAMES;
