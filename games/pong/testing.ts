/** Test doubles for the engine's side of the API: an EntityWriter that records, inputs by id, a driver. (Tests only.) */
import type { EntityKind, EntityWriter, InputsById } from '../../shared/game/GameDefinition.ts';
import type { StepInput } from '../../shared/game/inputs.ts';
import type { WireValue } from '../../shared/schema.ts';
import type { PongInput } from './shared/input.ts';

export interface Written {
  readonly kind: number;
  readonly id: number;
  readonly born: number;
  readonly rec: WireValue[];
}

/** Quantizes each put entity with its schema's fields, as the engine's compiled plan does, and keeps it. */
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
