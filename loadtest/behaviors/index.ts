/**
 * The behaviours a run's bots can have, per game, and `--behavior` mixes such as `tracker` or
 * `fighter:3,wander:1,chaos:1`: the game's own bot policies (GameDefinition.bots, its first the
 * default) plus the engine's lifecycle behaviours, `idle` (the neutral input) and `chaos` (the
 * default policy, with leaves, drops and rejoins). A game policy named like an engine behaviour
 * takes its name (a game's `idle` knows best what standing still means).
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { chaos } from './chaos.ts';
import { idle } from './idle.ts';
import { policyBehavior } from './policy.ts';
import type { Behavior } from './types.ts';

export type Behaviors = Readonly<Record<string, Behavior>>;

/** The game's policy names, its default first. */
export function policyNames(game: AnyGame): string[] {
  return Object.keys(game.bots);
}

/** The game's default bot policy's name (its first). */
export function defaultPolicy(game: AnyGame): string {
  const name = policyNames(game)[0];
  if (name === undefined) throw new Error(`the game "${game.name}" has no bot policy`);
  return name;
}

/** Every behaviour a bot of this game can have: its policies first (the default first), then the engine's. */
export function behaviorsOf(game: AnyGame): Behaviors {
  const out: Record<string, Behavior> = {};
  for (const [name, policy] of Object.entries(game.bots)) out[name] = policyBehavior(name, policy);
  const dflt = defaultPolicy(game);
  for (const b of [idle(game), chaos(dflt, game.bots[dflt]!)]) if (!Object.hasOwn(out, b.name)) out[b.name] = b;
  return out;
}

export interface BehaviorShare {
  name: string;
  weight: number;
}

/** Parse `name` or `name:weight,...` against a game's behaviours; `mix`: all with equal weight. Throws with a clear message. */
export function parseBehaviorMix(spec: string, behaviors: Behaviors): BehaviorShare[] {
  if (spec.trim() === 'mix') return Object.keys(behaviors).map((name) => ({ name, weight: 1 }));
  const shares: BehaviorShare[] = [];
  for (const part of spec.split(',')) {
    const [rawName, rawWeight] = part.split(':');
    const name = (rawName ?? '').trim();
    if (!Object.hasOwn(behaviors, name)) throw new Error(`unknown behavior "${name}" (known: ${Object.keys(behaviors).join(', ')}, mix)`);
    const weight = rawWeight === undefined ? 1 : Number(rawWeight);
    if (!Number.isFinite(weight) || weight <= 0) throw new Error(`behavior "${name}": weight must be a positive number`);
    shares.push({ name, weight });
  }
  if (shares.length === 0) throw new Error('no behavior given');
  return shares;
}

/** The mix as written back: `fighter:3,chaos`. */
export function formatBehaviorMix(shares: readonly BehaviorShare[]): string {
  return shares.map((b) => (b.weight === 1 ? b.name : `${b.name}:${b.weight}`)).join(',');
}

const GOLDEN = 0.6180339887498949;

/**
 * The behaviour of bot number `index`: shares are respected over any prefix of bots (a
 * low-discrepancy sequence), so a ramp that has started only some bots already has the mix.
 */
export function behaviorFor(shares: readonly BehaviorShare[], index: number, behaviors: Behaviors): Behavior {
  const total = shares.reduce((s, b) => s + b.weight, 0);
  let u = ((index * GOLDEN) % 1) * total;
  for (const share of shares) {
    u -= share.weight;
    if (u < 0) return behaviors[share.name]!;
  }
  return behaviors[shares[shares.length - 1]!.name]!;
}
