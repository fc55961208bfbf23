/**
 * Who a request comes from. The socket's peer address, unless that peer is a proxy listed in
 * --trust-proxy: then X-Forwarded-For names the client (and X-Forwarded-Proto its scheme).
 * Headers from anyone else are ignored, so a client cannot pick its own address or scheme.
 * Addresses are compared in one canonical text form (see normalizeAddress).
 */
import { isIP } from 'node:net';

/** Longest forwarded header read (a longer one is cut: only its last hops matter). */
const MAX_FORWARDED_CHARS = 1024;

/**
 * The canonical text of an IP address: IPv4 dotted, an IPv4-mapped IPv6 address as its IPv4,
 * IPv6 compressed and lower case (uWS reports IPv6 peers in full form). Anything that is not an
 * IP address is returned trimmed and cut to 64 characters.
 */
export function normalizeAddress(raw: string): string {
  const text = raw.trim();
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6) return text.slice(0, 64);
  const compressed = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed);
  if (!mapped) return compressed;
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/**
 * The key the per-address limits count under: an IPv4 address itself, an IPv6 address its /64
 * (one subscriber usually holds a whole /64: counted per address, it could take 2^64 shares).
 * Loopback and anything that is not an IP address are their own key.
 */
export function limitKey(address: string): string {
  if (isIP(address) !== 6 || address === '::1') return address;
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** 127.0.0.0/8 or ::1 (canonical text, see normalizeAddress). */
export function isLoopback(address: string): boolean {
  return address === '::1' || (address.startsWith('127.') && isIP(address) === 4);
}

/** The proxies whose forwarded headers are believed (--trust-proxy). */
export class ProxyTrust {
  private readonly trusted: ReadonlySet<string>;

  /** `addresses`: IP addresses (checked by the caller); empty: no proxy is trusted. */
  constructor(addresses: readonly string[]) {
    this.trusted = new Set(addresses.map(normalizeAddress));
  }

  get enabled(): boolean {
    return this.trusted.size > 0;
  }

  trusts(address: string): boolean {
    return this.trusted.has(address);
  }

  /**
   * The client's address: the peer, or, while the hop is a trusted proxy, the next address to
   * the left in X-Forwarded-For (the right-most one no trusted proxy added). A hop that is not
   * an IP address ends the walk.
   */
  clientAddress(peer: string, forwardedFor: string | undefined): string {
    let address = normalizeAddress(peer);
    if (!this.trusts(address) || !forwardedFor) return address;
    const hops = forwardedFor.slice(-MAX_FORWARDED_CHARS).split(',');
    for (let i = hops.length - 1; i >= 0 && this.trusts(address); i--) {
      const hop = hops[i]!.trim();
      if (isIP(hop) === 0) break;
      address = normalizeAddress(hop);
    }
    return address;
  }

  /** The scheme the client used, from a trusted proxy's X-Forwarded-Proto; null: not known. */
  forwardedProto(peer: string, header: string | undefined): 'http' | 'https' | null {
    if (!header || !this.trusts(normalizeAddress(peer))) return null;
    const first = header.slice(0, 64).split(',')[0]!.trim().toLowerCase();
    return first === 'https' || first === 'http' ? first : null;
  }
}
