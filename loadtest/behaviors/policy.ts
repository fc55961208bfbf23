/** A game's bot policy (GameDefinition.bots) as a behaviour: the policy's inputs, staying in the room. */
import type { BotPolicy } from '../../shared/game/GameDefinition.ts';
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { Behavior, Brain } from './types.ts';

export function policyBehavior(name: string, policy: BotPolicy<InputState>): Behavior {
  return {
    name,
    description: policy.description,
    reconnects: false,
    source: 'policy',
    create(random): Brain {
      // The bot's context is a BotView: the policy reads it as it is, nothing is copied per tick.
      const think = policy.create(random);
      return { input: think, lifecycle: () => 'stay', reconnectDelayMs: () => 1000, jitter: random };
    },
  };
}
