/**
 * npm run new-game, end to end: it generates games/zz-scaffold-test-<pid>/ inside the repo, whose
 * files must type-check, lint, keep the boundary rules and pass their own tests as generated.
 * The folder (and its temporary tsconfig) is always removed, and a dead run's leftovers too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineGame, type Kind } from '../../shared/game/defineGame.ts';
import type { GameDefinition } from '../../shared/game/GameDefinition.ts';
import type { InputSchema } from '../../shared/game/inputs.ts';
import { checkBoundaries } from '../boundaries/rules.ts';
import { badName, gameFiles } from './template.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PREFIX = 'zz-scaffold-test-';
const name = PREFIX + process.pid;
const dir = join(root, 'games', name);
const tsconfig = join(root, `tsconfig.${name}.json`);
const bin = (tool: string) => join(root, 'node_modules', '.bin', tool);
const newGame = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'newGame.ts'), ...args], { cwd: root, encoding: 'utf8' });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cleanUp(): void {
  rmSync(dir, { recursive: true, force: true });
  rmSync(tsconfig, { force: true });
}

beforeAll(() => {
  for (const entry of readdirSync(join(root, 'games'))) {
    const pid = Number(entry.slice(PREFIX.length));
    if (entry.startsWith(PREFIX) && pid !== process.pid && !alive(pid)) {
      rmSync(join(root, 'games', entry), { recursive: true, force: true });
      rmSync(join(root, `tsconfig.${entry}.json`), { force: true });
    }
  }
  cleanUp();
});
afterAll(cleanUp);

describe('npm run new-game', () => {
  it('refuses a bad name or an existing folder with one line and exit 1', () => {
    for (const args of [[], ['Pong'], ['9lives'], ['a_b'], ['x'.repeat(33)], ['arena'], ['../escape']]) {
      const r = newGame(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^new-game: (usage|bad game name|games\/arena\/ already exists)/);
    }
    expect(existsSync(join(root, 'games', 'Pong'))).toBe(false);
  });

  it('creates a game that type-checks, lints, keeps the boundaries and passes its tests', { timeout: 240_000 }, async () => {
    const made = newGame(name);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(newGame(name).stderr).toBe(`new-game: games/${name}/ already exists\n`);
    const files = gameFiles(name);
    for (const [path, text] of Object.entries(files)) expect(readFileSync(join(dir, path), 'utf8')).toBe(text);

    writeFileSync(tsconfig, JSON.stringify({ extends: './tsconfig.json', include: [`games/${name}`] }));
    const tsc = spawnSync(bin('tsc'), ['--noEmit', '-p', tsconfig], { cwd: root, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const lint = spawnSync(bin('oxlint'), ['--type-aware', '--deny-warnings', `games/${name}`], { cwd: root, encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);

    const sources = Object.entries(files)
      .filter(([path]) => path.endsWith('.ts'))
      .map(([path, text]) => ({ path: `games/${name}/${path}`, text }));
    expect(checkBoundaries(sources)).toEqual([]);

    const tests = spawnSync(bin('vitest'), ['run', `games/${name}/`], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/Test Files\s+.*2 passed/);

    // The generated definition, loaded: defineGame accepts exactly the names new-game accepts.
    const game = ((await import(pathToFileURL(join(dir, 'index.ts')).href)) as { default: GameDefinition<unknown, InputSchema, unknown, unknown, unknown, Kind> }).default;
    for (const n of ['a', 'pong', 'tag-2', 'x'.repeat(32), 'Pong', '2d', 'a_b', '-a', 'x'.repeat(33), '']) {
      const room = game.rooms[game.name]!;
      const accepted = (() => {
        try {
          defineGame({ ...game, name: n, rooms: { [n]: room } });
          return true;
        } catch {
          return false;
        }
      })();
      expect(accepted, n).toBe(badName(n) === null);
    }
  });
});
