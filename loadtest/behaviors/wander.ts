/** wander: walks in a heading that changes every one to three seconds; never shoots. */
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { Behavior, Brain, BrainContext } from './types.ts';

export class Wanderer {
  private heading: number;
  private turnAtMs = -Infinity;

  constructor(private readonly random: () => number) {
    this.heading = random() * Math.PI * 2;
  }

  input(ctx: BrainContext, fire = false): InputState {
    if (ctx.nowMs >= this.turnAtMs) {
      this.heading = this.random() * Math.PI * 2;
      this.turnAtMs = ctx.nowMs + 1000 + this.random() * 2000;
    }
    return { mx: Math.cos(this.heading), my: Math.sin(this.heading), aim: this.heading, fire };
  }
}

export const wander: Behavior = {
  name: 'wander',
  description: 'walks in a random heading that changes every 1–3 s; never shoots',
  reconnects: false,
  create(random): Brain {
    const w = new Wanderer(random);
    return { input: (ctx) => w.input(ctx), lifecycle: () => 'stay', reconnectDelayMs: () => 1000, jitter: random };
  },
};
