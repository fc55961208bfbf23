/**
 * What `npm start` and the container run: the server compiled by `tsc -p tsconfig.build.json`
 * (TypeScript 7 emitting `.js` with rewritten relative imports), started by plain `node`, no
 * tsx. It finds the built client next to itself (dist/client beside dist/server), answers its
 * probes and stops with exit code 0 on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(createRequire(import.meta.url).resolve('typescript/package.json'), '..', 'bin', 'tsc');

let dist: string;
let child: ChildProcess | null = null;

beforeAll(() => {
  // Inside the repo (node_modules/.cache), so the build's imports find the installed packages.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  dist = mkdtempSync(join(root, 'node_modules', '.cache', 'built-server-'));
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(dist, 'server')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
  mkdirSync(join(dist, 'client'));
  writeFileSync(join(dist, 'client', 'index.html'), '<!doctype html><title>built client marker</title>');
}, 90_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dist, { recursive: true, force: true });
});

it('runs under plain node, serves dist/client from beside itself, and exits 0 on SIGTERM', async () => {
  const proc = spawn(process.execPath, [join(dist, 'server', 'server', 'main.js')], {
    cwd: tmpdir(),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', STATIC_DIR: undefined, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  let err = '';
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"event":"listening".*?"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
  });
  expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({ ready: true });
  expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('built client marker');
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(err).toBe('');
});
