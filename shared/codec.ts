/**
 * The one codec (msgpack via msgpackr) used by the server, the browser client and the bots.
 * This is the only file that imports msgpackr.
 */
import { Packr } from 'msgpackr';

// structuredClone: false makes msgpackr refuse its reference extensions (0x69/0x70) when decoding too.
// This decoder reads only what the server sends; untrusted bytes go through strictDecode.ts.
const packr = new Packr({ useRecords: false, moreTypes: false, structuredClone: false, mapsAsObjects: true, int64AsType: 'number' });

export function encode(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** Decode bytes; throws on malformed msgpack (callers turn that into ERR.Malformed). */
export function decode(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}

/**
 * The hot path of the other direction (a client's Input, 30 a second from every client): read a
 * msgpack array of at most out.length numbers into `out` without allocating. Returns how many,
 * or -1 when the bytes are anything else (then `decode` them: it tells malformed from valid).
 * Every number msgpack can carry is read (fixint, uint 8–64, int 8–64, float 32/64) and exactly
 * the whole message must be the array. The message is bytes[start, end) (by default all of them).
 */
export function readNumberArray(bytes: Uint8Array, out: Float64Array, start = 0, end = bytes.length): number {
  const h = end > start ? bytes[start]! : 0;
  if (h < 0x90 || h > 0x9f) return -1; // fixarray only: an Input has at most 8 elements
  const n = h & 0x0f;
  if (n > out.length) return -1;
  let p = start + 1;
  for (let i = 0; i < n; i++) {
    if (p >= end) return -1;
    const t = bytes[p]!;
    if (t <= 0x7f || t >= 0xe0) {
      out[i] = t <= 0x7f ? t : t - 0x100; // positive / negative fixint
      p += 1;
      continue;
    }
    const size = NUMBER_SIZE[t - 0xc0] ?? 0;
    if (size === 0 || p + 1 + size > end) return -1;
    for (let k = 0; k < size; k++) scratchBytes[k] = bytes[p + 1 + k]!;
    out[i] = readScratch(t);
    p += 1 + size;
  }
  return p === end ? n : -1;
}

/** Bytes after the type byte of msgpack's number types, indexed by type − 0xc0 (0: not a number). */
const NUMBER_SIZE: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 8, 1, 2, 4, 8, 1, 2, 4, 8];
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

/** The number of msgpack type `t` whose big-endian bytes are in scratchBytes. */
function readScratch(t: number): number {
  switch (t) {
    case 0xca: return scratch.getFloat32(0);
    case 0xcb: return scratch.getFloat64(0);
    case 0xcc: return scratch.getUint8(0);
    case 0xcd: return scratch.getUint16(0);
    case 0xce: return scratch.getUint32(0);
    case 0xcf: return Number(scratch.getBigUint64(0));
    case 0xd0: return scratch.getInt8(0);
    case 0xd1: return scratch.getInt16(0);
    case 0xd2: return scratch.getInt32(0);
    default: return Number(scratch.getBigInt64(0)); // 0xd3
  }
}

const utf8 = new TextEncoder();

/**
 * A hand-rolled msgpack writer for the hot path (State messages): integers, booleans, short
 * strings, array headers and pre-encoded bytes. Output is plain msgpack; msgpackr decodes it.
 */
export class MsgWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initialBytes = 4096) {
    this.buf = new Uint8Array(initialBytes);
  }

  reset(): void {
    this.pos = 0;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  int(v: number): void {
    this.room(9);
    const b = this.buf;
    if (v >= 0) {
      if (v < 0x80) b[this.pos++] = v;
      else if (v < 0x100) {
        b[this.pos++] = 0xcc;
        b[this.pos++] = v;
      } else if (v < 0x10000) {
        b[this.pos++] = 0xcd;
        b[this.pos++] = v >>> 8;
        b[this.pos++] = v & 0xff;
      } else if (v <= 0xffffffff) {
        b[this.pos++] = 0xce;
        b[this.pos++] = v >>> 24;
        b[this.pos++] = (v >>> 16) & 0xff;
        b[this.pos++] = (v >>> 8) & 0xff;
        b[this.pos++] = v & 0xff;
      } else throw new Error(`MsgWriter.int: ${v} out of range`);
    } else if (v >= -32) b[this.pos++] = v & 0xff;
    else if (v >= -128) {
      b[this.pos++] = 0xd0;
      b[this.pos++] = v & 0xff;
    } else if (v >= -32768) {
      b[this.pos++] = 0xd1;
      b[this.pos++] = (v >> 8) & 0xff;
      b[this.pos++] = v & 0xff;
    } else if (v >= -2147483648) {
      b[this.pos++] = 0xd2;
      b[this.pos++] = (v >> 24) & 0xff;
      b[this.pos++] = (v >> 16) & 0xff;
      b[this.pos++] = (v >> 8) & 0xff;
      b[this.pos++] = v & 0xff;
    } else throw new Error(`MsgWriter.int: ${v} out of range`);
  }

  bool(v: boolean): void {
    this.room(1);
    this.buf[this.pos++] = v ? 0xc3 : 0xc2;
  }

  str(s: string): void {
    const bytes = utf8.encode(s);
    const n = bytes.length;
    this.room(n + 3);
    if (n < 32) this.buf[this.pos++] = 0xa0 | n;
    else if (n < 0x100) {
      this.buf[this.pos++] = 0xd9;
      this.buf[this.pos++] = n;
    } else {
      this.buf[this.pos++] = 0xda;
      this.buf[this.pos++] = n >>> 8;
      this.buf[this.pos++] = n & 0xff;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  /** An integer, boolean or string (the values of wire records). */
  value(v: number | boolean | string): void {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new Error(`MsgWriter.value: ${v} is not an integer`);
      this.int(v);
    } else if (typeof v === 'boolean') this.bool(v);
    else this.str(v);
  }

  arrayHeader(n: number): void {
    this.room(5);
    if (n < 16) this.buf[this.pos++] = 0x90 | n;
    else if (n < 0x10000) {
      this.buf[this.pos++] = 0xdc;
      this.buf[this.pos++] = n >>> 8;
      this.buf[this.pos++] = n & 0xff;
    } else {
      this.buf[this.pos++] = 0xdd;
      this.buf[this.pos++] = n >>> 24;
      this.buf[this.pos++] = (n >>> 16) & 0xff;
      this.buf[this.pos++] = (n >>> 8) & 0xff;
      this.buf[this.pos++] = n & 0xff;
    }
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.room(n);
    if (n <= 32) {
      // Short runs (one entity's change): a loop beats creating a subarray view.
      const b = this.buf;
      let o = this.pos;
      for (let i = start; i < end; i++) b[o++] = src[i]!;
    } else this.buf.set(src.subarray(start, end), this.pos);
    this.pos += n;
  }

  /** A copy of what was written (safe to keep after the next reset). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
