/** RFC 6455 wire constants and the client's frame writer (every client frame is masked). */
import { randomFillSync } from 'node:crypto';

export const OPCODE = { Continuation: 0x0, Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const;

/** Close codes this client sends or reports itself. */
export const CLOSE_CODE = { Normal: 1000, ProtocolError: 1002, NoStatus: 1005, Abnormal: 1006, InvalidData: 1007, TooBig: 1009 } as const;

/** Masking keys come from a pool of strong random bytes, refilled in bulk (as `ws` does): one RNG call per 2,048 frames. */
const maskPool = Buffer.allocUnsafe(8192);
let maskPos = maskPool.length;

/**
 * One whole (FIN) client frame: header, a fresh random masking key and the masked payload,
 * in one buffer so that it goes to the socket in one write. Reads `payload[start, end)`.
 */
export function encodeFrame(opcode: number, payload: Uint8Array, start = 0, end = payload.length): Buffer {
  const n = end - start;
  const hdr = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const out = Buffer.allocUnsafe(hdr + 4 + n);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 0x10000) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 2);
    out.writeUInt32BE(n >>> 0, 6);
  }
  if (maskPos + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskPos = 0;
  }
  maskPool.copy(out, hdr, maskPos, maskPos + 4);
  maskPos += 4;
  const o = hdr + 4;
  for (let i = 0; i < n; i++) out[o + i] = payload[start + i]! ^ out[hdr + (i & 3)]!;
  return out;
}

/** A close frame's payload: the code (none for 1005) and a UTF-8 reason of at most 123 bytes. */
export function closePayload(code: number, reason: string): Buffer {
  if (code === CLOSE_CODE.NoStatus) return Buffer.alloc(0);
  const body = Buffer.allocUnsafe(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return body;
}

/** Close codes a peer may put on the wire (RFC 6455 §7.4: not 1004-1006 or 1015, nothing below 1000 or above 4999). */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}
