/**
 * The server's recordings on the tick path: one stream for every recorded room, each item after
 * its file's id, in the raw form (shared/replay/tickCodec.ts RAW): seat operations, the inputs a
 * step took (one block a tick), events, a tick's end, and a `cut` where a file's chunk ends. Every
 * room appends to the same buffer, so a room's tick touches one object that stays in the cache
 * whatever the number of rooms, and the recordings' writer thread gets one batch every tenth of a
 * second for all of them (RecordingWriter), not a message per room. The buffer is handed over
 * whole (transferred) and comes back, so the stream allocates nothing in steady state.
 */
import { OP, type OpName } from '../../shared/replay/format.ts';
import { ByteWriter } from '../../shared/replay/bytes.ts';
import { RAW } from '../../shared/replay/tickCodec.ts';

/** Input blocks up to this many doubles are copied by a loop; longer ones by one typed-array copy (its view is remade only when the length changes). */
const SMALL_BLOCK = 64;

export class RawStream {
  private w = new ByteWriter(64 * 1024);
  private readonly spare: Uint8Array[] = [];
  /** The last input block's view (a new one only when the block or its length changes). */
  private blockOf: Float64Array | null = null;
  private block: Float64Array = new Float64Array(0);

  /** Bytes waiting to be handed over. */
  get length(): number {
    return this.w.pos;
  }

  op(file: number, op: OpName, id: number, name?: string): void {
    this.head(RAW.op, file, 1);
    const w = this.w;
    w.buf[w.pos++] = OP[op];
    w.varint(id);
    if (op === 'join') w.str(name ?? '');
  }

  /**
   * The inputs a step took, as one block of `length` doubles: for each player its id, its count
   * of inputs, then each input's `inputStride` doubles (seq, rewindTicks, the game's numbers, the
   * buttons' bits; post-clamp, post-rule: as the step read them). The room gathers the block in
   * a small buffer that stays in the cache, and it is copied here at once.
   */
  inputs(file: number, block: Float64Array, length: number): void {
    if (length === 0) return;
    const w = this.w;
    w.room(24 + length * 8);
    this.head(RAW.inputs, file, 0);
    const b = w.buf;
    let p = w.pos;
    u32(b, p, length);
    const pad = (8 - ((p + 5) & 7)) & 7;
    b[p + 4] = pad;
    p += 5;
    for (let i = 0; i < pad; i++) b[p++] = 0;
    const f = w.floats;
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
    w.pos = p + length * 8;
  }

  event(file: number, bytes: Uint8Array): void {
    this.head(RAW.event, file, 0);
    this.w.bytes(bytes);
  }

  /** A tick's end: the room's State and keyframe (empty State: the writer thread makes them). */
  end(file: number, tick: number, state: Uint8Array, keyframe: Uint8Array | null): void {
    this.head(RAW.end, file, 6);
    const w = this.w;
    u32(w.buf, w.pos, tick);
    w.pos += 4;
    // (No State: a zero length without a copy call.)
    if (state.length === 0) w.buf[w.pos++] = 0;
    else w.bytes(state);
    if (keyframe === null) w.varint(0);
    else w.bytes(keyframe);
  }

  /** A file's chunk ends: `ticks` ticks from `firstTick`, and the room's state hash at its last tick when the writer thread makes the States (else null). */
  cut(file: number, firstTick: number, ticks: number, check: number | null): void {
    this.head(RAW.cut, file, 13);
    const w = this.w;
    u32(w.buf, w.pos, firstTick);
    u32(w.buf, w.pos + 4, ticks);
    w.buf[w.pos + 8] = check === null ? 0 : 1;
    u32(w.buf, w.pos + 9, check ?? 0);
    w.pos += 13;
  }

  /** What waits to be handed over: its whole buffer (to transfer) and length; the stream goes on in a spare buffer. */
  take(): { buf: Uint8Array; length: number } {
    const out = { buf: this.w.buf, length: this.w.pos };
    const next = this.spare.pop();
    if (next) this.w.adopt(next);
    else this.w = new ByteWriter(Math.max(64 * 1024, 2 ** Math.ceil(Math.log2(out.length + 1))));
    return out;
  }

  /** A buffer back from the writer, for a later batch (a few are kept). */
  recycle(buf: Uint8Array): void {
    if (this.spare.length < 4 && buf.byteLength % 8 === 0) this.spare.push(buf);
  }

  /** [tag][file u32], with room for `more` bytes after it. */
  private head(tag: number, file: number, more: number): void {
    const w = this.w;
    w.room(5 + more);
    w.buf[w.pos] = tag;
    u32(w.buf, w.pos + 1, file);
    w.pos += 5;
  }
}

/** Little-endian, without a DataView. */
function u32(b: Uint8Array, p: number, v: number): void {
  b[p] = v & 0xff;
  b[p + 1] = (v >>> 8) & 0xff;
  b[p + 2] = (v >>> 16) & 0xff;
  b[p + 3] = v >>> 24;
}
