/**
 * The installed games: the one list the engine's discovery modules read (server/games.ts and
 * the client's). Add a game here to host it; the first is the default of the lobby and the SDK.
 */
import { arena } from './arena/index.ts';
import { pong } from './pong/index.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';

export const GAMES: readonly AnyGame[] = [arena, pong];
