/** Serves the built client (dist/client) from memory, with index.html for unknown paths. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { HttpHandler, HttpReply } from '../transport/types.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function staticFiles(dir: string): HttpHandler {
  const files = new Map<string, { body: Uint8Array; type: string }>();
  let found = true;
  try {
    for (const file of walk(dir)) {
      const path = '/' + relative(dir, file).split(sep).join('/');
      files.set(path, { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' });
    }
  } catch {
    found = false;
  }
  const index = files.get('/index.html');
  return (req): HttpReply => {
    const f = files.get(req.path) ?? (extname(req.path) === '' ? index : undefined);
    if (f) {
      const cache = req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return { status: 200, headers: { 'content-type': f.type, 'cache-control': cache }, body: req.method === 'HEAD' ? '' : f.body };
    }
    if (!found || !index) {
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'The client is not built: run `npm run build` (npm start does it for you).' };
    }
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  };
}
