/**
 * The one file that imports the Redis client library (ioredis, pinned in package.json). The rest
 * of the cluster code sees RedisLink: run a Lua script, ask whether the link is up, close it.
 *
 * Commands fail fast while the link is down (no offline queue, a short command timeout): a
 * matchmake call answers 503 at once instead of hanging, and the heartbeat timer just tries
 * again. ioredis reconnects by itself (backoff capped at 1 s), and `onReady` fires each time.
 */
import { Redis } from 'ioredis';

export interface RedisLink {
  /**
   * Run a Lua script with no KEYS and these ARGV. Always plain EVAL with the whole script (a few
   * hundred bytes): an EVALSHA that misses after a Redis restart would be retried after commands
   * sent later on the same link, and a claim could then land after the heartbeat that follows it.
   */
  run(script: string, args: readonly (string | number)[]): Promise<unknown>;
  /** Connected and ready for commands. */
  readonly ready: boolean;
  /** Called on every (re)connection. */
  onReady(fn: () => void): void;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  /** A command not answered within this long fails (default 1000 ms). */
  commandTimeoutMs?: number;
}

export function connectRedis(url: string, opts: RedisLinkOptions = {}): RedisLink {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: opts.commandTimeoutMs ?? 1000,
    connectTimeout: 1000,
    retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
    lazyConnect: false,
  });
  // Errors are reported through the failing commands and `ready`; an unhandled 'error' event would crash.
  client.on('error', () => {});
  return {
    run(script, args) {
      return client.eval(script, 0, ...args);
    },
    get ready() {
      return client.status === 'ready';
    },
    onReady(fn) {
      client.on('ready', fn);
    },
    async close() {
      client.disconnect(false);
    },
  };
}
