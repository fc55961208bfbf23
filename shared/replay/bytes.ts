/**
 * Little-endian binary writing and reading for recordings: a growable writer the recorder fills
 * on the tick path (no allocation in steady state), and a bounds-checked reader whose every
 * failure is a RecordingError naming the offset (a damaged file is reported, never trusted).
 */

export class RecordingError extends Error {
  override readonly name = 'RecordingError';
}

const utf8Out = new TextEncoder();
const utf8In = new TextDecoder('utf-8', { fatal: true });

export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  /** The same bytes as doubles (the platform's order: for data that never leaves the process, see server/replay/RawStream.ts). */
  floats: Float64Array;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = new Uint8Array(initialBytes - (initialBytes % 8) || 8);
    this.view = new DataView(this.buf.buffer);
    this.floats = new Float64Array(this.buf.buffer);
  }

  /** Write into `buf` from now on (a recycled buffer: its length a multiple of 8), from the start. */
  adopt(buf: Uint8Array): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.floats = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength >> 3);
    this.pos = 0;
  }

  reset(): void {
    this.pos = 0;
  }

  /** Make room for n more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.floats = new Float64Array(next.buffer);
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** An unsigned integer below 2^53 in 7-bit groups (1 byte below 128). */
  varint(v: number): void {
    if (v < 0x80 && this.pos < this.buf.length) {
      this.buf[this.pos++] = v;
      return;
    }
    this.room(8);
    const b = this.buf;
    while (v >= 0x80) {
      b[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[this.pos++] = v;
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.varint(n);
    this.room(n);
    // (The whole of src, the usual case, without a subarray: one less object a tick.)
    if (start === 0 && end === src.length) this.buf.set(src, this.pos);
    else this.buf.set(src.subarray(start, end), this.pos);
    this.pos += n;
  }

  str(s: string): void {
    this.bytes(utf8Out.encode(s));
  }

  /** A copy of what was written. */
  take(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export class ByteReader {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
    /** Added to offsets in error messages (where these bytes sit in the file). */
    private readonly origin = 0,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get left(): number {
    return this.end - this.pos;
  }

  /** n doubles in the platform's order (see ByteWriter.floats), as a copy. */
  floats(n: number): Float64Array {
    this.need(n * 8);
    const at = this.buf.byteOffset + this.pos;
    // An aligned copy of unaligned bytes, else a view's copy.
    const out = (at & 7) === 0 ? new Float64Array(this.buf.buffer, at, n).slice() : new Float64Array(this.buf.slice(this.pos, this.pos + n * 8).buffer);
    this.pos += n * 8;
    return out;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  fail(what: string): never {
    throw new RecordingError(`${what} at byte ${this.origin + this.pos}`);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) this.fail(`unexpected end of data (need ${n} bytes)`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  varint(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
    return this.fail('varint too long');
  }

  /** A length-prefixed byte string (a view into the buffer), at most `max` long. */
  bytes(max: number): Uint8Array {
    const n = this.varint();
    if (n > max) this.fail(`byte string of ${n} bytes (at most ${max})`);
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  str(max: number): string {
    const b = this.bytes(max * 4);
    try {
      return utf8In.decode(b);
    } catch {
      return this.fail('invalid UTF-8 text');
    }
  }
}
