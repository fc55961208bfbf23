/**
 * The one codec (msgpack via msgpackr) used by the server, the browser client and the bots.
 * This is the only file that imports msgpackr.
 */
import { Packr } from 'msgpackr';

const packr = new Packr({ useRecords: false, moreTypes: false, mapsAsObjects: true, int64AsType: 'number' });

export function encode(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** Decode bytes; throws on malformed msgpack (callers turn that into ERR.Malformed). */
export function decode(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
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
