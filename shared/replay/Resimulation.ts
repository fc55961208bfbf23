/**
 * A room re-simulated from its recording: the game's world made from the header's parameters
 * and seed, then per tick the recorded seat operations, the recorded inputs through the step,
 * and the snapshot the sync layer would have made of it, hashed. Pure and headless: the CLI's
 * --verify and the tests run it; any game of the API can be re-simulated.
 */
import type { AnyGame } from '../game/GameDefinition.ts';
import { EMPTY_SNAPSHOT, SnapshotBuilder, type Snapshot } from '../sync/snapshot.ts';
import type { RecordingHeader, TickRecord } from './format.ts';
import { RecordedInputs } from './RecordedInputs.ts';
import { snapshotHash } from './stateHash.ts';

/** The re-simulation did something the recording says the room did not (a join got another id, an input nobody asked for). */
export class Divergence extends Error {
  override readonly name = 'Divergence';
}

export class Resimulation {
  readonly world: unknown;
  snapshot: Snapshot = EMPTY_SNAPSHOT;
  hash = 0;
  private readonly inputs: RecordedInputs;
  private readonly builder: SnapshotBuilder;
  private readonly held = new Map<number, unknown>();
  private readonly dt: number;

  constructor(
    readonly game: AnyGame,
    header: RecordingHeader,
  ) {
    this.world = game.create(header.params, header.seed, { tickRate: header.tickRate });
    this.inputs = new RecordedInputs(game.input.plan);
    this.builder = new SnapshotBuilder(game.kinds, game.seat, this.inputs.acks);
    this.dt = 1 / header.tickRate;
  }

  /** Run one recorded tick; returns its state hash. Throws Divergence. */
  run(rec: TickRecord): number {
    const { game, world } = this;
    const seats = game.seats;
    for (const op of rec.ops) {
      switch (op.op) {
        case 'join': {
          const id = seats.join(world, op.name);
          if (id !== op.id) throw new Divergence(`tick ${rec.tick}: the join of a player got id ${id}, the recording's got ${op.id}`);
          this.inputs.resetAck(id);
          this.inputs.attached.add(id);
          break;
        }
        case 'leave':
          seats.leave(world, op.id);
          this.inputs.attached.delete(op.id);
          break;
        case 'hold':
          this.held.set(op.id, seats.hold(world, op.id));
          this.inputs.attached.delete(op.id);
          break;
        case 'restore':
        case 'expire': {
          if (!this.held.has(op.id)) throw new Divergence(`tick ${rec.tick}: ${op.op} of player ${op.id}, who is not held`);
          const h = this.held.get(op.id);
          this.held.delete(op.id);
          if (op.op === 'restore') {
            seats.restore(world, h);
            this.inputs.attached.add(op.id);
          } else seats.expire(world, h);
          break;
        }
      }
    }
    this.inputs.load(rec.tick, rec.inputs);
    game.step(world, this.inputs, this.dt);
    const unasked = this.inputs.unasked();
    if (unasked.length > 0) throw new Divergence(`tick ${rec.tick}: the step did not ask for the recorded inputs of player ${unasked[0]}`);
    this.snapshot = this.builder.build(rec.tick, this.snapshot, (out) => game.write(world, out));
    this.hash = snapshotHash(this.snapshot);
    return this.hash;
  }
}
