/**
 * The game API: what a game hands the engine, as data plus pure functions (docs/game-api.md).
 * The engine owns the loop, the wire, the fan-out, seats, reconnection and matchmaking; a game
 * owns its world and its rules, and never calls the engine's internals (Nakama's match handler,
 * Colyseus' room + schema, nengi's defineSchema: take all three).
 *
 *   export default defineGame({
 *     name: 'tag', title: 'Tag', version: '1',
 *     kinds: [Runner], seat: Runner, input,
 *     rooms: { tag: { capacity: 8, tickRate: 30, params: { size: 1200 } } },
 *     create: (params, seed) => newWorld(params, seed),
 *     step, write, seats, bots,
 *   });
 *
 * Every function here is deterministic: no clock, no Math.random, no I/O (`npm run
 * check:boundaries` rejects a game's shared code that reaches for them). Randomness comes from
 * the seed `create` is given (shared/util/rng.ts).
 */
import type { Infer, Schema, WireValue } from '../schema.ts';
import type { KindPlan } from '../sync/kindPlan.ts';
import type { InputOf, InputSchema, StepInput } from './inputs.ts';

/** Who receives an entity of a kind: by distance (interest management), everyone, or its owner only. */
export type Relevance = 'spatial' | 'always' | 'owner';

/** One kind of entity: its wire schema and how the engine treats it. Built with defineKind. */
export interface EntityKind<S extends Schema = Schema> {
  readonly schema: S;
  /** Wire kind code (1, 2, …: the kind's place in the game's `kinds`, set by defineGame). */
  code: number;
  /** The two fields that are the entity's position (world units; interest management, camera, edge arrows), or null. */
  readonly position: { readonly x: number; readonly y: number } | null;
  /** World units per wire unit of the position fields (1 / the fixed field's scale). */
  readonly positionScale: number;
  readonly relevance: Relevance;
  /** For 'owner' relevance: the field that holds the owning player's id. */
  readonly ownerField: number;
  /** Field indexes the client interpolates between States; the others show the latest value. */
  readonly interpolate: readonly number[];
  /**
   * Velocity fields the engine fills with the change of their position field since the previous
   * tick (wire units per tick): [velocity field, position field] pairs. The game's own value is
   * kept for a newly created entity (its first step), so it can start moving at once.
   */
  readonly observed: readonly (readonly [number, number])[];
  /** The kind compiled for the sync layer (defineKind builds it). */
  plan: KindPlan;
}

/** Announcements: small flat records every player of the room is sent (a kill feed line, a goal). */
export type Announcement = { readonly type: string } & Readonly<Record<string, string | number | boolean>>;

/** One room shape of a game: a variant. The variant named after the game is its default. */
export interface RoomShape<P> {
  readonly capacity: number;
  readonly tickRate: number;
  /** What `create` gets (a map size, a score to win). Plain data: it is shown in the lobby and recorded. */
  readonly params: P;
  /** Lobby text. */
  readonly description?: string;
  /** Interest management for 'spatial' kinds: a client holds what is within this rectangle around its seat entity. */
  readonly aoi?: { readonly halfWidth: number; readonly halfHeight: number; readonly margin?: number } | null;
}

/** The engine's sink for a tick's entities (see GameDefinition.write). */
export interface EntityWriter {
  /**
   * The reused numeric slots of a kind: write one entity's simulation values into them by field
   * index (its schema's field order; a bool as 1 or 0, `alive ? 1 : 0`), its strings into
   * `texts`, then call `put`. The engine quantizes them with code built for the kind.
   */
  slots(kind: EntityKind): Float64Array;
  /** The reused text slots of a kind: its string fields' values, by field index. */
  texts(kind: EntityKind): string[];
  /** Emit one entity from its kind's slots. `born` (a tick) tells it from a later entity that reuses the id. */
  put(kind: EntityKind, id: number, born: number): void;
}

/** Each seat's inputs for one step, by seat entity id (the engine's queues; see Room). */
export interface InputsById<I> {
  /** The inputs to apply this tick in order (each for dtSec); empty or undefined: none arrived. Ask once per seat per step. */
  get(id: number): readonly StepInput<I>[] | undefined;
}

/** Seats and reconnection, in the world's terms. The engine decides when; the game says how. */
export interface SeatRules<W, H> {
  /**
   * Admission (Nakama's JoinAttempt): null when a new player may take a seat now, else the reason
   * shown to the player (a full court, a match that takes no one mid-round). Checked before the
   * seat is reserved; the room's capacity is checked by the engine.
   */
  canJoin?(world: W): string | null;
  /** A player takes a seat: create its entity (of the game's `seat` kind) and return its id. */
  join(world: W, name: string): number;
  /** A player left for good: remove its entity and free its id. */
  leave(world: W, id: number): void;
  /** A player's connection dropped: take its entity out of the world (its id stays reserved) and return what restores it. */
  hold(world: W, id: number): H;
  /** The held player came back: put its entity back as it was. */
  restore(world: W, held: H): void;
  /** The held player did not come back in time: free its id. */
  expire(world: W, held: H): void;
}

/** What the client predicts: its own seat entity, moved by its inputs with the step's rules. */
export interface Prediction<I, SeatState, C> {
  /** The client's read-only context for prediction (obstacles, say), from the Welcome's game info. */
  context(info: unknown): C;
  /**
   * Apply one input to the own entity's state (its decoded record) for dtSec, exactly as the step
   * would. Fields the step would not change through inputs stay as the server sent them.
   */
  apply(self: SeatState, input: StepInput<I>, dtSec: number, ctx: C): void;
}

/**
 * A load-test bot's view: what its client holds. The entities are wire records by id (quantized:
 * a `fixed` field is in wire units, so read it through the kind's field indexes and scale); the
 * engine reuses one view object per bot, so a policy reads it during the call and keeps nothing.
 */
export interface BotView {
  readonly selfId: number;
  readonly nowMs: number;
  readonly entities: ReadonlyMap<number, { readonly kind: number; readonly rec: readonly WireValue[] }>;
  /** The Welcome's game info (the game's `welcome(world)`: the arena's map, pong's court), null before the Welcome. */
  readonly info: unknown;
}

/** A bot policy of a game: a small brain that turns what a bot sees into inputs. */
export interface BotPolicy<I> {
  readonly description: string;
  /** A brain; `random` is the bot's seeded random source. It may return the same object each call. */
  create(random: () => number): (view: BotView) => I;
}

export interface GameDefinition<W = unknown, S extends InputSchema = InputSchema, E = unknown, P = unknown, H = unknown, Seat extends EntityKind = EntityKind> {
  /** The game's name: the default room type's mode (lowercase letters, digits and -). */
  readonly name: string;
  /** Shown in the lobby. */
  readonly title: string;
  /** The rules' version: recordings and fixtures name it. */
  readonly version: string;
  /** Entity kinds; their wire codes are their places in this list, from 1. */
  readonly kinds: readonly EntityKind[];
  /** The kind a seat drives: its entity id is the player's id. It must have `ack` (counter) and `ackRate` (uint(1)) fields, which the engine fills. */
  readonly seat: Seat;
  readonly input: S;
  /** The most seats a room of this game can have (defineGame refuses a variant above it). */
  readonly maxSeats?: number;
  /** Room variants by mode name; the one named `name` is the default. */
  readonly rooms: Readonly<Record<string, RoomShape<P>>>;
  /** A new world for a room: its parameters, its seed (all randomness comes from it) and the room's tick rate (the engine always passes it; tests may not). */
  create(params: P, seed: number, room?: { readonly tickRate: number }): W;
  /** Advance the world by one tick: pure and deterministic. Returns the tick's events (the engine hands them to hooks and `announce`). */
  step(world: W, inputs: InputsById<InputOf<S>>, dtSec: number): readonly E[];
  /** Hand the world to the sync layer: every entity, through `out` (after each step; must allocate nothing in steady state). */
  write(world: W, out: EntityWriter): void;
  readonly seats: SeatRules<W, H>;
  /** What the Welcome message carries for this world (the map): plain data the client entry reads. */
  welcome(world: W): unknown;
  /** The announcement of an event to every player of the room, or null (most events are silent). */
  announce?(event: E, nameOf: (id: number) => string): Announcement | null;
  /** Client-side prediction of the own seat entity; absent: the own entity is interpolated like the others. */
  readonly predict?: Prediction<InputOf<S>, Infer<Seat['schema']>, unknown>;
  /** Load-test bot policies by name (the first is the default). */
  readonly bots: Readonly<Record<string, BotPolicy<InputOf<S>>>>;
}

/** Any game, as the engine sees it. */
export type AnyGame = GameDefinition;
