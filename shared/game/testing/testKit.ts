/**
 * Test doubles for driving any game the way a room does, without a server (tests only):
 *
 * - GameHarness: a world of a game, its seats, and a tick that is Room.runTick's without the
 *   network: inputs (made valid as the server's queue makes them) → step → the game's write into
 *   the engine's SnapshotBuilder, with the seats' acks filled as the room's queues fill them.
 * - TestInputs: the step's InputsById, recording each seat's ack when the step takes its inputs.
 * - RecordingWriter: an EntityWriter that quantizes with the schema's own fields and keeps what
 *   was put (to check a game's write, or the engine's compiled quantizer against the fields).
 */
import type { EntityKind, EntityWriter, GameDefinition, InputsById } from '../GameDefinition.ts';
import type { InputOf, InputSchema, StepInput } from '../inputs.ts';
import { normalizeInput, type InputValues } from '../inputPlan.ts';
import type { WireValue } from '../../schema.ts';
import { EMPTY_SNAPSHOT, SnapshotBuilder, type SeatAcks, type Snapshot } from '../../sync/snapshot.ts';

export interface Written {
  readonly kind: number;
  readonly id: number;
  readonly born: number;
  readonly rec: WireValue[];
}

/** Write simulation values (numbers, booleans, strings, in field order) into a kind's slots and texts. */
export function fillSlots(out: EntityWriter, kind: EntityKind, values: readonly WireValue[]): void {
  const s = out.slots(kind);
  const t = out.texts(kind);
  values.forEach((v, i) => {
    if (typeof v === 'string') t[i] = v;
    else s[i] = v === true ? 1 : v === false ? 0 : v;
  });
}

/** Quantizes each put entity with its schema's fields (not the compiled plan) and keeps it. */
export class RecordingWriter implements EntityWriter {
  private readonly slotsByKind = new Map<EntityKind, Float64Array>();
  private readonly textsByKind = new Map<EntityKind, string[]>();
  entities: Written[] = [];

  slots(kind: EntityKind): Float64Array {
    let s = this.slotsByKind.get(kind);
    if (s === undefined) this.slotsByKind.set(kind, (s = new Float64Array(kind.schema.list.length)));
    return s;
  }

  texts(kind: EntityKind): string[] {
    let t = this.textsByKind.get(kind);
    if (t === undefined) this.textsByKind.set(kind, (t = new Array<string>(kind.schema.list.length).fill('')));
    return t;
  }

  put(kind: EntityKind, id: number, born: number): void {
    const s = this.slots(kind);
    const t = this.texts(kind);
    const value = (i: number): WireValue => (kind.schema.list[i]!.kind === 'string' ? t[i]! : kind.schema.list[i]!.kind === 'bool' ? s[i] !== 0 : s[i]!);
    this.entities.push({ kind: kind.code, id, born, rec: kind.schema.list.map((f, i) => f.quantize(value(i))) });
  }

  /** This tick's entities, and start the next. */
  take(): Written[] {
    const out = this.entities;
    this.entities = [];
    return out;
  }
}

/** One tick's inputs by seat id; the step's `get` records the seat's ack as the room's queues do. */
export class TestInputs<I> implements InputsById<I> {
  readonly acks: SeatAcks = { seq: [], tick: [] };
  private readonly lists = new Map<number, StepInput<I>[]>();
  private tick = 0;

  begin(tick: number): void {
    this.tick = tick;
  }

  set(id: number, list: StepInput<I>[]): this {
    this.lists.set(id, list);
    return this;
  }

  clear(): void {
    this.lists.clear();
  }

  /** A new seat on this id: nothing acknowledged yet. */
  resetAck(id: number): void {
    this.acks.seq[id] = 0;
    this.acks.tick[id] = 0;
  }

  get(id: number): readonly StepInput<I>[] | undefined {
    const list = this.lists.get(id);
    if (list !== undefined && list.length > 0) {
      this.acks.seq[id] = list[list.length - 1]!.seq;
      this.acks.tick[id] = this.tick;
    }
    return list;
  }
}

/** An input as a test writes it: any of the game's fields (the rest get their neutral value) and its seq. */
export type LooseInput<I> = Partial<I> & { seq: number };

/**
 * A game's world driven as a room drives it. Its types are the game's (inferred from the
 * definition). The snapshots are the engine's own (SnapshotBuilder), one builder per harness.
 */
export class GameHarness<W, S extends InputSchema, E, P, H> {
  readonly world: W;
  /** Ticks made so far (the last snapshot's tick). */
  tick = 0;
  snapshot: Snapshot = EMPTY_SNAPSHOT;
  readonly inputs = new TestInputs<InputOf<S>>();
  readonly dtSec: number;
  private readonly builder: SnapshotBuilder;

  constructor(
    readonly game: GameDefinition<W, S, E, P, H, EntityKind>,
    params: P,
    seed = 1,
    readonly tickRate = 30,
  ) {
    this.world = game.create(params, seed, { tickRate });
    this.dtSec = 1 / tickRate;
    this.builder = new SnapshotBuilder(game.kinds, game.seat, this.inputs.acks);
  }

  join(name: string): number {
    const id = this.game.seats.join(this.world, name);
    this.inputs.resetAck(id);
    return id;
  }

  leave(id: number): void {
    this.game.seats.leave(this.world, id);
  }

  /** Make an input valid as the server's queue does (clamped, wrapped, the game's rule applied). */
  normalize(input: LooseInput<InputOf<S>>): StepInput<InputOf<S>> {
    return normalizeInput(this.game.input.plan, input as unknown as InputValues & { seq: number }) as unknown as StepInput<InputOf<S>>;
  }

  /** One tick: each seat's inputs (in order), the step, the snapshot. Returns the step's events. */
  step(inputs: ReadonlyMap<number, readonly LooseInput<InputOf<S>>[]> = new Map()): readonly E[] {
    const tick = this.tick + 1;
    this.inputs.clear();
    this.inputs.begin(tick);
    for (const [id, list] of inputs)
      this.inputs.set(
        id,
        list.map((i) => this.normalize(i)),
      );
    const events = this.game.step(this.world, this.inputs, this.dtSec);
    this.tick = tick;
    this.snapshot = this.build(this.snapshot);
    return events;
  }

  /** The snapshot of the world as it is now, against `prev` (the engine's builder; it does not advance the tick). */
  build(prev: Snapshot | null): Snapshot {
    return this.builder.build(this.tick, prev, (out) => this.game.write(this.world, out));
  }
}
