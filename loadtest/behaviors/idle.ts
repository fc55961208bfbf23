/** idle: joins and holds the game's neutral input, still sending it every tick like a real idle client. */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { Behavior } from './types.ts';

/** The game's neutral input: every axis at its neutral value, every button up. Never changed (the SDK copies what it sends). */
export function neutralInput(game: AnyGame): InputState {
  const plan = game.input.plan;
  const out: Record<string, number | boolean> = {};
  for (let i = 0; i < plan.nNum; i++) out[plan.numericNames[i]!] = plan.neutral[i]!;
  for (const name of plan.buttonNames) out[name] = false;
  return Object.freeze(out);
}

export function idle(game: AnyGame): Behavior {
  const still = neutralInput(game);
  return {
    name: 'idle',
    description: 'holds still: sends the neutral input every tick',
    reconnects: false,
    source: 'engine',
    create: (random) => ({
      input: () => still,
      lifecycle: () => 'stay',
      reconnectDelayMs: () => 1000,
      jitter: random,
    }),
  };
}
