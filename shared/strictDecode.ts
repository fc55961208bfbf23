/**
 * The decoder for untrusted bytes (every client message the server reads that is not an Input
 * on the allocation-free path, codec.ts readNumberArray). It accepts only what the protocol can
 * contain: nil, booleans, numbers, UTF-8 strings, arrays, and maps with string keys, nested at
 * most `maxDepth` deep and holding at most `maxElements` array items and map entries in all.
 * Everything else is refused: bin, every ext type (msgpackr's structured-clone ids and
 * pointers, 0x69/0x70, let a few bytes decode into a value of 2^depth elements through shared
 * references; records, dates and typed arrays are extensions too), the never-used 0xc1, invalid
 * UTF-8, duplicate or non-string keys, and bytes after the value. Work and memory are linear in
 * the message's length, and a refusal's reason is a fixed text (it never quotes the input).
 */

export interface StrictLimits {
  /** Containers nested at most this deep (the message's own array is depth 1). */
  maxDepth: number;
  /** Array items plus map entries, over the whole message. */
  maxElements: number;
}

export type StrictOutcome = { ok: true; value: unknown } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Why decoding stopped (thrown inside the reader only, caught in decodeStrict). */
class Refusal {
  constructor(readonly reason: string) {}
}

class Reader {
  pos: number;
  elements = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly limits: StrictLimits,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new Refusal('truncated: the message ends inside a value');
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private uint(size: 1 | 2 | 4): number {
    this.need(size);
    const p = this.pos;
    this.pos += size;
    return size === 1 ? this.view.getUint8(p) : size === 2 ? this.view.getUint16(p) : this.view.getUint32(p);
  }

  value(depth: number): unknown {
    const t = this.u8();
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    if (t >= 0xa0 && t <= 0xbf) return this.str(t & 0x1f);
    if (t >= 0x90 && t <= 0x9f) return this.array(t & 0x0f, depth);
    if (t >= 0x80 && t <= 0x8f) return this.map(t & 0x0f, depth);
    const v = this.view;
    switch (t) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: this.need(4); this.pos += 4; return v.getFloat32(this.pos - 4);
      case 0xcb: this.need(8); this.pos += 8; return v.getFloat64(this.pos - 8);
      case 0xcc: return this.uint(1);
      case 0xcd: return this.uint(2);
      case 0xce: return this.uint(4);
      case 0xcf: this.need(8); this.pos += 8; return Number(v.getBigUint64(this.pos - 8));
      case 0xd0: this.need(1); this.pos += 1; return v.getInt8(this.pos - 1);
      case 0xd1: this.need(2); this.pos += 2; return v.getInt16(this.pos - 2);
      case 0xd2: this.need(4); this.pos += 4; return v.getInt32(this.pos - 4);
      case 0xd3: this.need(8); this.pos += 8; return Number(v.getBigInt64(this.pos - 8));
      case 0xd9: return this.str(this.uint(1));
      case 0xda: return this.str(this.uint(2));
      case 0xdb: return this.str(this.uint(4));
      case 0xdc: return this.array(this.uint(2), depth);
      case 0xdd: return this.array(this.uint(4), depth);
      case 0xde: return this.map(this.uint(2), depth);
      case 0xdf: return this.map(this.uint(4), depth);
      case 0xc4: case 0xc5: case 0xc6:
        throw new Refusal('binary data is not part of the protocol');
      case 0xc1:
        throw new Refusal('type byte 0xc1 is never used in msgpack');
      default: // 0xc7–0xc9, 0xd4–0xd8
        throw new Refusal('msgpack extensions are not part of the protocol');
    }
  }

  private str(n: number): string {
    this.need(n);
    const start = this.pos;
    this.pos += n;
    try {
      return utf8.decode(this.bytes.subarray(start, start + n));
    } catch {
      throw new Refusal('a string is not valid UTF-8');
    }
  }

  private count(n: number, depth: number): void {
    if (depth + 1 > this.limits.maxDepth) throw new Refusal(`nested deeper than ${this.limits.maxDepth}`);
    this.elements += n;
    if (this.elements > this.limits.maxElements) throw new Refusal(`more than ${this.limits.maxElements} elements`);
    // Each element takes at least one byte: a count the rest of the message cannot hold is a lie.
    if (n > this.end - this.pos) throw new Refusal('truncated: a container claims more elements than the message holds');
  }

  private array(n: number, depth: number): unknown[] {
    this.count(n, depth);
    const out: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }

  private map(n: number, depth: number): Record<string, unknown> {
    this.count(n, depth);
    // No prototype: a key such as "__proto__" is just a key.
    const out = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const key = this.value(depth + 1);
      if (typeof key !== 'string') throw new Refusal('a map key is not a string');
      if (Object.hasOwn(out, key)) throw new Refusal('a map repeats a key');
      out[key] = this.value(depth + 1);
    }
    return out;
  }
}

/** Decode bytes[start, end) as exactly one value within `limits`. Never throws. */
export function decodeStrict(bytes: Uint8Array, limits: StrictLimits, start = 0, end = bytes.length): StrictOutcome {
  if (end <= start) return { ok: false, reason: 'empty message' };
  const reader = new Reader(bytes, start, end, limits);
  try {
    const value = reader.value(0);
    if (reader.pos !== end) return { ok: false, reason: 'trailing bytes after the message' };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.reason };
    // (RangeError from a DataView read cannot happen after need(); anything else is a bug.)
    return { ok: false, reason: 'undecodable message' };
  }
}
