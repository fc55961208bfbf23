/**
 * Admission of WebSocket upgrades, before a socket exists: the page's Origin must be allowed
 * (else HTTP 403), and one address may hold at most maxConnectionsPerAddress open sockets (else
 * HTTP 429; an IPv6 address counts with its /64, see limitKey). The client's address is the
 * peer's, or the one a trusted proxy forwarded. Loopback addresses are exempt from the
 * per-address cap unless limitLoopback is set (load tests and benchmarks open thousands of
 * sockets from 127.0.0.1).
 */
import { isLoopback, limitKey, type ProxyTrust } from './http/clientAddress.ts';
import type { PublicEndpoint } from './http/publicEndpoint.ts';
import type { UpgradeRequest, UpgradeVerdict } from './transport/types.ts';

export interface GateLimits {
  /** Open sockets one address may hold (0: no cap). */
  maxConnectionsPerAddress: number;
  /** Apply the per-address caps to loopback addresses too. */
  limitLoopback: boolean;
}

/** Why upgrades were refused, counted (metrics: game_upgrades_refused_total{reason}). */
export const UPGRADE_REFUSALS = ['origin', 'connections_per_address'] as const;
export type UpgradeRefusal = (typeof UPGRADE_REFUSALS)[number];

export class ConnectionGate {
  /** Open sockets by client address (only addresses with at least one). */
  private readonly open = new Map<string, number>();
  readonly refused = new Map<UpgradeRefusal, number>(UPGRADE_REFUSALS.map((r) => [r, 0]));

  constructor(
    private readonly limits: GateLimits,
    private readonly endpoint: PublicEndpoint,
    private readonly proxies: ProxyTrust,
  ) {}

  /** Is `address` subject to the per-address caps? */
  limited(address: string): boolean {
    return this.limits.limitLoopback || !isLoopback(address);
  }

  check(req: UpgradeRequest): UpgradeVerdict {
    if (!this.endpoint.allowsOrigin(req.origin)) {
      this.count('origin');
      return { ok: false, status: 403, reason: 'origin not allowed (see --allowed-origins)' };
    }
    const address = this.proxies.clientAddress(req.remoteAddress, req.forwardedFor);
    const max = this.limits.maxConnectionsPerAddress;
    if (max > 0 && this.connectionsOf(address) >= max && this.limited(address)) {
      this.count('connections_per_address');
      return { ok: false, status: 429, reason: `too many connections from this address (at most ${max})` };
    }
    return { ok: true, remoteAddress: address };
  }

  /** A socket of `address` opened (the transport opens it within the upgrade: no race with check). */
  opened(address: string): void {
    const key = limitKey(address);
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
  }

  closed(address: string): void {
    const key = limitKey(address);
    const n = (this.open.get(key) ?? 0) - 1;
    if (n > 0) this.open.set(key, n);
    else this.open.delete(key);
  }

  /** Open sockets counted against `address` (its limit key: an IPv6 address shares its /64's count). */
  connectionsOf(address: string): number {
    return this.open.get(limitKey(address)) ?? 0;
  }

  private count(reason: UpgradeRefusal): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }
}
