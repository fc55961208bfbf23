/**
 * `npm run lint` (oxlint with the type-aware rules of oxlint-tsgolint, .oxlintrc.json) fails on
 * the defects it is there for. The planted file sits in a temp dir with a tsconfig of its own, so
 * the type-aware rules see it and the repo's own lint run never does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const oxlint = join(createRequire(import.meta.url).resolve('oxlint/package.json'), '..', 'bin', 'oxlint');
const dir = mkdtempSync(join(tmpdir(), 'lint-planted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lint = (file: string): { status: number | null; out: string } => {
  const r = spawnSync(process.execPath, [oxlint, '--type-aware', '--deny-warnings', '-c', join(root, '.oxlintrc.json'), '-f', 'unix', file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
};

it('fails on a planted debugger, var, ==, floating promise and unused variable, naming each rule', () => {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', skipLibCheck: true }, include: ['*.ts'] }));
  writeFileSync(
    join(dir, 'planted.ts'),
    [
      'async function later(): Promise<number> {',
      '  return 1;',
      '}',
      'export function planted(a: number, b: string): boolean {',
      '  debugger;',
      '  var total = a;',
      '  const unused = 2;',
      '  later();',
      '  return total == Number(b);',
      '}',
      '',
    ].join('\n'),
  );
  const { status, out } = lint('planted.ts');
  expect(status, out).not.toBe(0);
  for (const rule of ['no-debugger', 'no-var', 'eqeqeq', 'no-unused-vars', 'no-floating-promises']) expect(out, rule).toContain(`(${rule})`);
});

it('passes the same code written correctly', () => {
  writeFileSync(
    join(dir, 'clean.ts'),
    [
      'export async function later(): Promise<number> {',
      '  return 1;',
      '}',
      'export async function clean(a: number, b: string): Promise<boolean> {',
      '  const total = a + (await later());',
      '  return total === Number(b);',
      '}',
      '',
    ].join('\n'),
  );
  const { status, out } = lint('clean.ts');
  expect(out).not.toMatch(/Error\//);
  expect(status, out).toBe(0);
});
