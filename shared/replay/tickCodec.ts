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
 * Two steps make a chunk, so the room's tick does only the first: the server's RawStream (on the
 * tick path) appends each tick in a raw form — no hash, every input number written whole — and
 * encodeChunk (on the recordings' writer thread) turns a raw chunk into the file's form, adding
 * each tick's State (a re-simulation's) or state hash (from the room's States) and coding the
 * inputs.
 */
import { ByteReader, ByteWriter } from './bytes.ts';
import { OP, OP_NAMES, inputStride, type SeatOp, type TickInputs, type TickRecord } from './format.ts';

/** Player names and event messages are short; a State message of a huge room is not. */
const MAX_NAME = 256;
const MAX_EVENT_BYTES = 64 * 1024;
const MAX_STATE_BYTES = 64 * 1024 * 1024;
const MAX_INPUTS_PER_TICK = 64;
const EMPTY = new Uint8Array(0);

/**
 * The raw form's items (never stored): a tick is its items, then its end. The server's stream
 * (server/replay/RawStream.ts) has each after a file id, and a `cut` ends a chunk; the writer
 * thread takes the ids off (streamDemux.ts) and encodeChunk reads a file's chunk:
 *
 *   op      [1] code u8 · id varint · (join) name varint length + UTF-8
 *   inputs  [2] doubles u32 · pad u8 · pad zero bytes · the doubles (the platform's order)
 *   event   [3] varint length + an Event message
 *   end     [4] tick u32 · state varint length + bytes · keyframe varint length + bytes
 *   cut     [5] first tick u32 · ticks u32 · has check u8 · check u32 (the stream's only)
 */
export const RAW = { op: 1, inputs: 2, event: 3, end: 4, cut: 5 } as const;

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
 * A raw chunk (one file's items of the server's RawStream, streamDemux.ts) in the file's form: `ticks` ticks
 * from `firstTick`. `end` gives each tick's State, keyframe and hash, in tick order: from the
 * recorded States (their hash), or made by a re-simulation from the tick's ops and inputs
 * (`withTicks`: the RawTick has them; its arrays are reused, read them at once). A tick with no
 * item is not in a re-simulated recording's raw chunk (RoomRecorder skips it): it is one with
 * no ops, inputs or events. Returns the data and the last tick and hash.
 */
export function encodeChunk(raw: Uint8Array, nNum: number, nButtons: number, firstTick: number, ticks: number, end: (t: RawTick) => TickOut, withTicks = false): { data: Uint8Array; lastTick: number; lastHash: number } {
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
      r.skip(r.u8());
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
  // (Items after the last tick — players leaving as the recording closes — are of a tick that never ran: not recorded.)
  emitEmpty(firstTick + ticks);
  return { data: w.take(), lastTick: next - 1, lastHash };
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
