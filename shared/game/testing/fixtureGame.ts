/**
 * A small game for the engine's own tests, written only against the public game API (it is
 * engine code: it imports only shared/). Its parts cover what the engine must handle for any
 * game: every relevance, every field type, observed velocities, the ack fields, ids reused after
 * a delay, seats held and restored, a cross-field input rule, prediction and a bot.
 *
 * - `mover` (the seat kind, 'spatial'): a position on the wire grid, observed velocity, an aim
 *   (angle), the ack fields, alive (bool), a score and a name. It moves by its stick, clamped to
 *   the field (it slides along the walls), and fires shots; hit, it is dead for RESPAWN_TICKS and
 *   comes back at a random spot (a jump, not a velocity).
 * - `shot` ('spatial'): short-lived, fired by the `fire` button; its first velocity is the
 *   game's, later ones are observed. Its id is freed when it goes and reused after a delay.
 * - `clock` ('always', no position): the tick and the match's totals, seen by everyone.
 * - `target` ('owner'): each mover's private waypoint, seen by its owner only; it jumps to a new
 *   random spot (the world's seeded RNG) when reached.
 */
import { ackFields, defineGame, defineKind } from '../defineGame.ts';
import type { BotPolicy, EntityWriter, InputsById, Prediction, SeatRules } from '../GameDefinition.ts';
import { axis, button, defineInput, heading, type InputOf, type StepInput } from '../inputs.ts';
import { angle, bool, defineSchema, fixed, int, str, uint, type Infer } from '../../schema.ts';
import { createRng, nextRange, type RngState } from '../../util/rng.ts';

export const POS_SCALE = 10;
export const MAX_FIELD = 4000;
const pos = fixed(POS_SCALE, 0, MAX_FIELD);
/** Observed velocity, wire units per tick: a change of more than half of it (500, 50 units) is a jump. */
export const MAX_WIRE_VEL = 1000;
const vel = int(-MAX_WIRE_VEL, MAX_WIRE_VEL);

export const MoverSchema = defineSchema(
  'mover',
  { x: pos, y: pos, vx: vel, vy: vel, aim: angle(10), ...ackFields(), alive: bool, score: uint(8), name: str(12) },
  { vel: { x: 'vx', y: 'vy', ack: 'ackRate' } },
);
export const ShotSchema = defineSchema('shot', { x: pos, y: pos, vx: vel, vy: vel, owner: uint(32) }, { vel: { x: 'vx', y: 'vy' } });
/** The clock's tick advances by its rate (1) on the client too: a running clock costs nothing. */
export const ClockSchema = defineSchema('clock', { tick: uint(24), rate: uint(1), shots: uint(16), hits: uint(16) }, { vel: { tick: 'rate' } });
export const TargetSchema = defineSchema('target', { owner: uint(32), x: pos, y: pos, reached: uint(8) });

export const Mover = defineKind(MoverSchema, { position: { x: 'x', y: 'y' }, interpolate: ['x', 'y', 'aim'], observed: { vx: 'x', vy: 'y' } });
export const Shot = defineKind(ShotSchema, { position: { x: 'x', y: 'y' }, observed: { vx: 'x', vy: 'y' } });
export const Clock = defineKind(ClockSchema, { position: null, relevance: 'always' });
export const Target = defineKind(TargetSchema, { position: { x: 'x', y: 'y' }, relevance: 'owner', owner: 'owner' });
/** The open variant's targets: seen by everyone (a game with no owner-only kind: see fixtureOpenGame). */
export const PublicTarget = defineKind(TargetSchema, { position: null, relevance: 'always' });
export const FIXTURE_KINDS = [Mover, Shot, Clock, Target] as const;
export type MoverView = Infer<typeof MoverSchema>;

/** The input: a stick (its length capped at 1 by the rule), an aim, a throttle whose neutral is 1, two buttons. */
export const fixtureInput = defineInput(
  { mx: axis(), my: axis(), aim: heading(), throttle: axis(0, 2, 1), fire: button(), brake: button() },
  {
    rule(i) {
      const len = Math.hypot(i.mx, i.my);
      if (len > 1) {
        i.mx /= len;
        i.my /= len;
      }
    },
  },
);
export type FixtureInput = InputOf<typeof fixtureInput>;

export const RULES = {
  /** World units per second at throttle 1. */
  speed: 120,
  shotSpeed: 300,
  shotLifeTicks: 20,
  /** Inputs between two shots of a mover. */
  fireCooldownInputs: 3,
  hitRadius: 12,
  respawnTicks: 15,
  reachRadius: 20,
} as const;

export interface FixtureParams {
  /** The field's side (world units, at most MAX_FIELD). */
  size: number;
  /** Ticks a freed id waits before reuse (default 30). */
  idReuseDelayTicks?: number;
}

export interface TargetState {
  readonly id: number;
  readonly born: number;
  readonly owner: number;
  x: number;
  y: number;
  reached: number;
}

export interface MoverState {
  readonly id: number;
  readonly born: number;
  readonly name: string;
  x: number;
  y: number;
  aim: number;
  alive: boolean;
  score: number;
  respawnTicks: number;
  cooldown: number;
  /** The seq of the last input applied (what the engine's ack reports). */
  lastSeq: number;
  readonly target: TargetState;
}

export interface ShotState {
  readonly id: number;
  readonly born: number;
  readonly owner: number;
  x: number;
  y: number;
  readonly vx: number;
  readonly vy: number;
  ticksLeft: number;
}

export interface FixtureWorld {
  readonly size: number;
  readonly idReuseDelayTicks: number;
  tick: number;
  dtSec: number;
  readonly rng: RngState;
  readonly movers: Map<number, MoverState>;
  shots: ShotState[];
  readonly clock: { readonly id: number; shots: number; hits: number };
  readonly freeIds: { id: number; atTick: number }[];
  nextId: number;
}

export type FixtureEvent = { readonly type: 'hit'; readonly by: number; readonly victim: number } | { readonly type: 'reached'; readonly mover: number };

/** A coordinate on the wire grid (what a client decodes): the step keeps positions there, so prediction is exact. */
export const snap = (v: number): number => Math.round(v * POS_SCALE) / POS_SCALE;
const clampTo = (v: number, size: number): number => (v < 0 ? 0 : v > size ? size : v);

export function createFixtureWorld(params: FixtureParams, seed: number, room: { readonly tickRate: number } = { tickRate: 30 }): FixtureWorld {
  if (!(params.size >= 100 && params.size <= MAX_FIELD)) throw new Error(`fixture: size ${params.size} must be in [100, ${MAX_FIELD}]`);
  return {
    size: params.size,
    idReuseDelayTicks: params.idReuseDelayTicks ?? 30,
    tick: 0,
    dtSec: 1 / room.tickRate,
    rng: createRng(seed),
    movers: new Map(),
    shots: [],
    clock: { id: 1, shots: 0, hits: 0 },
    freeIds: [],
    nextId: 2,
  };
}

export function allocId(world: FixtureWorld): number {
  const head = world.freeIds[0];
  if (head !== undefined && world.tick - head.atTick >= world.idReuseDelayTicks) {
    world.freeIds.shift();
    return head.id;
  }
  return world.nextId++;
}

export function freeId(world: FixtureWorld, id: number): void {
  world.freeIds.push({ id, atTick: world.tick });
}

const randomSpot = (world: FixtureWorld): number => snap(nextRange(world.rng, 0, world.size));

/** One input applied to a mover's movement and aim: the rule the step and the prediction share. */
export function moveByInput(self: { x: number; y: number; aim: number; alive: boolean }, input: Readonly<FixtureInput>, dtSec: number, size: number): void {
  if (!self.alive) return;
  const d = RULES.speed * input.throttle * (input.brake ? 0.5 : 1) * dtSec;
  self.x = snap(clampTo(self.x + input.mx * d, size));
  self.y = snap(clampTo(self.y + input.my * d, size));
  self.aim = input.aim;
}

const NONE: readonly FixtureEvent[] = Object.freeze([]);

export function step(world: FixtureWorld, inputs: InputsById<FixtureInput>, dtSec: number): readonly FixtureEvent[] {
  world.tick++;
  world.dtSec = dtSec;
  let events: FixtureEvent[] | null = null;
  for (const m of world.movers.values()) {
    const list = inputs.get(m.id);
    if (list !== undefined) {
      for (const input of list) {
        m.lastSeq = input.seq;
        moveByInput(m, input, dtSec, world.size);
        if (m.cooldown > 0) m.cooldown--;
        if (input.fire && m.alive && m.cooldown === 0) fire(world, m);
      }
    }
    if (!m.alive && --m.respawnTicks <= 0) {
      m.alive = true;
      m.x = randomSpot(world);
      m.y = randomSpot(world);
    }
    const t = m.target;
    if (m.alive && Math.hypot(m.x - t.x, m.y - t.y) < RULES.reachRadius) {
      t.x = randomSpot(world);
      t.y = randomSpot(world);
      t.reached = (t.reached + 1) & 0xff;
      (events ??= []).push({ type: 'reached', mover: m.id });
    }
  }
  let kept = 0;
  const shots = world.shots;
  for (const s of shots) {
    s.x = snap(s.x + s.vx * dtSec);
    s.y = snap(s.y + s.vy * dtSec);
    let gone = --s.ticksLeft <= 0 || s.x < 0 || s.y < 0 || s.x > world.size || s.y > world.size;
    if (!gone) {
      for (const m of world.movers.values()) {
        if (m.id === s.owner || !m.alive || Math.hypot(m.x - s.x, m.y - s.y) > RULES.hitRadius) continue;
        m.alive = false;
        m.respawnTicks = RULES.respawnTicks;
        const by = world.movers.get(s.owner);
        if (by) by.score = (by.score + 1) & 0xff;
        world.clock.hits++;
        (events ??= []).push({ type: 'hit', by: s.owner, victim: m.id });
        gone = true;
        break;
      }
    }
    if (gone) freeId(world, s.id);
    else shots[kept++] = s;
  }
  shots.length = kept;
  return events ?? NONE;
}

function fire(world: FixtureWorld, m: MoverState): void {
  m.cooldown = RULES.fireCooldownInputs;
  world.clock.shots++;
  world.shots.push({
    id: allocId(world),
    born: world.tick,
    owner: m.id,
    x: m.x,
    y: m.y,
    vx: snap(Math.cos(m.aim) * RULES.shotSpeed),
    vy: snap(Math.sin(m.aim) * RULES.shotSpeed),
    ticksLeft: RULES.shotLifeTicks,
  });
}

/** The world's entities, its targets as `target` (Target, or the open variant's PublicTarget). */
export function writeWith(target: typeof Target, world: FixtureWorld, out: EntityWriter): void {
  const m = out.slots(Mover);
  const names = out.texts(Mover);
  const t = out.slots(target);
  for (const p of world.movers.values()) {
    m[0] = p.x;
    m[1] = p.y;
    m[2] = 0; // vx, vy: observed by the engine
    m[3] = 0;
    m[4] = p.aim;
    m[5] = 0; // ack, ackRate: the engine's
    m[6] = 0;
    m[7] = p.alive ? 1 : 0;
    m[8] = p.score;
    names[9] = p.name;
    out.put(Mover, p.id, p.born);
  }
  for (const p of world.movers.values()) {
    const g = p.target;
    t[0] = g.owner;
    t[1] = g.x;
    t[2] = g.y;
    t[3] = g.reached;
    out.put(target, g.id, g.born);
  }
  const s = out.slots(Shot);
  const perTick = world.dtSec * POS_SCALE; // a new shot's velocity: its first step, wire units per tick
  for (const q of world.shots) {
    s[0] = q.x;
    s[1] = q.y;
    s[2] = q.vx * perTick;
    s[3] = q.vy * perTick;
    s[4] = q.owner;
    out.put(Shot, q.id, q.born);
  }
  const c = out.slots(Clock);
  c[0] = world.tick;
  c[1] = 1;
  c[2] = world.clock.shots;
  c[3] = world.clock.hits;
  out.put(Clock, world.clock.id, 0);
}

/** Add a mover (and its target) with a fresh id, at a random spot or the one given. */
export function addMover(world: FixtureWorld, name: string, at?: { x: number; y: number }): MoverState {
  const id = allocId(world);
  const target: TargetState = { id: allocId(world), born: world.tick, owner: id, x: randomSpot(world), y: randomSpot(world), reached: 0 };
  const m: MoverState = {
    id,
    born: world.tick,
    name,
    x: at ? snap(at.x) : randomSpot(world),
    y: at ? snap(at.y) : randomSpot(world),
    aim: 0,
    alive: true,
    score: 0,
    respawnTicks: 0,
    cooldown: 0,
    lastSeq: 0,
    target,
  };
  world.movers.set(id, m);
  return m;
}

export const seats: SeatRules<FixtureWorld, MoverState> = {
  join: (world, name) => addMover(world, name).id,
  leave(world, id) {
    const m = world.movers.get(id);
    if (!m) return;
    world.movers.delete(id);
    freeId(world, id);
    freeId(world, m.target.id);
  },
  hold(world, id) {
    const m = world.movers.get(id);
    if (!m) throw new Error(`fixture: no mover ${id}`);
    world.movers.delete(id); // out of the world; its ids stay reserved
    return m;
  },
  restore: (world, held) => void world.movers.set(held.id, held),
  expire(world, held) {
    freeId(world, held.id);
    freeId(world, held.target.id);
  },
};

export interface FixtureInfo {
  readonly size: number;
}

function readInfo(info: unknown): FixtureInfo {
  const size = (info as { size?: unknown } | null)?.size;
  if (typeof size !== 'number' || !(size > 0)) throw new Error('fixture: the welcome carries no field size');
  return { size };
}

export const predict: Prediction<FixtureInput, MoverView, FixtureInfo> = {
  context: readInfo,
  apply: (self, input: StepInput<FixtureInput>, dtSec, ctx) => moveByInput(self, input, dtSec, ctx.size),
};

/** Walks to its own target (which only it sees), aiming and firing now and then. */
const seeker: BotPolicy<FixtureInput> = {
  description: 'walks to its private target, firing at random',
  create(random) {
    const out: FixtureInput = { mx: 0, my: 0, aim: 0, throttle: 1, fire: false, brake: false };
    return (view) => {
      const me = view.entities.get(view.selfId);
      out.fire = random() < 0.1;
      out.aim = random() * Math.PI * 2;
      if (me === undefined || me.kind !== Mover.code) return out;
      for (const e of view.entities.values()) {
        if (e.kind !== Target.code || e.rec[0] !== view.selfId) continue;
        const dx = (e.rec[1] as number) - (me.rec[0] as number);
        const dy = (e.rec[2] as number) - (me.rec[1] as number);
        const len = Math.hypot(dx, dy);
        out.mx = len > 0 ? dx / len : 0;
        out.my = len > 0 ? dy / len : 0;
      }
      return out;
    };
  },
};

/** The fixture's room shapes: an open field, and a large one with interest management. */
export const FIXTURE_AOI = { halfWidth: 300, halfHeight: 200, margin: 50 } as const;

const definition = {
  title: 'Engine test fixture',
  version: '1',
  kinds: FIXTURE_KINDS,
  seat: Mover,
  input: fixtureInput,
  rooms: {
    fixture: { capacity: 8, tickRate: 30, params: { size: 1000 } as FixtureParams, aoi: null },
    'fixture-large': { capacity: 300, tickRate: 30, params: { size: 4000 }, aoi: FIXTURE_AOI },
  },
  create: createFixtureWorld,
  step,
  seats,
  welcome: (world: FixtureWorld): FixtureInfo => ({ size: world.size }),
  announce: (e: FixtureEvent, nameOf: (id: number) => string) => (e.type === 'hit' ? { type: 'hit', by: nameOf(e.by), victim: nameOf(e.victim) } : null),
  predict,
  bots: { seeker },
};

export const fixtureGame = defineGame({ ...definition, name: 'fixture', write: (world, out) => writeWith(Target, world, out) });

/**
 * The same game with every target public: it has no owner-only kind, so a room without interest
 * management sends everyone the same State (the shared path). Same kinds in the same places (the
 * same wire codes), but its own Target kind.
 */
export const fixtureOpenGame = defineGame({
  ...definition,
  name: 'fixture-open',
  kinds: [Mover, Shot, Clock, PublicTarget],
  rooms: { 'fixture-open': definition.rooms.fixture },
  write: (world, out) => writeWith(PublicTarget, world, out),
});
