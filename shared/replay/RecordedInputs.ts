/**
 * A recorded tick's inputs as the step asks for them (InputsById), with the acknowledgements the
 * engine keeps beside them (the seat kind's ack fields): what the room's queues gave the step,
 * given back. A seated player with no input that tick gets an empty list, one held out of the
 * world none, as in the room.
 */
import type { InputsById } from '../game/GameDefinition.ts';
import type { EngineInput, InputPlan } from '../game/inputPlan.ts';
import type { SeatAcks } from '../sync/snapshot.ts';
import { inputStride, type TickInputs } from './format.ts';

const NONE: readonly EngineInput[] = [];

export class RecordedInputs implements InputsById<Record<string, number | boolean>> {
  readonly acks: SeatAcks = { seq: [], tick: [] };
  /** Players whose inputs the step may ask for (seated, not held). */
  readonly attached = new Set<number>();
  private readonly byId = new Map<number, EngineInput[]>();
  private readonly stride: number;
  private tick = 0;

  constructor(private readonly plan: InputPlan) {
    this.stride = inputStride(plan.nNum, plan.nButtons);
  }

  resetAck(id: number): void {
    this.acks.seq[id] = 0;
    this.acks.tick[id] = 0;
  }

  /** The inputs of the tick the step makes next. */
  load(tick: number, inputs: readonly TickInputs[]): void {
    this.tick = tick;
    this.byId.clear();
    const s = this.stride;
    for (const t of inputs) {
      const list: EngineInput[] = [];
      for (let at = 0; at + s <= t.values.length; at += s) {
        const inp = this.plan.blank();
        inp.seq = t.values[at]!;
        inp.rewindTicks = t.values[at + 1]!;
        this.plan.fill(inp, t.values, at + 2);
        list.push(inp);
      }
      this.byId.set(t.id, list);
    }
  }

  /** The ids of the tick's recorded inputs the step has not asked for (a divergence: the step asks for every seated player's). */
  unasked(): number[] {
    return [...this.byId.keys()];
  }

  get(id: number): readonly EngineInput[] | undefined {
    const list = this.byId.get(id);
    if (list === undefined) return this.attached.has(id) ? NONE : undefined;
    this.byId.delete(id);
    if (list.length > 0) {
      this.acks.seq[id] = list[list.length - 1]!.seq;
      this.acks.tick[id] = this.tick;
    }
    return list;
  }
}
