/**
 * The wsUrl of matchmake replies comes from configuration, not from the client's Host or
 * X-Forwarded-Proto (issue 16); forwarded headers count only from --trust-proxy addresses,
 * and then X-Forwarded-For is the address the per-address limits apply to. Real server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ERR } from '../../shared/protocol.ts';
import { postFrom, type FromOptions } from '../helpers/fromAddress.ts';
import { start, type Running } from '../rooms/net.ts';

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.server.stop();
});

async function server(config: Parameters<typeof start>[0] = {}): Promise<Running> {
  const r = await start(config);
  running.push(r);
  return r;
}

async function wsUrlOf(httpUrl: string, opts: FromOptions = {}): Promise<string> {
  const r = await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, opts);
  expect(r.status).toBe(200);
  return r.body.wsUrl as string;
}

describe('wsUrl of matchmake replies', () => {
  it('without --public-url: the Host only when it is this server, never a client-chosen host or scheme', async () => {
    const { httpUrl } = await server();
    const port = new URL(httpUrl).port;
    expect(await wsUrlOf(httpUrl)).toBe(`ws://127.0.0.1:${port}/ws`);
    expect(await wsUrlOf(httpUrl, { headers: { host: `localhost:${port}` } })).toBe(`ws://localhost:${port}/ws`);
    expect(await wsUrlOf(httpUrl, { headers: { host: 'evil.example', 'x-forwarded-proto': 'https' } })).toBe(`ws://127.0.0.1:${port}/ws`);
    expect(await wsUrlOf(httpUrl, { headers: { host: `127.0.0.1:${port}`, 'x-forwarded-proto': 'https' } })).toBe(`ws://127.0.0.1:${port}/ws`);
  });

  it('with --public-url: always its host, wss for https', async () => {
    const { httpUrl } = await server({ publicUrl: 'https://game.example.com' });
    expect(await wsUrlOf(httpUrl)).toBe('wss://game.example.com/ws');
    expect(await wsUrlOf(httpUrl, { headers: { host: 'evil.example' } })).toBe('wss://game.example.com/ws');
  });

  it('X-Forwarded-Proto from a trusted proxy picks wss', async () => {
    const { httpUrl } = await server({ trustProxy: ['127.0.0.1'] });
    const port = new URL(httpUrl).port;
    expect(await wsUrlOf(httpUrl, { localAddress: '127.0.0.1', headers: { 'x-forwarded-proto': 'https' } })).toBe(`wss://127.0.0.1:${port}/ws`);
    expect(await wsUrlOf(httpUrl, { localAddress: '127.0.0.2', headers: { 'x-forwarded-proto': 'https' } })).toBe(`ws://127.0.0.1:${port}/ws`);
  });
});

describe('matchmaking from other sites', () => {
  it("a page whose origin is not allowed gets 403 OriginRefused; this server's pages and clients without Origin are served", async () => {
    const { httpUrl, server: s } = await server({ limitLoopback: true });
    const port = new URL(httpUrl).port;
    const call = (headers: Record<string, string>) => postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'create' }, { headers });
    const evil = await call({ origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.error).toMatchObject({ code: ERR.OriginRefused, name: 'OriginRefused' });
    expect(s.rooms.rooms.size).toBe(0);
    expect((await call({ origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await call({})).status).toBe(200);
    expect(s.stats.matchmakeRefused.get(ERR.OriginRefused)).toBe(1);
  });
});

describe('client address behind a trusted proxy', () => {
  it('the rate limit and quotas apply to the X-Forwarded-For address; a spoofed header changes nothing', async () => {
    const { httpUrl } = await server({ trustProxy: ['127.0.0.1'], limitLoopback: true, matchmakePerSec: 1, matchmakeBurst: 2 });
    const call = (opts: FromOptions) => postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, opts).then((r) => r.status);
    const proxied = (client: string): FromOptions => ({ localAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    expect([await call(proxied('203.0.113.5')), await call(proxied('203.0.113.5')), await call(proxied('203.0.113.5'))]).toEqual([200, 200, 429]);
    expect(await call(proxied('203.0.113.6'))).toBe(200);
    // Not from the proxy: each "client" it names is still 127.0.0.2.
    const spoofed = (client: string): FromOptions => ({ localAddress: '127.0.0.2', headers: { 'x-forwarded-for': client } });
    expect([await call(spoofed('198.51.100.1')), await call(spoofed('198.51.100.2')), await call(spoofed('198.51.100.3'))]).toEqual([200, 200, 429]);
    const body = (await postFrom(`${httpUrl}/api/matchmake`, { mode: 'arena', action: 'joinOrCreate' }, spoofed('198.51.100.4'))).body;
    expect(body.error).toMatchObject({ code: ERR.RateLimited });
  });
});
