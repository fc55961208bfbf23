/**
 * A build of the client of its own for one test file (not dist/client), so that test files
 * running side by side never race each other's builds. The caller removes the directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildClient(prefix: string): Promise<string> {
  const distDir = mkdtempSync(join(tmpdir(), `${prefix}-dist-`));
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
  return distDir;
}
