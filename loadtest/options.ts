/** A load-test run's options, their defaults and their hard bounds. */
import type { NetSimOptions } from '../shared/netcode/DelayQueue.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';
import { behaviorsOf, defaultPolicy, parseBehaviorMix, type BehaviorShare } from './behaviors/index.ts';
import { allModes, defaultGame, gameNamed, gameOfMode, INSTALLED_GAMES } from './games.ts';

export interface RunOptions {
  /**
   * The server's HTTP address, e.g. http://127.0.0.1:8080 (ws:// also accepted); a comma list of
   * a cluster's nodes (http://127.0.0.1:8081,http://127.0.0.1:8082): matchmaking passes to the
   * next when one does not answer (a node restarting), as a load balancer would. The first is
   * the one whose /metrics is read.
   */
  url: string;
  bots: number;
  /** Bots started per second. */
  rampPerSec: number;
  /** Whole run, ramp included. */
  durationMs: number;
  /** The room type to join: a game's name or one of its variants (`arena-large`, `pong-duel`). */
  mode: string;
  /** The game the mode belongs to, by name (null: the installed game whose variants include the mode). */
  game: string | null;
  /** The bots' behaviours among the game's (loadtest/behaviors); null: the game's default bot policy. */
  behaviors: BehaviorShare[] | null;
  workers: number;
  /** Spread the bots evenly over this many rooms (needs the matchmaking API); null: fill through matchmaking. */
  rooms: number | null;
  seed: number;
  /** The bots' WebSocket client: `net` (NetWebSocket, lean) or `ws` (the ws package, for comparison). */
  socket: 'net' | 'ws';
  joinTimeoutMs: number;
  /** Bounded wait for every socket to close at the end. */
  stopTimeoutMs: number;
  namePrefix: string;
  /** Network simulator in every bot (lag, jitter, TCP stalls: shared/netcode/DelayQueue.ts); null: off. */
  netSim: NetSimOptions | null;
}

export const LIMITS = {
  maxBots: 100_000,
  maxDurationMs: 60 * 60 * 1000,
  minDurationMs: 1000,
  maxWorkers: 64,
  maxRampPerSec: 10_000,
} as const;

export const DEFAULT_OPTIONS: Omit<RunOptions, 'workers'> = {
  url: 'http://127.0.0.1:8080',
  bots: 50,
  rampPerSec: 100,
  durationMs: 30_000,
  mode: defaultGame().name,
  game: null,
  behaviors: null,
  rooms: null,
  seed: 1,
  socket: 'net',
  joinTimeoutMs: 10_000,
  stopTimeoutMs: 5000,
  namePrefix: 'bot-',
  netSim: null,
};

/** The URLs of --url (one, or a comma list of a cluster's nodes). */
export function baseUrls(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** Check bounds; throws OptionError naming the bad option. */
export function validateOptions(o: RunOptions): RunOptions {
  const int = (v: number, name: string, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) throw new OptionError(`--${name} must be an integer from ${min} to ${max} (got ${v})`);
  };
  int(o.bots, 'bots', 1, LIMITS.maxBots);
  int(o.workers, 'workers', 1, LIMITS.maxWorkers);
  if (!(o.rampPerSec > 0 && o.rampPerSec <= LIMITS.maxRampPerSec)) throw new OptionError(`--ramp must be between 0 and ${LIMITS.maxRampPerSec} bots/s (got ${o.rampPerSec})`);
  if (!(o.durationMs >= LIMITS.minDurationMs && o.durationMs <= LIMITS.maxDurationMs)) {
    throw new OptionError(`--duration must be between 1s and 1h (got ${o.durationMs} ms)`);
  }
  if (o.rooms !== null) int(o.rooms, 'rooms', 1, o.bots);
  if (o.socket !== 'net' && o.socket !== 'ws') throw new OptionError(`--socket must be net or ws (got ${String(o.socket)})`);
  for (const one of baseUrls(o.url)) {
    let u: URL;
    try {
      u = new URL(one);
    } catch {
      throw new OptionError(`--url ${JSON.stringify(one)} is not a URL (expected e.g. http://127.0.0.1:8080, or a comma list of them)`);
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) throw new OptionError(`--url must be http(s):// or ws(s):// (got ${u.protocol})`);
  }
  if (o.mode.length === 0 || o.mode.length > 32) throw new OptionError('--mode must be 1 to 32 characters');
  const game = gameOf(o);
  if (o.behaviors !== null) {
    const known = behaviorsOf(game);
    for (const b of o.behaviors) if (!Object.hasOwn(known, b.name)) throw new OptionError(`--behavior: the game "${game.name}" has no behavior "${b.name}" (known: ${Object.keys(known).join(', ')})`);
  }
  return o;
}

/** The game a run plays: `--game`, else the installed game that owns `--mode`. Throws OptionError. */
export function gameOf(o: Pick<RunOptions, 'mode' | 'game'>): AnyGame {
  if (o.game !== null) {
    const g = gameNamed(o.game);
    if (!g) throw new OptionError(`--game "${o.game}" is not installed (installed: ${INSTALLED_GAMES.map((x) => x.name).join(', ')})`);
    return g;
  }
  const g = gameOfMode(o.mode);
  if (!g) throw new OptionError(`--mode "${o.mode}": no installed game has this room type (modes: ${allModes().join(', ')}; --game NAME plays a custom room type)`);
  return g;
}

/** The run's behaviour mix, the game's default policy when none was given. */
export function behaviorsOfRun(o: Pick<RunOptions, 'behaviors'>, game: AnyGame): BehaviorShare[] {
  return o.behaviors ?? [{ name: defaultPolicy(game), weight: 1 }];
}

/** `--behavior SPEC` for a game; throws OptionError. */
export function parseBehaviorOption(spec: string, game: AnyGame): BehaviorShare[] {
  try {
    return parseBehaviorMix(spec, behaviorsOf(game));
  } catch (e) {
    throw new OptionError(`--behavior: ${(e as Error).message} for the game "${game.name}"`);
  }
}
