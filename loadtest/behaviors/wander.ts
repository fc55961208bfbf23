/** wander: walks in a heading that changes every one to three seconds; never shoots. */
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { Behavior, Brain, BrainContext } from './types.ts';

export class Wanderer {
  private turnAtMs = -Infinity;
  /** The input, reused from tick to tick (the SDK copies what it sends): one object per bot, not per tick. */
  private readonly out: InputState = { mx: 0, my: 0, aim: 0, fire: false };

  constructor(private readonly random: () => number) {
    this.turn(random() * Math.PI * 2);
  }

  /** This tick's input; valid until the next call. */
  input(ctx: BrainContext, fire = false): InputState {
    if (ctx.nowMs >= this.turnAtMs) {
      this.turn(this.random() * Math.PI * 2);
      this.turnAtMs = ctx.nowMs + 1000 + this.random() * 2000;
    }
    this.out.fire = fire;
    return this.out;
  }

  private turn(heading: number): void {
    this.out.mx = Math.cos(heading);
    this.out.my = Math.sin(heading);
    this.out.aim = heading;
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
