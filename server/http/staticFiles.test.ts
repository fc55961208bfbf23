import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpReply, HttpRequest } from '../transport/types.ts';
import { staticFiles } from './staticFiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'static-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), 'the game');
writeFileSync(join(dir, 'replay.html'), 'the viewer');
writeFileSync(join(dir, 'assets', 'a.js'), 'js');
const serve = staticFiles(dir);
const get = (path: string): HttpReply =>
  serve({ method: 'GET', path, query: new URLSearchParams(), headers: new Map(), body: new Uint8Array(), remoteAddress: '127.0.0.1' } satisfies HttpRequest) as HttpReply;
const text = (r: HttpReply): string => (typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('staticFiles', () => {
  it('serves a page by its name without .html (/replay), index.html for other paths without an extension', () => {
    expect(text(get('/replay'))).toBe('the viewer');
    expect(text(get('/replay/'))).toBe('the viewer');
    expect(get('/replay').headers?.['content-type']).toMatch(/^text\/html/);
    expect(text(get('/replay.html'))).toBe('the viewer');
    expect(text(get('/'))).toBe('the game');
    expect(text(get('/rooms/abc'))).toBe('the game');
    expect(text(get('/assets/a.js'))).toBe('js');
    expect(get('/assets/missing.js').status).toBe(404);
  });
});
