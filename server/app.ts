/** Wires a GameServer to the uWS transport and the static client. Used by main.ts and the tests. */
import { systemClock } from '../shared/clock.ts';
import { DEFAULT_CONFIG, GameServer, type GameServerConfig, type GameServerDeps } from './GameServer.ts';
import { INSTALLED_GAMES } from './games.ts';
import { staticFiles } from './http/staticFiles.ts';
import { createUwsTransport } from './transport/uws.ts';

export function createGameServer(config: Partial<GameServerConfig> = {}, deps: Partial<GameServerDeps> = {}): GameServer {
  const full: GameServerConfig = { ...DEFAULT_CONFIG, ...config, session: { ...DEFAULT_CONFIG.session, ...config.session } };
  return new GameServer(full, {
    clock: systemClock,
    transport: createUwsTransport,
    games: INSTALLED_GAMES,
    ...(full.staticDir ? { fallback: staticFiles(full.staticDir) } : {}),
    ...deps,
  });
}
