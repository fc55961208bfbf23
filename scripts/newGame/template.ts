/**
 * The files of the smallest complete game (npm run new-game -- NAME), as strings: one seat kind
 * with a position, a two-axis input, a step that moves each seat's entity, seats, the sync
 * writer, the welcome, prediction, a bot policy and one room variant named after the game; and
 * its tests (step determinism over 300 ticks, seats, the definition). Pure: a name in, paths
 * (relative to games/NAME/) and texts out.
 */

/** A game's name: defineGame's rule (shared/game/defineGame.ts), and its room type's mode. */
export const NAME_RULE = /^[a-z][a-z0-9-]{0,31}$/;

/** Why a name cannot be a game's, or null. */
export function badName(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'usage: npm run new-game -- NAME';
  if (!NAME_RULE.test(name)) return `bad game name "${name}": 1-32 lowercase letters, digits or -, starting with a letter`;
  return null;
}

/** 'space-tag' → 'Space Tag'. */
export const titleOf = (name: string): string =>
  name
    .split('-')
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

const kinds = `/** The game's entity kinds and its input: data from which the engine builds the wire form, the clamping and the sync. */
import { ackFields, defineKind } from '../../../shared/game/defineGame.ts';
import { axis, defineInput, type InputOf } from '../../../shared/game/inputs.ts';
import { defineSchema, fixed, type Infer } from '../../../shared/schema.ts';

/** The largest world, in units on a side (positions are sent with 0.1 unit resolution). */
export const MAX_SIZE = 4000;

/** The seat kind: one runner per player, its entity id the player's id. The engine fills ack and ackRate. */
export const Runner = defineKind(defineSchema('runner', { x: fixed(10, 0, MAX_SIZE), y: fixed(10, 0, MAX_SIZE), ...ackFields() }, { vel: { ack: 'ackRate' } }), {
  position: { x: 'x', y: 'y' },
});
export type RunnerView = Infer<typeof Runner.schema>;

/** A stick: two axes in [-1, 1], the vector's length capped at 1 (on the server and in the client's prediction alike). */
export const input = defineInput(
  { mx: axis(), my: axis() },
  {
    rule: (i) => {
      const len = Math.hypot(i.mx, i.my);
      if (len > 1) {
        i.mx /= len;
        i.my /= len;
      }
    },
  },
);
export type Input = InputOf<typeof input>;
`;

const world = `/** The world: plain data, created from the room's parameters and a seed; seats and the sync writer. */
import type { EntityWriter, SeatRules } from '../../../shared/game/GameDefinition.ts';
import { createRng, nextRange, type RngState } from '../../../shared/util/rng.ts';
import { MAX_SIZE, Runner } from './kinds.ts';

/** A room variant's parameters. */
export interface Params {
  readonly size: number;
}

export interface RunnerState {
  readonly id: number;
  /** The tick it joined: tells it from a later runner that reuses its id. */
  readonly born: number;
  x: number;
  y: number;
}

export interface World {
  readonly size: number;
  tick: number;
  /** All randomness comes from here (no Math.random): the same seed and inputs give the same world. */
  readonly rng: RngState;
  readonly runners: RunnerState[];
  readonly freeIds: number[];
  nextId: number;
}

export function createWorld(params: Params, seed: number): World {
  return { size: Math.min(params.size, MAX_SIZE), tick: 0, rng: createRng(seed), runners: [], freeIds: [], nextId: 1 };
}

function take(world: World, id: number): RunnerState {
  const i = world.runners.findIndex((r) => r.id === id);
  if (i < 0) throw new Error('no runner ' + id);
  return world.runners.splice(i, 1)[0]!;
}

/** Seats: the engine decides when a player joins, drops, comes back or is given up on; the game says how. */
export const seats: SeatRules<World, RunnerState> = {
  join(world, _name) {
    const id = world.freeIds.pop() ?? world.nextId++;
    world.runners.push({ id, born: world.tick, x: nextRange(world.rng, 0, world.size), y: nextRange(world.rng, 0, world.size) });
    return id;
  },
  leave(world, id) {
    take(world, id);
    world.freeIds.push(id);
  },
  hold: (world, id) => take(world, id),
  restore(world, held) {
    world.runners.push(held);
  },
  expire(world, held) {
    world.freeIds.push(held.id);
  },
};

/** Every entity to the sync layer, in its schema's field order (after each step; allocates nothing). */
export function write(world: World, out: EntityWriter): void {
  for (const r of world.runners) {
    const slots = out.slots(Runner);
    slots[0] = r.x;
    slots[1] = r.y;
    slots[2] = 0; // ack and ackRate: the engine fills them
    slots[3] = 0;
    out.put(Runner, r.id, r.born);
  }
}
`;

const step = `/** The rules: a pure, deterministic step (no clock, no Math.random, no I/O). */
import type { InputsById } from '../../../shared/game/GameDefinition.ts';
import type { Input } from './kinds.ts';
import type { World } from './world.ts';

export const SPEED = 300; // units per second

const clamp = (v: number, max: number) => (v < 0 ? 0 : v > max ? max : v);

/** One input applied to one runner for dtSec: the step and the client's prediction both call this. */
export function move(r: { x: number; y: number }, input: Input, dtSec: number, size: number): void {
  r.x = clamp(r.x + input.mx * SPEED * dtSec, size);
  r.y = clamp(r.y + input.my * SPEED * dtSec, size);
}

/** What a tick tells the room (none yet: add events here, and GameDefinition.announce to show them). */
export type Event = never;
const NO_EVENTS: readonly Event[] = [];

export function step(world: World, inputs: InputsById<Input>, dtSec: number): readonly Event[] {
  world.tick++;
  for (const r of world.runners) {
    const list = inputs.get(r.id);
    if (list !== undefined) for (const input of list) move(r, input, dtSec, world.size);
  }
  return NO_EVENTS;
}
`;

const index = (name: string) => `/** The ${titleOf(name)} game's definition: what the engine hosts (docs/game-api.md). */
import { defineGame } from '../../shared/game/defineGame.ts';
import { input, Runner, type Input } from './shared/kinds.ts';
import { move, step } from './shared/step.ts';
import { createWorld, seats, write, type Params } from './shared/world.ts';

const defaultRoom: Params = { size: 1000 };

/** The world's size from the Welcome's game info (untrusted: it came over the wire). */
const sizeOf = (info: unknown): number => {
  const size = (info as { size?: unknown } | null)?.size;
  return typeof size === 'number' && Number.isFinite(size) ? size : defaultRoom.size;
};

export default defineGame({
  name: '${name}',
  title: '${titleOf(name)}',
  version: '1',
  kinds: [Runner],
  seat: Runner,
  input,
  rooms: { '${name}': { capacity: 16, tickRate: 30, params: defaultRoom, description: 'Runners on an open square' } },
  create: createWorld,
  step,
  write,
  seats,
  welcome: (world) => ({ size: world.size }),
  predict: { context: sizeOf, apply: (self, inp, dtSec, size) => move(self, inp, dtSec, size as number) },
  bots: {
    wander: {
      description: 'runs straight, turning at random every one to three seconds',
      create(random) {
        const out: Input = { mx: 0, my: 0 };
        let turnIn = 0;
        return () => {
          if (--turnIn <= 0) {
            const a = random() * 2 * Math.PI;
            out.mx = Math.cos(a);
            out.my = Math.sin(a);
            turnIn = 30 + Math.floor(random() * 60);
          }
          return out;
        };
      },
    },
  },
});
`;

const stepTest = (name: string) => `import { describe, expect, it } from 'vitest';
import type { InputsById } from '../../../shared/game/GameDefinition.ts';
import type { StepInput } from '../../../shared/game/inputs.ts';
import { RecordingWriter, type Written } from '../../../shared/game/testing/testKit.ts';
import { createRng, nextRange } from '../../../shared/util/rng.ts';
import game from '../index.ts';
import type { Input } from './kinds.ts';
import type { World } from './world.ts';

const params = game.rooms['${name}']!.params;
const DT = 1 / game.rooms['${name}']!.tickRate;

const inputsOf = (byId: Map<number, StepInput<Input>[]>): InputsById<Input> => ({ get: (id) => byId.get(id) });

/** 300 ticks of three players with seeded random inputs (none on some ticks, two on others), a drop and a return, a leave and a join. */
function play(seed: number): Written[][] {
  const world = game.create(params, seed);
  const rec = new RecordingWriter();
  const rng = createRng(seed ^ 0x5eed);
  const ids = [game.seats.join(world, 'a'), game.seats.join(world, 'b'), game.seats.join(world, 'c')];
  let seq = 0;
  let held: ReturnType<typeof game.seats.hold> | null = null;
  const frames: Written[][] = [];
  for (let tick = 0; tick < 300; tick++) {
    if (tick === 100) held = game.seats.hold(world, ids[1]!);
    if (tick === 150 && held !== null) game.seats.restore(world, held);
    if (tick === 200) {
      game.seats.leave(world, ids[2]!);
      ids[2] = game.seats.join(world, 'd');
    }
    const byId = new Map<number, StepInput<Input>[]>();
    for (const id of ids) {
      const n = Math.floor(nextRange(rng, 0, 3));
      const list: StepInput<Input>[] = [];
      for (let k = 0; k < n; k++) list.push({ mx: nextRange(rng, -1, 1), my: nextRange(rng, -1, 1), seq: ++seq, rewindTicks: 0 });
      byId.set(id, list);
    }
    game.step(world, inputsOf(byId), DT);
    game.write(world, rec);
    frames.push(rec.take());
  }
  return frames;
}

describe('step', () => {
  it('is deterministic: the same seed and inputs give the same wire records, tick by tick', () => {
    const a = play(7);
    expect(play(7)).toEqual(a);
    expect(play(8)).not.toEqual(a);
  });

  it('moves the runners and keeps them inside the world', () => {
    const frames = play(7);
    expect(frames.at(-1)).not.toEqual(frames[0]);
    const max = params.size * 10; // wire units: 0.1 unit
    for (const frame of frames) {
      for (const row of frame) {
        for (const v of row.rec.slice(0, 2)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(max);
        }
      }
    }
  });
});

describe('seats', () => {
  const idsIn = (world: World) => {
    const rec = new RecordingWriter();
    game.write(world, rec);
    return rec.take().map((e) => e.id);
  };

  it('join, hold, restore, expire and leave', () => {
    const world = game.create(params, 1);
    const a = game.seats.join(world, 'a');
    const b = game.seats.join(world, 'b');
    expect(idsIn(world)).toEqual([a, b]);
    const held = game.seats.hold(world, a);
    expect(idsIn(world)).toEqual([b]);
    expect(game.seats.join(world, 'c')).not.toBe(a); // a held id stays reserved
    game.seats.restore(world, held);
    expect(idsIn(world)).toContain(a);
    game.seats.expire(world, game.seats.hold(world, a));
    expect(game.seats.join(world, 'd')).toBe(a); // an expired id is free again
    game.seats.leave(world, b);
    expect(idsIn(world)).not.toContain(b);
  });
});
`;

const indexTest = (name: string) => `import { describe, expect, it } from 'vitest';
import { defineGame } from '../../shared/game/defineGame.ts';
import { fromRecord } from '../../shared/schema.ts';
import game from './index.ts';

describe('the ${name} definition', () => {
  it('passes defineGame, with a default room named after the game', () => {
    expect(defineGame(game)).toBe(game);
    expect(game.name).toBe('${name}');
    expect(game.kinds.map((k) => k.code)).toEqual([1]);
    expect(game.rooms[game.name]).toBeDefined();
  });

  it('predicts the own runner as the step moves it', () => {
    const world = game.create(game.rooms['${name}']!.params, 3);
    const id = game.seats.join(world, 'me');
    const runner = world.runners[0]!;
    const self = fromRecord(game.seat.schema, [Math.round(runner.x * 10), Math.round(runner.y * 10), 0, 0]);
    Object.assign(runner, { x: self.x, y: self.y });
    const input = { mx: 0.6, my: -0.8, seq: 1, rewindTicks: 0 };
    const dtSec = 1 / game.rooms['${name}']!.tickRate;
    game.step(world, { get: (i) => (i === id ? [input] : undefined) }, dtSec);
    game.predict!.apply(self, input, dtSec, game.predict!.context(game.welcome(world)));
    expect([self.x, self.y]).toEqual([runner.x, runner.y]);
  });

  it('gives bots valid inputs, the same for the same random source', () => {
    const policy = Object.values(game.bots)[0]!;
    const seq = (seed: number) => {
      let s = seed;
      const brain = policy.create(() => (s = (s * 16807) % 2147483647) / 2147483647);
      return Array.from({ length: 200 }, () => ({ ...brain({ selfId: 1, nowMs: 0, entities: new Map(), info: null }) }));
    };
    const inputs = seq(42);
    expect(seq(42)).toEqual(inputs);
    for (const i of inputs) expect(Math.hypot(i.mx, i.my)).toBeLessThanOrEqual(1 + 1e-9);
  });
});
`;

const readme = (name: string) => `# ${titleOf(name)}

Made by \`npm run new-game -- ${name}\`: the smallest complete game on the engine's game API
(docs/game-api.md, "Writing a game from the scaffold").

- \`index.ts\`: the definition (kinds, input, room variants, create, step, write, seats, welcome, prediction, bots)
- \`shared/kinds.ts\`: the runner kind (its wire schema, its position) and the two-axis input
- \`shared/world.ts\`: the world, its creation from a seed, seats (join, leave, hold, restore, expire) and the sync writer
- \`shared/step.ts\`: the rules, a pure and deterministic step
- \`*.test.ts\`: step determinism over 300 ticks, seats, the definition, prediction, the bot

Everything here is shared code: it runs on the server and in the client's prediction, so it reads
no clock, uses no \`Math.random\` and does no I/O (\`npm run check:boundaries\` checks it). The
drawing and the input sampling come in \`client/\`, the one folder of a game that may import
Phaser; its entry point comes with the engine's client shell.
`;

/** The files of a new game, by path relative to games/NAME/. */
export function gameFiles(name: string): Record<string, string> {
  return {
    'index.ts': index(name),
    'index.test.ts': indexTest(name),
    'shared/kinds.ts': kinds,
    'shared/world.ts': world,
    'shared/step.ts': step,
    'shared/step.test.ts': stepTest(name),
    'README.md': readme(name),
  };
}
