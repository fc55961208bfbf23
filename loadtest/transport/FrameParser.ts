/**
 * Server frames (RFC 6455 §5) from whatever chunks the socket delivers: a frame split over
 * reads, many frames in one read, 7/16/64-bit lengths, fragmented messages, control frames
 * between fragments. Whole frames are read in place from the caller's buffer; only the bytes
 * of an unfinished frame are copied (to wait for the rest), and the parts of a fragmented
 * message. The sink is called directly: no events, no closures, no allocation per frame.
 */
import { CLOSE_CODE, OPCODE } from './frames.ts';

export interface FrameSink {
  /** A whole data message: bytes [start, end) of `buf`, valid only during the call. */
  onMessage(buf: Buffer, start: number, end: number, text: boolean): void;
  /** A close, ping or pong frame: payload [start, end) of `buf`, valid only during the call. */
  onControl(opcode: number, buf: Buffer, start: number, end: number): void;
  /** The bytes broke the protocol (code 1002 or 1009): nothing more is parsed. */
  onProtocolError(code: number, reason: string): void;
}

/** Smaller leftovers keep their buffer for the next unfinished frame; larger ones let it go. */
const KEEP_PENDING_BYTES = 1024;

export class FrameParser {
  private pending: Buffer | null = null;
  private pendingLength = 0;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private partsText = false;
  private stopped = false;

  constructor(
    private readonly sink: FrameSink,
    /** Largest message (one frame or all fragments together) accepted, in bytes. */
    private readonly maxPayload: number,
  ) {}

  /** Parse nothing more (the connection is closing). */
  stop(): void {
    this.stopped = true;
    this.pending = null;
    this.pendingLength = 0;
    this.parts = [];
  }

  /** Feed bytes [start, end) of `buf`; they may be reused once this returns. */
  push(buf: Buffer, start: number, end: number): void {
    if (this.stopped) return;
    let pos = start;
    if (this.pendingLength > 0) pos = this.fill(buf, pos, end);
    pos = this.parse(buf, pos, end);
    if (pos < end && !this.stopped) this.fill(buf, pos, end);
  }

  /** Whole frames from buf[pos, end); returns where the first unfinished one starts. */
  private parse(buf: Buffer, pos: number, end: number): number {
    while (!this.stopped && end - pos >= 2) {
      const size = this.frameSize(buf, pos, end - pos);
      if (size <= 0 || end - pos < size) break;
      const hdr = headerSize(buf[pos + 1]!);
      this.frame(buf[pos]!, buf, pos + hdr, pos + size);
      pos += size;
    }
    return pos;
  }

  /** Copy an unfinished frame into `pending`, header first, then (its size known) the rest; parse it once whole. */
  private fill(buf: Buffer, pos: number, end: number): number {
    pos = this.take(buf, pos, end, 2);
    if (this.pendingLength < 2) return pos;
    const hdr = headerSize(this.pending![1]!);
    pos = this.take(buf, pos, end, hdr);
    if (this.pendingLength < hdr) return pos;
    const size = this.frameSize(this.pending!, 0, hdr);
    if (size <= 0) return end;
    pos = this.take(buf, pos, end, size);
    if (this.pendingLength < size) return pos;
    const whole = this.pending!;
    this.pendingLength = 0;
    if (whole.length > KEEP_PENDING_BYTES) this.pending = null;
    this.parse(whole, 0, size);
    return pos;
  }

  /** Append buf[pos, end) to `pending` until it holds `want` bytes; returns the new pos. */
  private take(buf: Buffer, pos: number, end: number, want: number): number {
    const n = Math.min(want - this.pendingLength, end - pos);
    if (n <= 0) return pos;
    if (!this.pending || this.pending.length < want) {
      const grown = Buffer.allocUnsafe(Math.max(want, 16));
      if (this.pending) this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    buf.copy(this.pending, this.pendingLength, pos, pos + n);
    this.pendingLength += n;
    return pos + n;
  }

  /** Header plus payload bytes of the frame at buf[pos] (0: header not complete yet; -1: refused). */
  private frameSize(buf: Buffer, pos: number, avail: number): number {
    const b1 = buf[pos + 1]!;
    const hdr = headerSize(b1);
    if (avail < hdr) return 0;
    if (b1 & 0x80) return this.fail(CLOSE_CODE.ProtocolError, 'masked frame from the server');
    let len = b1 & 0x7f;
    if (len === 126) len = buf.readUInt16BE(pos + 2);
    else if (len === 127) len = buf.readUInt32BE(pos + 2) * 0x1_0000_0000 + buf.readUInt32BE(pos + 6);
    if (len > this.maxPayload) return this.fail(CLOSE_CODE.TooBig, `frame of ${len} bytes exceeds the ${this.maxPayload}-byte limit`);
    return hdr + len;
  }

  private frame(b0: number, buf: Buffer, start: number, end: number): void {
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if (b0 & 0x70) return void this.fail(CLOSE_CODE.ProtocolError, 'reserved bits set (no extension was negotiated)');
    if (opcode >= OPCODE.Close) {
      if (opcode > OPCODE.Pong) return void this.fail(CLOSE_CODE.ProtocolError, `unknown opcode ${opcode}`);
      if (!fin || end - start > 125) return void this.fail(CLOSE_CODE.ProtocolError, 'fragmented or oversized control frame');
      return this.sink.onControl(opcode, buf, start, end);
    }
    if (opcode === OPCODE.Continuation) {
      if (this.parts.length === 0) return void this.fail(CLOSE_CODE.ProtocolError, 'continuation frame without a message to continue');
    } else if (opcode === OPCODE.Text || opcode === OPCODE.Binary) {
      if (this.parts.length > 0) return void this.fail(CLOSE_CODE.ProtocolError, 'new message before the fragmented one finished');
      if (fin) return this.sink.onMessage(buf, start, end, opcode === OPCODE.Text);
      this.partsText = opcode === OPCODE.Text;
    } else return void this.fail(CLOSE_CODE.ProtocolError, `unknown opcode ${opcode}`);
    this.partsBytes += end - start;
    if (this.partsBytes > this.maxPayload) return void this.fail(CLOSE_CODE.TooBig, `message exceeds the ${this.maxPayload}-byte limit`);
    this.parts.push(Buffer.from(buf.subarray(start, end)));
    if (!fin) return;
    const whole = Buffer.concat(this.parts, this.partsBytes);
    this.parts = [];
    this.partsBytes = 0;
    this.sink.onMessage(whole, 0, whole.length, this.partsText);
  }

  private fail(code: number, reason: string): -1 {
    if (!this.stopped) {
      this.stop();
      this.sink.onProtocolError(code, reason);
    }
    return -1;
  }
}

function headerSize(b1: number): number {
  const len = b1 & 0x7f;
  return len === 126 ? 4 : len === 127 ? 10 : 2;
}
