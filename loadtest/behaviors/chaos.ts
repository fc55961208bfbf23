/**
 * chaos: plays the game's default bot policy, and every few seconds either leaves cleanly and
 * joins again later, or drops its connection (no close handshake, like a lost network) and lets
 * the SDK resume the same player with its reconnect token: the churn a real launch sees.
 */
import type { BotPolicy } from '../../shared/game/GameDefinition.ts';
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { Behavior, Brain, Lifecycle } from './types.ts';

const MIN_STAY_MS = 2000;
const MAX_STAY_MS = 8000;

export function chaos(policyName: string, policy: BotPolicy<InputState>): Behavior {
  return {
    name: 'chaos',
    description: `plays ${policyName}; every 2–8 s leaves and rejoins, or drops the connection and reconnects`,
    reconnects: true,
    source: 'engine',
    create(random): Brain {
      const think = policy.create(random);
      let stayMs = MIN_STAY_MS + random() * (MAX_STAY_MS - MIN_STAY_MS);
      return {
        input: think,
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
}
