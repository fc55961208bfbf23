/** Server configuration from the environment, validated with a message naming the bad value. */
import { DEFAULT_CONFIG, type GameServerConfig } from './GameServer.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new ConfigError(`${key}=${JSON.stringify(raw)} is invalid: expected an integer from ${min} to ${max}`);
  return v;
}

export function configFromEnv(env: NodeJS.ProcessEnv, staticDir: string | null): GameServerConfig {
  return {
    ...DEFAULT_CONFIG,
    host: env.HOST && env.HOST !== '' ? env.HOST : DEFAULT_CONFIG.host,
    port: int(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    tickRate: int(env, 'TICK_RATE', DEFAULT_CONFIG.tickRate, 1, 240),
    roomCapacity: int(env, 'ROOM_CAPACITY', DEFAULT_CONFIG.roomCapacity, 1, 1000),
    maxRooms: int(env, 'MAX_ROOMS', DEFAULT_CONFIG.maxRooms, 1, 100_000),
    staticDir,
  };
}
