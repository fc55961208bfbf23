/**
 * The WebSocket upgrade's admission on a real server (issue 16): the page's Origin against the
 * allowlist (403 before upgrading), the per-address connection cap (429), loopback exempt by
 * default, and X-Forwarded-For believed from --trust-proxy addresses only.
 */
import type WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameServerConfig } from '../../server/GameServer.ts';
import { openFrom, opened, type FromOptions } from '../helpers/fromAddress.ts';
import { parsePrometheus, sampleValue, startOps } from '../ops/opsHelpers.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { until } from '../helpers/net.ts';

const running: OpsServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const ops of running.splice(0)) await ops.shutdown('test over');
});

async function server(game: Partial<GameServerConfig> = {}): Promise<{ ops: OpsServer; port: number; wsUrl: string; httpUrl: string }> {
  const r = await startOps({ game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null, ...game } });
  running.push(r.ops);
  return r;
}

/** Status of an upgrade: 101 when it opened (the socket is kept for cleanup). */
async function status(wsUrl: string, opts: FromOptions = {}): Promise<number> {
  const r = await openFrom(wsUrl, opts);
  if (!r.opened) return r.status;
  sockets.push(r.ws);
  return 101;
}

async function refusedMetric(httpUrl: string, reason: string): Promise<number | undefined> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  return sampleValue(parsePrometheus(text), 'game_upgrades_refused_total', { reason });
}

describe('Origin at the upgrade', () => {
  it('by default allows this server on localhost/127.0.0.1 and clients without Origin; refuses other sites with 403', async () => {
    const { wsUrl, httpUrl, port } = await server();
    expect(await status(wsUrl)).toBe(101);
    expect(await status(wsUrl, { headers: { origin: `http://127.0.0.1:${port}` } })).toBe(101);
    expect(await status(wsUrl, { headers: { origin: `http://localhost:${port}` } })).toBe(101);
    expect(await status(wsUrl, { headers: { origin: 'https://evil.example' } })).toBe(403);
    expect(await status(wsUrl, { headers: { origin: `http://localhost:${port + 1}` } })).toBe(403);
    expect(await status(wsUrl, { headers: { origin: 'null' } })).toBe(403);
    expect(await refusedMetric(httpUrl, 'origin')).toBe(3);
    expect(await refusedMetric(httpUrl, 'connections_per_address')).toBe(0);
  });

  it('--public-url and --allowed-origins replace the default; * allows every origin', async () => {
    const pub = await server({ publicUrl: 'https://game.example.com' });
    expect(await status(pub.wsUrl, { headers: { origin: 'https://game.example.com' } })).toBe(101);
    expect(await status(pub.wsUrl, { headers: { origin: `http://127.0.0.1:${pub.port}` } })).toBe(403);
    const listed = await server({ allowedOrigins: ['http://localhost:8080', 'https://play.example.org'] });
    expect(await status(listed.wsUrl, { headers: { origin: 'http://localhost:8080' } })).toBe(101);
    expect(await status(listed.wsUrl, { headers: { origin: 'https://PLAY.example.org:443' } })).toBe(101);
    expect(await status(listed.wsUrl, { headers: { origin: 'https://game.example.com' } })).toBe(403);
    const any = await server({ allowedOrigins: ['*'] });
    expect(await status(any.wsUrl, { headers: { origin: 'https://evil.example' } })).toBe(101);
  });
});

describe('connections per address', () => {
  it('caps open sockets per address with 429 at the upgrade; another address and a freed place get in', async () => {
    const { wsUrl, httpUrl, ops } = await server({ maxConnectionsPerAddress: 5, limitLoopback: true });
    const first: WebSocket[] = [];
    for (let i = 0; i < 5; i++) first.push(await opened(wsUrl, { localAddress: '127.0.0.1' }));
    sockets.push(...first);
    expect(await status(wsUrl, { localAddress: '127.0.0.1' })).toBe(429);
    expect(await status(wsUrl, { localAddress: '127.0.0.2' })).toBe(101);
    first[0]!.close();
    await until(() => ops.server.gate.connectionsOf('127.0.0.1') === 4, 3000, 'the close');
    expect(await status(wsUrl, { localAddress: '127.0.0.1' })).toBe(101);
    expect(await refusedMetric(httpUrl, 'connections_per_address')).toBe(1);
  });

  it('loopback is exempt by default: 300 sockets from 127.0.0.1 (load tests)', async () => {
    const { wsUrl, ops } = await server({ maxConnectionsPerAddress: 10 });
    const all = await Promise.all(Array.from({ length: 300 }, () => openFrom(wsUrl, { localAddress: '127.0.0.1' })));
    for (const r of all) if (r.opened) sockets.push(r.ws);
    expect(all.every((r) => r.opened)).toBe(true);
    expect(ops.server.gate.connectionsOf('127.0.0.1')).toBe(300);
  });

  it('counts the X-Forwarded-For address behind a trusted proxy, and ignores the header from anyone else', async () => {
    const trusted = await server({ maxConnectionsPerAddress: 2, limitLoopback: true, trustProxy: ['127.0.0.1'] });
    const via = (client: string): FromOptions => ({ localAddress: '127.0.0.1', headers: { 'x-forwarded-for': `${client}, 127.0.0.1` } });
    expect(await status(trusted.wsUrl, via('203.0.113.5'))).toBe(101);
    expect(await status(trusted.wsUrl, via('203.0.113.5'))).toBe(101);
    expect(await status(trusted.wsUrl, via('203.0.113.5'))).toBe(429);
    expect(await status(trusted.wsUrl, via('203.0.113.6'))).toBe(101);
    expect(trusted.ops.server.gate.connectionsOf('203.0.113.5')).toBe(2);
    // 127.0.0.2 is no proxy of ours: its X-Forwarded-For is a client's claim.
    const spoof = { localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '198.51.100.1' } };
    expect(await status(trusted.wsUrl, spoof)).toBe(101);
    expect(await status(trusted.wsUrl, { ...spoof, headers: { 'x-forwarded-for': '198.51.100.2' } })).toBe(101);
    expect(await status(trusted.wsUrl, { ...spoof, headers: { 'x-forwarded-for': '198.51.100.3' } })).toBe(429);
    expect(trusted.ops.server.gate.connectionsOf('127.0.0.2')).toBe(2);
  });
});
