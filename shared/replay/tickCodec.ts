/**
 * A tick's record in a chunk (docs/replay.md):
 *
 *   tick varint · hash u32
 *   ops     varint count, then each: code u8 · id varint · (join) name
 *   inputs  varint players, then each: id varint · count varint · per input: mask varint and the
 *           changed numbers (f64) of [seq, rewindTicks, fields…, buttons]
 *   events  varint count, then each: bytes (an Event message)
 *   state   bytes (a State message) · keyframe bytes (empty: none)
 *
 * Inputs are coded against the same player's previous input in the chunk (seq against the
 * previous seq + 1): a bit of the mask per number that differs, and only those numbers. Every
 * chunk starts afresh, so a chunk decodes on its own.
 */
import type { EngineInput, InputPlan } from '../game/inputPlan.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import { OP, OP_NAMES, inputStride, type OpName, type SeatOp, type TickInputs, type TickRecord } from './format.ts';

/** Player names and event messages are short; a State message of a huge room is not. */
const MAX_NAME = 256;
const MAX_EVENT_BYTES = 64 * 1024;
const MAX_STATE_BYTES = 64 * 1024 * 1024;
const MAX_INPUTS_PER_TICK = 64;

/** Differs, telling -0 from 0 (the step may). */
function differs(a: number, b: number): boolean {
  return a !== b || (a === 0 && 1 / a !== 1 / b);
}

/**
 * The recorder's side: a tick's parts arrive out of order (seat operations between ticks, inputs
 * as the step asks for them, events as they are broadcast), each into its own reused buffer;
 * endTick appends the tick to the chunk.
 */
export class TickEncoder {
  readonly chunk = new ByteWriter(64 * 1024);
  ticks = 0;
  private readonly ops = new ByteWriter(256);
  private readonly inputs = new ByteWriter(16 * 1024);
  private readonly events = new ByteWriter(1024);
  private nOps = 0;
  private nPlayers = 0;
  private nEvents = 0;
  private readonly stride: number;
  private readonly cur: Float64Array;
  private prev = new Float64Array(0);
  private prevEpoch = new Uint32Array(0);
  private epoch = 1;

  constructor(private readonly plan: InputPlan) {
    this.stride = inputStride(plan.nNum, plan.nButtons);
    this.cur = new Float64Array(this.stride);
  }

  op(op: OpName, id: number, name?: string): void {
    this.ops.u8(OP[op]);
    this.ops.varint(id);
    if (op === 'join') this.ops.str(name ?? '');
    this.nOps++;
  }

  /** The inputs the step took for a player (post-clamp, post-rule: as the step reads them). */
  input(id: number, list: readonly EngineInput[]): void {
    const w = this.inputs;
    const s = this.stride;
    const n = list.length;
    if (id >= this.prevEpoch.length) this.grow(id);
    const prev = this.prev;
    const at = id * s;
    const fresh = this.prevEpoch[id] !== this.epoch;
    if (fresh) {
      prev.fill(0, at, at + s);
      this.prevEpoch[id] = this.epoch;
    }
    w.varint(id);
    w.varint(n);
    const cur = this.cur;
    for (let k = 0; k < n; k++) {
      const inp = list[k]!;
      cur[0] = inp.seq;
      cur[1] = inp.rewindTicks;
      this.plan.store(inp, cur, 2);
      let mask = differs(cur[0], prev[at]! + 1) ? 1 : 0;
      for (let i = 1; i < s; i++) if (differs(cur[i]!, prev[at + i]!)) mask |= 1 << i;
      w.varint(mask);
      for (let i = 0; i < s; i++) {
        if ((mask & (1 << i)) !== 0) w.f64(cur[i]!);
        prev[at + i] = cur[i]!;
      }
    }
    this.nPlayers++;
  }

  event(bytes: Uint8Array): void {
    this.events.bytes(bytes);
    this.nEvents++;
  }

  endTick(tick: number, hash: number, state: Uint8Array, keyframe: Uint8Array | null): void {
    const c = this.chunk;
    c.varint(tick);
    c.u32(hash);
    c.varint(this.nOps);
    this.append(this.ops);
    c.varint(this.nPlayers);
    this.append(this.inputs);
    c.varint(this.nEvents);
    this.append(this.events);
    c.bytes(state);
    if (keyframe === null) c.varint(0);
    else c.bytes(keyframe);
    this.nOps = this.nPlayers = this.nEvents = 0;
    this.ticks++;
  }

  /** The chunk's bytes so far (a copy), and a fresh chunk: inputs are coded afresh. */
  takeChunk(): Uint8Array {
    const out = this.chunk.take();
    this.chunk.reset();
    this.ticks = 0;
    this.epoch++;
    return out;
  }

  private append(w: ByteWriter): void {
    const c = this.chunk;
    c.room(w.pos);
    c.buf.set(w.buf.subarray(0, w.pos), c.pos);
    c.pos += w.pos;
    w.reset();
  }

  private grow(id: number): void {
    const size = Math.max(id + 1, this.prevEpoch.length * 2, 64);
    const epochs = new Uint32Array(size);
    epochs.set(this.prevEpoch);
    const prev = new Float64Array(size * this.stride);
    prev.set(this.prev);
    this.prevEpoch = epochs;
    this.prev = prev;
  }
}

/** A chunk's tick records. Throws RecordingError (with the byte offset) when the data does not parse. */
export function decodeChunk(data: Uint8Array, nNum: number, nButtons: number, origin = 0): TickRecord[] {
  const r = new ByteReader(data, 0, data.length, origin);
  const s = inputStride(nNum, nButtons);
  const prev = new Map<number, Float64Array>();
  const out: TickRecord[] = [];
  while (r.left > 0) {
    const tick = r.varint();
    const hash = r.u32();
    const ops: SeatOp[] = [];
    for (let i = 0, n = r.varint(); i < n; i++) {
      const name = OP_NAMES[r.u8()] ?? r.fail('unknown seat operation');
      const id = r.varint();
      ops.push(name === 'join' ? { op: 'join', id, name: r.str(MAX_NAME) } : { op: name, id });
    }
    const inputs: TickInputs[] = [];
    for (let i = 0, n = r.varint(); i < n; i++) {
      const id = r.varint();
      const count = r.varint();
      if (count > MAX_INPUTS_PER_TICK) r.fail(`${count} inputs of one player in a tick`);
      let p = prev.get(id);
      if (!p) prev.set(id, (p = new Float64Array(s)));
      const values = new Float64Array(count * s);
      for (let k = 0; k < count; k++) {
        const mask = r.varint();
        if (mask >= 1 << s) r.fail('input mask names fields the game does not have');
        for (let f = 0; f < s; f++) {
          const v = (mask & (1 << f)) !== 0 ? r.f64() : f === 0 ? p[0]! + 1 : p[f]!;
          values[k * s + f] = v;
          p[f] = v;
        }
      }
      inputs.push({ id, values });
    }
    const events: Uint8Array[] = [];
    for (let i = 0, n = r.varint(); i < n; i++) events.push(r.bytes(MAX_EVENT_BYTES));
    const state = r.bytes(MAX_STATE_BYTES);
    const key = r.bytes(MAX_STATE_BYTES);
    out.push({ tick, hash, ops, inputs, events, state, keyframe: key.length > 0 ? key : null });
  }
  return out;
}
