/** fighter: the arena's fighter policy (games/arena/shared/bots.ts), staying in the room. */
import { Fighter } from '../../games/arena/shared/bots.ts';
import type { Behavior, Brain } from './types.ts';

export const fighter: Behavior = {
  name: 'fighter',
  description: 'aims at the nearest enemy and shoots in range; closes in, strafes, wanders when alone',
  reconnects: false,
  create(random): Brain {
    const f = new Fighter(random);
    return { input: (ctx) => f.input({ selfId: ctx.selfId, nowMs: ctx.nowMs, entities: ctx.view.entities }), lifecycle: () => 'stay', reconnectDelayMs: () => 1000, jitter: random };
  },
};
