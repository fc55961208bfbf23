/**
 * The fuzzer and the soak send hostile traffic: they accept only a server on this machine
 * (127.0.0.0/8, localhost, [::1]) and refuse any other host before sending anything.
 */

export class LoopbackOnlyError extends Error {
  override readonly name = 'LoopbackOnlyError';
}

export interface ServerUrls {
  /** http://host:port */
  httpUrl: string;
  /** ws://host:port/ws */
  wsUrl: string;
}

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = IPV4_LOOPBACK.exec(h);
  return m !== null && m.slice(1).every((x) => Number(x) <= 255);
}

/** http(s):// or ws(s):// URL of a loopback server → its HTTP and WebSocket addresses; throws LoopbackOnlyError. */
export function loopbackUrls(raw: string): ServerUrls {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new LoopbackOnlyError('--url is not a URL (expected e.g. http://127.0.0.1:8080)');
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) throw new LoopbackOnlyError(`--url must be http(s):// or ws(s):// (got ${u.protocol})`);
  if (!isLoopbackHost(u.hostname)) {
    throw new LoopbackOnlyError(`refusing ${u.hostname.slice(0, 64)}: only a server on this machine (127.0.0.0/8, localhost, [::1]) may be fuzzed or soaked`);
  }
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  const hostPort = u.host;
  return { httpUrl: `${secure ? 'https' : 'http'}://${hostPort}`, wsUrl: `${secure ? 'wss' : 'ws'}://${hostPort}/ws` };
}
