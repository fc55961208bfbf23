/**
 * chaos: wanders and fires at random, and every few seconds either leaves cleanly and joins
 * again later, or drops its connection (no close handshake, like a lost network) and lets the
 * SDK resume the same player with its reconnect token: the churn a real launch sees.
 */
import type { Behavior, Brain, Lifecycle } from './types.ts';
import { Wanderer } from '../../games/arena/shared/bots.ts';

const MIN_STAY_MS = 2000;
const MAX_STAY_MS = 8000;

export const chaos: Behavior = {
  name: 'chaos',
  description: 'wanders and fires at random; every 2–8 s leaves and rejoins, or drops the connection and reconnects',
  reconnects: true,
  create(random): Brain {
    const w = new Wanderer(random);
    let stayMs = MIN_STAY_MS + random() * (MAX_STAY_MS - MIN_STAY_MS);
    return {
      input: (ctx) => w.input(ctx.nowMs, random() < 0.2),
      lifecycle(ctx): Lifecycle {
        if (ctx.joinedForMs < stayMs) return 'stay';
        stayMs = MIN_STAY_MS + random() * (MAX_STAY_MS - MIN_STAY_MS);
        return random() < 0.5 ? 'leave' : 'drop';
      },
      reconnectDelayMs: () => 200 + random() * 800,
      jitter: random,
    };
  },
};
