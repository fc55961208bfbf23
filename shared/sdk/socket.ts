/**
 * The few members of a WebSocket that the SDK uses. The browser's WebSocket and the `ws`
 * package's WebSocket both have them, so the same SDK runs in the browser and in the bots.
 */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export const OPEN = 1;

export type SocketFactory = (url: string) => SocketLike;

/** Bytes of a message event's data, whichever runtime delivered it. */
export function messageBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) {
    // ws may deliver fragmented messages as Buffer[] when binaryType is 'fragments'.
    const parts = data as Uint8Array[];
    const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.byteLength;
    }
    return out;
  }
  return null;
}
