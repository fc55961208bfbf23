/**
 * The writer thread's side of the server's RawStream: a batch's items sorted by file, each in its
 * file's raw form (the id taken off) appended to that file's chunk being gathered, and each cut
 * handed on, in order. A file whose items are not wanted (unknown, failed) gets none.
 */
import { ByteReader, type ByteWriter } from '../../shared/replay/bytes.ts';
import { OP } from '../../shared/replay/format.ts';
import { RAW } from '../../shared/replay/tickCodec.ts';

const MAX_NAME = 256;
const MAX_EVENT_BYTES = 64 * 1024;
const MAX_STATE_BYTES = 64 * 1024 * 1024;

export interface DemuxTarget {
  /** Where file `file`'s raw items go (its chunk being gathered); null: drop them. */
  rawOf(file: number): ByteWriter | null;
  /** File `file`'s chunk ends: `ticks` ticks from `firstTick`; `check` is the room's state hash at its last tick, or null. */
  cut(file: number, firstTick: number, ticks: number, check: number | null): void;
}

export function demux(batch: Uint8Array, to: DemuxTarget): void {
  const r = new ByteReader(batch);
  while (r.left > 0) {
    const tag = r.u8();
    const file = r.u32();
    const from = r.pos;
    if (tag === RAW.op) {
      const code = r.u8();
      r.varint();
      if (code === OP.join) r.str(MAX_NAME);
    } else if (tag === RAW.inputs) {
      const n = r.u32();
      r.skip(r.u8());
      r.skip(n * 8);
    } else if (tag === RAW.event) r.bytes(MAX_EVENT_BYTES);
    else if (tag === RAW.end) {
      r.u32();
      r.bytes(MAX_STATE_BYTES);
      r.bytes(MAX_STATE_BYTES);
    } else if (tag === RAW.cut) {
      const firstTick = r.u32();
      const ticks = r.u32();
      const has = r.u8();
      const check = r.u32();
      to.cut(file, firstTick, ticks, has === 1 ? check : null);
      continue;
    } else r.fail(`unknown stream item ${tag}`);
    const out = to.rawOf(file);
    if (out === null) continue;
    const n = r.pos - from;
    out.room(1 + n);
    out.buf[out.pos++] = tag;
    out.buf.set(batch.subarray(from, r.pos), out.pos);
    out.pos += n;
  }
}
