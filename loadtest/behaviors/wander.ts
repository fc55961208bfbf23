/** wander: the arena's wander policy (games/arena/shared/bots.ts), staying in the room. */
import { Wanderer } from '../../games/arena/shared/bots.ts';
import type { Behavior, Brain } from './types.ts';

export const wander: Behavior = {
  name: 'wander',
  description: 'walks in a random heading that changes every 1–3 s; never shoots',
  reconnects: false,
  create(random): Brain {
    const w = new Wanderer(random);
    return { input: (ctx) => w.input(ctx.nowMs), lifecycle: () => 'stay', reconnectDelayMs: () => 1000, jitter: random };
  },
};
