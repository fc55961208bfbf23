/** idle: joins and stands still, still sending an input every tick like a real idle client. */
import type { Behavior } from './types.ts';

/** Never changed: the SDK copies what it sends. */
const STILL = Object.freeze({ mx: 0, my: 0, aim: 0, fire: false });

export const idle: Behavior = {
  name: 'idle',
  description: 'stands still; sends an empty input every tick',
  reconnects: false,
  create: (random) => ({
    input: () => STILL,
    lifecycle: () => 'stay',
    reconnectDelayMs: () => 1000,
    jitter: random,
  }),
};
