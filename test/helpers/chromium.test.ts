/** The unpack of the browser tests' Chromium: a stale or broken unpack is never reused. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ensureChromium, packageVersion } from './chromium.ts';

const base = mkdtempSync(join(tmpdir(), 'chromium-unpack-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

it('replaces an unpack of another version, reuses a good one, and replaces a truncated binary', { timeout: 120_000 }, async () => {
  const version = packageVersion();
  const major = version.split('.')[0];
  const dir = join(base, `arena-chromium-${version}`);
  // Left by an older package version: its stamp and binary name another Chromium.
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'arena-chromium.json'), JSON.stringify({ packageVersion: '1.0.0' }));
  writeFileSync(join(dir, 'chromium'), '#!/bin/sh\necho "Chromium 1.0.0.0"\n');
  chmodSync(join(dir, 'chromium'), 0o755);

  const first = await ensureChromium(base);
  expect(first.unpackMs).toBeGreaterThan(0);
  expect(dirname(first.executablePath)).toBe(dir);
  expect(first.version).toMatch(new RegExp(`^Chromium ${major}\\.`));
  expect(JSON.parse(readFileSync(join(dir, 'arena-chromium.json'), 'utf8'))).toMatchObject({ packageVersion: version });

  const again = await ensureChromium(base);
  expect(again).toEqual({ ...first, unpackMs: 0 });

  // Cut short (a disk that filled up, a copy interrupted): the stamp is right, the binary is not.
  truncateSync(first.executablePath, 4096);
  const repaired = await ensureChromium(base);
  expect(repaired.unpackMs).toBeGreaterThan(0);
  expect(repaired.version).toBe(first.version);
});
