/** Test doubles for the engine's side of the API: an EntityWriter that records, inputs by id, a driver. (Tests only.) */
import type { InputsById } from '../../shared/game/GameDefinition.ts';
import type { StepInput } from '../../shared/game/inputs.ts';
import type { PongInput } from './shared/input.ts';

/** The engine's recording EntityWriter (it quantizes with each schema's own fields). */
export { RecordingWriter, type Written } from '../../shared/game/testing/testKit.ts';

/** A tick's inputs from a map of move values (one input per seat, seq counting up). */
export class TickInputs implements InputsById<PongInput> {
  private readonly lists = new Map<number, StepInput<PongInput>[]>();
  private seq = 0;

  set(id: number, move: number): this {
    this.lists.set(id, [{ move, seq: ++this.seq, rewindTicks: 0 }]);
    return this;
  }

  clear(): this {
    this.lists.clear();
    return this;
  }

  get(id: number): readonly StepInput<PongInput>[] | undefined {
    return this.lists.get(id);
  }
}

export const NO_INPUTS: InputsById<PongInput> = { get: () => undefined };
