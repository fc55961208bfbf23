/** Altering a recording the way someone would: re-coding a chunk (with a valid CRC) or flipping bytes. */
import { deflateSync, inflateSync } from 'node:zlib';
import { ByteReader } from '../../shared/replay/bytes.ts';
import { FRAME, FRAME_HEAD_BYTES, PREAMBLE_BYTES } from '../../shared/replay/format.ts';
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
