/**
 * The built client goes out compressed: the build (vite.config.ts' precompress plugin) writes
 * .br and .gz next to the bundle, and the server picks one from Accept-Encoding, with identity
 * for a client that takes neither. Raw node:http requests, so nothing decodes behind our back.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { startServer } from '../helpers/net.ts';
import { buildClient } from '../helpers/clientBuild.ts';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressed client', () => {
  let distDir: string;
  let server: GameServer;
  let port: number;
  let bundlePath: string;
  let bundle: Buffer;

  beforeAll(async () => {
    distDir = await buildClient('compressed');
    // The largest script: Phaser's chunk, or the whole bundle.
    const js = readdirSync(join(distDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .sort((a, b) => statSync(join(distDir, 'assets', b)).size - statSync(join(distDir, 'assets', a)).size)[0];
    if (!js) throw new Error('the build wrote no .js asset');
    bundlePath = `/assets/${js}`;
    bundle = readFileSync(join(distDir, 'assets', js));
    ({ server, port } = await startServer({ staticDir: distDir }));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('the build wrote a Brotli and a gzip file next to the bundle, both smaller', () => {
    const files = readdirSync(join(distDir, 'assets'));
    const name = bundlePath.slice('/assets/'.length);
    expect(files).toContain(`${name}.br`);
    expect(files).toContain(`${name}.gz`);
    expect(readFileSync(join(distDir, 'assets', `${name}.br`)).length).toBeLessThan(bundle.length / 3);
  });

  it('sends Brotli when it is accepted, gzip when only gzip is, identity otherwise; each decodes to the bundle', async () => {
    const cases: Array<{ accept: string | null; encoding: string | undefined; decode: (b: Buffer) => Buffer }> = [
      { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
      { accept: 'gzip', encoding: 'gzip', decode: gunzipSync },
      { accept: 'br;q=0, gzip;q=0.5', encoding: 'gzip', decode: gunzipSync },
      { accept: '*', encoding: 'br', decode: brotliDecompressSync },
      { accept: 'identity', encoding: undefined, decode: (b) => b },
      { accept: 'br;q=0, gzip;q=0, *;q=0.1', encoding: undefined, decode: (b) => b },
      { accept: null, encoding: undefined, decode: (b) => b },
    ];
    for (const c of cases) {
      const r = await get(port, bundlePath, c.accept === null ? {} : { 'accept-encoding': c.accept });
      const label = `Accept-Encoding: ${c.accept ?? '(none)'}`;
      expect(r.status, label).toBe(200);
      expect(r.headers['content-encoding'], label).toBe(c.encoding);
      expect(r.headers['content-type'], label).toBe('text/javascript; charset=utf-8');
      expect(r.headers.vary, label).toBe('Accept-Encoding');
      expect(Number(r.headers['content-length']), label).toBe(r.body.length);
      expect(c.decode(r.body).equals(bundle), label).toBe(true);
      if (c.encoding) expect(r.body.length, label).toBeLessThan(bundle.length / 3);
    }
  });

  it('does not serve the .br and .gz files as paths of their own', async () => {
    expect((await get(port, `${bundlePath}.br`)).status).toBe(404);
    expect((await get(port, `${bundlePath}.gz`)).status).toBe(404);
  });

  it('index.html (under 1 KiB, not precompressed) goes out as it is, without Vary', async () => {
    const r = await get(port, '/', { 'accept-encoding': 'gzip, br' });
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.body.toString()).toMatch(/<script[^>]+src="\/assets\/[^"]+\.js"/);
  });
});
