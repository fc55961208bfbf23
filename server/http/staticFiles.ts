/**
 * Serves the built client (dist/client) from memory: a page by its name without `.html` (/replay is
 * replay.html, the replay viewer), index.html for other unknown paths. The
 * build writes `x.br` and `x.gz` next to each compressible asset (scripts/precompress.ts): a
 * request whose Accept-Encoding takes one gets it with Content-Encoding (Brotli first), any other
 * the identity bytes; both carry `Vary: Accept-Encoding`. The `.br`/`.gz` files are not paths of
 * their own.
 */
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

/** Content codings in the order the server prefers them, with the suffix of their precompressed file. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number]['name'];

interface StaticFile {
  body: Uint8Array;
  type: string;
  encoded: Partial<Record<Encoding, Uint8Array>>;
}

/** Whether an Accept-Encoding header takes `coding`: named with q > 0, or not named and `*` with q > 0. */
export function acceptsEncoding(header: string | undefined, coding: string): boolean {
  let star = false;
  for (const part of (header ?? '').split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === coding) return ok;
    if (name === '*') star = ok;
  }
  return star;
}

function pickEncoding(f: StaticFile, header: string | undefined): Encoding | null {
  for (const { name } of ENCODINGS) if (f.encoded[name] && acceptsEncoding(header, name)) return name;
  return null;
}

export function staticFiles(dir: string): HttpHandler {
  const files = new Map<string, StaticFile>();
  let found = true;
  try {
    const all = walk(dir);
    const present = new Set(all);
    for (const file of all) {
      if (ENCODINGS.some((e) => file.endsWith(e.suffix) && present.has(file.slice(0, -e.suffix.length)))) continue;
      const encoded: StaticFile['encoded'] = {};
      for (const e of ENCODINGS) if (present.has(file + e.suffix)) encoded[e.name] = readFileSync(file + e.suffix);
      const path = '/' + relative(dir, file).split(sep).join('/');
      files.set(path, { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream', encoded });
    }
  } catch {
    found = false;
  }
  const index = files.get('/index.html');
  return (req): HttpReply => {
    const f = files.get(req.path) ?? (extname(req.path) === '' ? (files.get(`${req.path.replace(/\/+$/, '')}.html`) ?? index) : undefined);
    if (f) {
      const cache = req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      const headers: Record<string, string> = { 'content-type': f.type, 'cache-control': cache };
      let body = f.body;
      if (Object.keys(f.encoded).length > 0) {
        headers.vary = 'Accept-Encoding';
        const encoding = pickEncoding(f, req.headers.get('accept-encoding'));
        if (encoding) {
          headers['content-encoding'] = encoding;
          body = f.encoded[encoding] ?? body;
        }
      }
      return { status: 200, headers, body: req.method === 'HEAD' ? '' : body };
    }
    if (!found || !index) {
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'The client is not built: run `npm run build` (npm start does it for you).' };
    }
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  };
}
