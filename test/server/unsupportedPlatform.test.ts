/** On a Node.js or platform the uWebSockets.js binary does not support, start says so in one line. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('prints one clear line naming the supported versions and exits 1, without a stack trace', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/fixtures/noUws.mjs', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Cannot start: the uWebSockets\.js binary does not load on Node\.js v\d+/);
  expect(lines[0]).toMatch(/Node\.js 18, 20, 21 and 22/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
