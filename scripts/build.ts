/**
 * The production build: the server and shared code compiled to JavaScript in dist/server
 * (`tsc -p tsconfig.build.json`, imports of `./x.ts` rewritten to `./x.js`) and the client built
 * and precompressed in dist/client (`vite build`), then dist/build-stamp.json records a hash of
 * every input.
 *
 *   node scripts/build.ts             build (npm run build)
 *   node scripts/build.ts --if-stale  build only when dist/ is missing or its stamp does not match
 *                                     the sources (npm's prestart, so `npm start` runs what is there)
 *
 * Plain Node.js runs this file (type stripping, Node 22.18+): no tsx. Without the sources (a
 * container holds dist/ only) the build there is used as it is; with stale sources and no build
 * tools (`npm ci --omit=dev`) it says so and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(root, 'dist', 'build-stamp.json');
const SOURCE_DIRS = ['server', 'shared', 'client', 'games'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts', 'scripts/build.ts', 'scripts/precompress.ts'];
const OUTPUTS = ['dist/server/server/main.js', 'dist/client/index.html', 'dist/client/replay.html'];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (!name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** sha256 over each input's path and bytes, in path order; null when there are no sources. */
function inputsHash(): string | null {
  const dirs = SOURCE_DIRS.map((d) => join(root, d)).filter((d) => existsSync(d));
  if (dirs.length === 0) return null;
  const files = [...dirs.flatMap((d) => walk(d)), ...SOURCE_FILES.map((f) => join(root, f)).filter((f) => existsSync(f))];
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f).split(sep).join('/')).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function stampedHash(): string | null {
  try {
    return (JSON.parse(readFileSync(STAMP, 'utf8')) as { inputsHash?: string }).inputsHash ?? null;
  } catch {
    return null;
  }
}

function run(label: string, cli: string, args: string[]): void {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed (${r.signal ?? `exit code ${r.status}`})`);
    process.exit(1);
  }
  console.log(`build: ${label} done in ${Math.round(performance.now() - t0)} ms`);
}

function build(hash: string | null): void {
  const require = createRequire(import.meta.url);
  let tsc: string;
  let vite: string;
  try {
    tsc = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
    vite = join(require.resolve('vite/package.json'), '..', 'bin', 'vite.js');
  } catch {
    console.error('Cannot build: TypeScript and Vite (devDependencies) are not installed. Run `npm install`, then `npm start` or `npm run build`.');
    process.exit(1);
  }
  // Modules deleted from the sources must not linger in the build.
  rmSync(join(root, 'dist', 'server'), { recursive: true, force: true });
  run('server (tsc -p tsconfig.build.json)', tsc, ['-p', 'tsconfig.build.json']);
  run('client (vite build)', vite, ['build', '--logLevel', 'warn']);
  writeFileSync(STAMP, JSON.stringify({ inputsHash: hash, builtAt: new Date().toISOString() }, null, 2) + '\n');
}

function main(): void {
  const ifStale = process.argv.includes('--if-stale');
  const hash = inputsHash();
  const built = OUTPUTS.every((f) => existsSync(join(root, f)));
  if (ifStale && built && (hash === null || stampedHash() === hash)) return;
  if (ifStale) console.log(built ? 'build: the sources changed since the last build: building' : 'build: no build in dist/ yet: building');
  build(hash);
}

main();
