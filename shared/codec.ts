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

/**
 * Encode a message as msgpack array whose first elements are small non-negative integers and
 * whose remaining elements are an already-encoded tail. Lets the server encode the shared part
 * of a message once per tick and prepend each client's own header cheaply.
 */
export function encodeWithTail(head: readonly number[], tailCount: number, tail: Uint8Array): Uint8Array {
  const n = head.length + tailCount;
  if (n > 15) throw new Error('encodeWithTail: at most 15 elements');
  const out = new Uint8Array(1 + head.length * 5 + tail.length);
  let o = 0;
  out[o++] = 0x90 | n;
  for (const v of head) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error('encodeWithTail: head values must be uint32');
    if (v < 0x80) out[o++] = v;
    else if (v < 0x100) {
      out[o++] = 0xcc;
      out[o++] = v;
    } else if (v < 0x10000) {
      out[o++] = 0xcd;
      out[o++] = v >>> 8;
      out[o++] = v & 0xff;
    } else {
      out[o++] = 0xce;
      out[o++] = v >>> 24;
      out[o++] = (v >>> 16) & 0xff;
      out[o++] = (v >>> 8) & 0xff;
      out[o++] = v & 0xff;
    }
  }
  out.set(tail, o);
  return out.subarray(0, o + tail.length);
}

/** Encode several values back to back (a tail for encodeWithTail). */
export function encodeSequence(values: readonly unknown[]): Uint8Array {
  const parts = values.map((v) => packr.pack(v));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
