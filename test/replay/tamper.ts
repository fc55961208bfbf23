/** Altering a recording the way someone would: re-coding a chunk (with a valid CRC) or flipping bytes. */
import { deflateSync, inflateSync } from 'node:zlib';
import { ByteReader, ByteWriter } from '../../shared/replay/bytes.ts';
import { FRAME, FRAME_HEAD_BYTES, PREAMBLE_BYTES, inputStride } from '../../shared/replay/format.ts';
import { chunkPayload, encodeFrame } from '../../shared/replay/frames.ts';

export interface FrameAt {
  type: number;
  start: number;
  end: number;
}

export function framesOf(file: Uint8Array): FrameAt[] {
  const out: FrameAt[] = [];
  for (let pos = PREAMBLE_BYTES; pos + FRAME_HEAD_BYTES <= file.length; ) {
    const r = new ByteReader(file, pos);
    const type = r.u8();
    const len = r.u32();
    out.push({ type, start: pos, end: pos + FRAME_HEAD_BYTES + len });
    pos += FRAME_HEAD_BYTES + len;
  }
  return out;
}

/** The file with chunk `index` (0: the first chunk) re-coded by `edit` of its raw tick data, CRC and lengths made valid again. */
export function recodeChunk(file: Uint8Array, index: number, edit: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const f = framesOf(file).filter((x) => x.type === FRAME.chunk)[index]!;
  const payload = file.subarray(f.start + FRAME_HEAD_BYTES, f.end);
  const r = new ByteReader(payload);
  const compression = r.u8();
  const first = r.u32();
  const ticks = r.u32();
  r.u32();
  const raw = edit(new Uint8Array(inflateSync(payload.subarray(r.pos))));
  const frame = encodeFrame(FRAME.chunk, chunkPayload(compression, first, ticks, raw.length, new Uint8Array(deflateSync(raw))));
  const out = new Uint8Array(file.length - (f.end - f.start) + frame.length);
  out.set(file.subarray(0, f.start), 0);
  out.set(frame, f.start);
  out.set(file.subarray(f.end), f.start + frame.length);
  return out;
}

/**
 * The first numeric field of the first input of the first player with inputs in the middle tick
 * of a chunk, changed: in place when it is written, else written (its mask bit set) where it goes.
 */
export function alterAnInput(raw: Uint8Array, nNum: number, nButtons: number): Uint8Array {
  const stride = inputStride(nNum, nButtons);
  const r = new ByteReader(raw);
  const ticks: { inputAt: number }[] = [];
  while (r.left > 0) {
    r.varint();
    r.u32();
    for (let i = 0, n = r.varint(); i < n; i++) {
      const op = r.u8();
      r.varint();
      if (op === 1) r.str(256);
    }
    let inputAt = -1;
    for (let i = 0, n = r.varint(); i < n; i++) {
      r.varint();
      const count = r.varint();
      for (let k = 0; k < count; k++) {
        if (inputAt < 0) inputAt = r.pos;
        const mask = r.varint();
        for (let f = 0; f < stride; f++) if ((mask & (1 << f)) !== 0) r.f64();
      }
    }
    for (let i = 0, n = r.varint(); i < n; i++) r.bytes(1 << 20);
    r.bytes(1 << 26);
    r.bytes(1 << 26);
    ticks.push({ inputAt });
  }
  const withInputs = ticks.filter((t) => t.inputAt >= 0);
  const at = withInputs[Math.floor(withInputs.length / 2)]!.inputAt;
  const m = new ByteReader(raw, at);
  const mask = m.varint();
  const maskEnd = m.pos;
  const valueAt = maskEnd + 8 * ((mask & 1) + ((mask >> 1) & 1));
  if ((mask & 4) !== 0) {
    const out = raw.slice();
    const dv = new DataView(out.buffer);
    const v = dv.getFloat64(valueAt, true);
    dv.setFloat64(valueAt, v === 0 ? 0.5 : -v, true);
    return out;
  }
  const w = new ByteWriter(raw.length + 16);
  w.room(at);
  w.buf.set(raw.subarray(0, at), 0);
  w.pos = at;
  w.varint(mask | 4);
  w.room(valueAt - maskEnd);
  w.buf.set(raw.subarray(maskEnd, valueAt), w.pos);
  w.pos += valueAt - maskEnd;
  w.f64(0.987654);
  w.room(raw.length - valueAt);
  w.buf.set(raw.subarray(valueAt), w.pos);
  w.pos += raw.length - valueAt;
  return w.take();
}
