/** The behaviour registry and `--behavior` mixes such as `fighter` or `fighter:3,wander:1,chaos:1`. */
import { chaos } from './chaos.ts';
import { fighter } from './fighter.ts';
import { idle } from './idle.ts';
import type { Behavior } from './types.ts';
import { wander } from './wander.ts';

export const BEHAVIORS: Readonly<Record<string, Behavior>> = { idle, wander, fighter, chaos };

export interface BehaviorShare {
  name: string;
  weight: number;
}

/** Parse `name` or `name:weight,...`; `mix` means all behaviours with equal weight. Throws with a clear message. */
export function parseBehaviorMix(spec: string): BehaviorShare[] {
  if (spec.trim() === 'mix') return Object.keys(BEHAVIORS).map((name) => ({ name, weight: 1 }));
  const shares: BehaviorShare[] = [];
  for (const part of spec.split(',')) {
    const [rawName, rawWeight] = part.split(':');
    const name = (rawName ?? '').trim();
    if (!BEHAVIORS[name]) throw new Error(`unknown behavior "${name}" (known: ${Object.keys(BEHAVIORS).join(', ')}, mix)`);
    const weight = rawWeight === undefined ? 1 : Number(rawWeight);
    if (!Number.isFinite(weight) || weight <= 0) throw new Error(`behavior "${name}": weight must be a positive number`);
    shares.push({ name, weight });
  }
  if (shares.length === 0) throw new Error('no behavior given');
  return shares;
}

const GOLDEN = 0.6180339887498949;

/**
 * The behaviour of bot number `index`: shares are respected over any prefix of bots (a
 * low-discrepancy sequence), so a ramp that has started only some bots already has the mix.
 */
export function behaviorFor(shares: readonly BehaviorShare[], index: number): Behavior {
  const total = shares.reduce((s, b) => s + b.weight, 0);
  let u = ((index * GOLDEN) % 1) * total;
  for (const share of shares) {
    u -= share.weight;
    if (u < 0) return BEHAVIORS[share.name]!;
  }
  return BEHAVIORS[shares[shares.length - 1]!.name]!;
}
