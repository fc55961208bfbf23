/** The client's side of the HTTP/1.1 upgrade (RFC 6455 §4.1): the request, and the checks on the response. */
import { createHash, randomBytes } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Longest response head read before giving up (a server that never ends its headers). */
export const MAX_HEAD_BYTES = 16 * 1024;

/** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
export function newKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must answer `key` with. */
export function acceptFor(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** The GET that asks for the upgrade; no extensions and no subprotocol are requested. */
export function upgradeRequest(url: URL, key: string): string {
  return (
    `GET ${url.pathname || '/'}${url.search} HTTP/1.1\r\n` +
    `Host: ${url.host}\r\n` +
    'Upgrade: websocket\r\n' +
    'Connection: Upgrade\r\n' +
    `Sec-WebSocket-Key: ${key}\r\n` +
    'Sec-WebSocket-Version: 13\r\n\r\n'
  );
}

/** Check the response head (without its final blank line): null when the upgrade is accepted, otherwise why not. */
export function checkUpgradeResponse(head: string, key: string): string | null {
  const lines = head.split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return `bad HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`;
  if (status[1] !== '101') return `upgrade refused: HTTP ${status[1]}${status[2] ? ` ${status[2]}` : ''}`;
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i]!.indexOf(':');
    if (colon > 0) headers.set(lines[i]!.slice(0, colon).trim().toLowerCase(), lines[i]!.slice(colon + 1).trim());
  }
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket') return 'upgrade refused: no "Upgrade: websocket" in the 101 response';
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(headers.get('connection') ?? '')) return 'upgrade refused: no "Connection: Upgrade" in the 101 response';
  if (headers.get('sec-websocket-accept') !== acceptFor(key)) return 'upgrade refused: wrong Sec-WebSocket-Accept';
  if (headers.has('sec-websocket-extensions')) return 'upgrade refused: the server chose an extension that was not offered';
  if (headers.has('sec-websocket-protocol')) return 'upgrade refused: the server chose a subprotocol that was not offered';
  return null;
}
