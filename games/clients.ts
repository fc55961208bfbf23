/**
 * The installed games' client entries: the one list the browser shell's discovery module
 * (client/games.ts) reads, beside games/index.ts. Each entry is a dynamic import, so a game's
 * client code (and Phaser) loads only when it is played; the lobby text is small and eager.
 * A game listed here but not in games/index.ts is not offered (the server would not host it).
 */
import type { ClientListing } from '../client/shell/GameClientEntry.ts';
import { listClient } from '../client/shell/GameClientEntry.ts';
import { arena } from './arena/index.ts';
import { arenaLobby } from './arena/client/lobby.ts';
import { pong } from './pong/index.ts';
import { pongLobby } from './pong/client/lobby.ts';

export const CLIENTS: readonly ClientListing[] = [
  listClient(arena, arenaLobby, () => import('./arena/client/index.ts')),
  listClient(pong, pongLobby, () => import('./pong/client/index.ts')),
];
