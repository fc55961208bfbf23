/**
 * Precompression of the built client: `x.br` (Brotli, quality 11) and `x.gz` (gzip, level 9)
 * next to every text asset of 1 KiB or more, written once at build so the server sends them
 * without compressing per request (server/http/staticFiles.ts picks one from Accept-Encoding).
 * A coding that does not make the file smaller is not written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.ico', '.wasm']);
const MIN_BYTES = 1024;

export interface PrecompressedFile {
  file: string;
  bytes: number;
  brBytes: number | null;
  gzBytes: number | null;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Compresses on libuv's thread pool, every file and both codings at once. */
export async function precompressDir(dir: string): Promise<PrecompressedFile[]> {
  const jobs = walk(dir)
    .filter((file) => COMPRESSIBLE.has(extname(file)))
    .map(async (file): Promise<PrecompressedFile | null> => {
      const body = readFileSync(file);
      if (body.length < MIN_BYTES) return null;
      const [br, gz] = await Promise.all([
        brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzipAsync(body, { level: 9 }),
      ]);
      const smaller = (b: Buffer): boolean => b.length < body.length;
      await Promise.all([smaller(br) ? writeFile(file + '.br', br) : null, smaller(gz) ? writeFile(file + '.gz', gz) : null]);
      return { file, bytes: body.length, brBytes: smaller(br) ? br.length : null, gzBytes: smaller(gz) ? gz.length : null };
    });
  return (await Promise.all(jobs)).filter((f): f is PrecompressedFile => f !== null);
}

/** A Vite plugin: precompress the output directory once the bundle is written. */
export function precompress(): { name: string; apply: 'build'; writeBundle: (options: { dir?: string }) => Promise<void> } {
  return {
    name: 'arena-precompress',
    apply: 'build',
    async writeBundle(options) {
      if (options.dir) await precompressDir(options.dir);
    },
  };
}
