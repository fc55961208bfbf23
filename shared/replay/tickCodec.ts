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
 *
 * Two steps make a chunk, so the room's tick does only the first: TickEncoder (on the tick path)
 * appends each tick in a raw form — no hash, every input number written whole — and encodeChunk
 * (on the recordings' writer thread) turns a raw chunk into the file's form, adding each tick's
 * state hash from the recorded States and coding the inputs.
 */
import type { InputPlan } from '../game/inputPlan.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import { OP, OP_NAMES, inputStride, type OpName, type SeatOp, type TickInputs, type TickRecord } from './format.ts';

/** Player names and event messages are short; a State message of a huge room is not. */
const MAX_NAME = 256;
const MAX_EVENT_BYTES = 64 * 1024;
const MAX_STATE_BYTES = 64 * 1024 * 1024;
const MAX_INPUTS_PER_TICK = 64;
const EMPTY = new Uint8Array(0);
/** Input blocks up to this many doubles are copied by a loop; longer ones by one typed-array copy (its view is remade only when the length changes). */
const SMALL_BLOCK = 64;

/** The raw form's items (TickEncoder → encodeChunk; never stored): a tick is its items, then its end. */
const RAW = { op: 1, inputs: 2, event: 3, end: 4 } as const;

/**
 * The recorder's side, on the tick path: each part of a tick is appended as it comes (seat
 * operations between ticks, the inputs the step took, events as they are broadcast, then the
 * tick's State), tagged, in the raw form: inputs as one block of doubles a tick. The chunk's
 * buffer is handed over whole (transferred) and comes back through recycle, so a recording
 * allocates nothing in steady state.
 */
export class TickEncoder {
  /** Small to start with (a court of four writes a few kilobytes a second); it grows to what the room needs, and its spares keep that size. */
  private chunk = new ByteWriter(16 * 1024);
  private readonly stride: number;
  private readonly spare: Uint8Array[] = [];
  /** The last input block's view (a new one only when the block or its length changes). */
  private blockOf: Float64Array | null = null;
  private block: Float64Array = new Float64Array(0);

  constructor(plan: InputPlan) {
    this.stride = inputStride(plan.nNum, plan.nButtons);
  }

  op(op: OpName, id: number, name?: string): void {
    const c = this.chunk;
    c.u8(RAW.op);
    c.u8(OP[op]);
    c.varint(id);
    if (op === 'join') c.str(name ?? '');
  }

  /**
   * The inputs the step took this tick, as one block of `length` doubles: for each player its
   * id, its count of inputs, then each input's `inputStride` doubles (seq, rewindTicks, the
   * game's numbers, the buttons' bits; post-clamp, post-rule: as the step read them). The room
   * gathers the block in a small buffer that stays in the cache and it is copied here at once
   * (stores one by one into the chunk's cold lines cost a few per cent of the tick: measured).
   */
  inputs(block: Float64Array, length: number): void {
    if (length === 0) return;
    const c = this.chunk;
    c.room(16 + length * 8);
    const b = c.buf;
    let p = c.pos;
    b[p] = RAW.inputs;
    c.view.setUint32(p + 1, length, true);
    p += 5;
    while ((p & 7) !== 0) b[p++] = 0;
    const f = c.floats;
    const at = p >> 3;
    if (length <= SMALL_BLOCK) {
      // A small room's block: a loop, no view to make.
      for (let i = 0; i < length; i++) f[at + i] = block[i]!;
    } else {
      if (block !== this.blockOf || length !== this.block.length) {
        this.blockOf = block;
        this.block = block.subarray(0, length);
      }
      f.set(this.block, at);
    }
    c.pos = p + length * 8;
  }

  event(bytes: Uint8Array): void {
    this.chunk.u8(RAW.event);
    this.chunk.bytes(bytes);
  }

  endTick(tick: number, state: Uint8Array, keyframe: Uint8Array | null): void {
    const c = this.chunk;
    c.room(7);
    const b = c.buf;
    const p = c.pos;
    // [tag][tick u32 little-endian], without the DataView: a small room's tick touches one object less.
    b[p] = RAW.end;
    b[p + 1] = tick & 0xff;
    b[p + 2] = (tick >>> 8) & 0xff;
    b[p + 3] = (tick >>> 16) & 0xff;
    b[p + 4] = tick >>> 24;
    c.pos = p + 5;
    // (No State: the writer thread makes them. A zero length without a copy call.)
    if (state.length === 0) b[c.pos++] = 0;
    else c.bytes(state);
    if (keyframe === null) c.varint(0);
    else c.bytes(keyframe);
  }

  /** The raw chunk: its whole buffer (to transfer) and length; the encoder goes on in a spare buffer. */
  takeChunk(): { buf: Uint8Array; length: number } {
    const out = { buf: this.chunk.buf, length: this.chunk.pos };
    const next = this.spare.pop();
    if (next) this.chunk.adopt(next);
    else this.chunk = new ByteWriter(Math.max(16 * 1024, 2 ** Math.ceil(Math.log2(out.length + 1))));
    return out;
  }

  /** A chunk buffer back from the writer, for a later chunk (a few are kept). */
  recycle(buf: Uint8Array): void {
    if (this.spare.length < 2 && buf.byteLength % 8 === 0) this.spare.push(buf);
  }
}

/** Differs, telling -0 from 0 (the step may). */
function differs(a: number, b: number): boolean {
  return a !== b || (a === 0 && 1 / a !== 1 / b);
}

/** A raw chunk's tick as encodeChunk hands it to its `end`: its ops and inputs only when asked for (a re-simulation's). */
export interface RawTick {
  tick: number;
  /** The room's State (empty when the writer thread makes the States: header.states 'resimulated'). */
  state: Uint8Array;
  keyframe: Uint8Array | null;
  readonly ops: SeatOp[];
  readonly inputs: TickInputs[];
}

/** A tick's State, keyframe and state hash as the file has them. */
export interface TickOut {
  readonly state: Uint8Array;
  readonly keyframe: Uint8Array | null;
  readonly hash: number;
}

/**
 * A raw chunk (TickEncoder's, `raw` from its buffer's start) in the file's form: `ticks` ticks
 * from `firstTick`. `end` gives each tick's State, keyframe and hash, in tick order: from the
 * recorded States (their hash), or made by a re-simulation from the tick's ops and inputs
 * (`withTicks`: the RawTick has them; its arrays are reused, read them at once). A tick with no
 * item is not in a re-simulated recording's raw chunk (RoomRecorder skips it): it is one with
 * no ops, inputs or events. Returns the data and the last tick and hash.
 */
export function encodeChunk(raw: Uint8Array, nNum: number, nButtons: number, firstTick: number, ticks: number, end: (t: RawTick) => TickOut, withTicks = false): { data: Uint8Array; ticks: number; lastTick: number; lastHash: number } {
  const r = new ByteReader(raw);
  const w = new ByteWriter(Math.max(1024, raw.length));
  const s = inputStride(nNum, nButtons);
  const prev = new Map<number, Float64Array>();
  const ops = new ByteWriter(256);
  const inputs = new ByteWriter(4096);
  const events = new ByteWriter(1024);
  const t: RawTick = { tick: 0, state: EMPTY, keyframe: null, ops: [], inputs: [] };
  const none: RawTick = { tick: 0, state: EMPTY, keyframe: null, ops: [], inputs: [] };
  const NO_PARTS = [[0, null], [0, null], [0, null]] as const;
  let nOps = 0;
  let nPlayers = 0;
  let nEvents = 0;
  let next = firstTick;
  let lastHash = 0;
  const copy = (to: ByteWriter, from: number, till: number): void => {
    to.room(till - from);
    to.buf.set(raw.subarray(from, till), to.pos);
    to.pos += till - from;
  };
  /** The record of tick `tick` (`rt` its items; the item writers' contents when `items`). */
  const emit = (rt: RawTick, items: boolean): void => {
    const out = end(rt);
    w.varint(rt.tick);
    w.u32(out.hash);
    for (const [n, part] of items ? ([[nOps, ops], [nPlayers, inputs], [nEvents, events]] as const) : NO_PARTS) {
      w.varint(n);
      if (part === null) continue;
      w.room(part.pos);
      w.buf.set(part.buf.subarray(0, part.pos), w.pos);
      w.pos += part.pos;
      part.reset();
    }
    w.bytes(out.state);
    if (out.keyframe === null) w.varint(0);
    else w.bytes(out.keyframe);
    lastHash = out.hash;
  };
  /** Ticks up to `till` (excluded) that had no item. */
  const emitEmpty = (till: number): void => {
    for (; next < till; next++) {
      none.tick = next;
      emit(none, false);
    }
  };
  while (r.left > 0) {
    const tag = r.u8();
    if (tag === RAW.op) {
      const from = r.pos;
      const code = r.u8();
      const id = r.varint();
      const name = code === OP.join ? r.str(MAX_NAME) : '';
      copy(ops, from, r.pos);
      nOps++;
      if (withTicks) {
        const op = OP_NAMES[code] ?? r.fail('unknown seat operation');
        t.ops.push(op === 'join' ? { op, id, name } : { op, id });
      }
    } else if (tag === RAW.inputs) {
      const length = r.u32();
      r.align8();
      const block = r.floats(length);
      for (let i = 0; i < block.length; ) {
        const id = block[i]!;
        const count = block[i + 1]!;
        if (!(count >= 0 && count <= MAX_INPUTS_PER_TICK && Number.isInteger(id))) r.fail('a bad raw input block');
        const values = block.subarray(i + 2, i + 2 + count * s);
        i += 2 + count * s;
        inputs.varint(id);
        inputs.varint(count);
        if (withTicks) t.inputs.push({ id, values });
        let p = prev.get(id);
        if (!p) prev.set(id, (p = new Float64Array(s)));
        for (let k = 0; k < count; k++) {
          const at = k * s;
          let mask = differs(values[at]!, p[0]! + 1) ? 1 : 0;
          for (let f = 1; f < s; f++) if (differs(values[at + f]!, p[f]!)) mask |= 1 << f;
          inputs.varint(mask);
          for (let f = 0; f < s; f++) {
            if ((mask & (1 << f)) !== 0) inputs.f64(values[at + f]!);
            p[f] = values[at + f]!;
          }
        }
        nPlayers++;
      }
    } else if (tag === RAW.event) {
      const from = r.pos;
      r.bytes(MAX_EVENT_BYTES);
      copy(events, from, r.pos);
      nEvents++;
    } else if (tag === RAW.end) {
      const tick = r.u32();
      if (tick < next || tick >= firstTick + ticks) r.fail(`tick ${tick} out of order in a chunk of ticks ${firstTick}–${firstTick + ticks - 1}`);
      emitEmpty(tick);
      t.tick = tick;
      t.state = r.bytes(MAX_STATE_BYTES);
      const key = r.bytes(MAX_STATE_BYTES);
      t.keyframe = key.length > 0 ? key : null;
      emit(t, true);
      t.ops.length = 0;
      t.inputs.length = 0;
      nOps = nPlayers = nEvents = 0;
      next = tick + 1;
    } else r.fail(`unknown raw item ${tag}`);
  }
  if (nOps + nPlayers + nEvents > 0) r.fail('items after the last tick of a chunk');
  emitEmpty(firstTick + ticks);
  return { data: w.take(), ticks: next - firstTick, lastTick: next - 1, lastHash };
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
