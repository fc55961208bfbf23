import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundaries, type Rule, type SourceFile } from './rules.ts';

/** A tree that keeps every rule: the engine, a registry, two games with shared and client parts, tests. */
const CLEAN: Record<string, string> = {
  'shared/game/GameDefinition.ts': 'export interface GameDefinition { name: string }\n',
  'shared/util/rng.ts': 'export const createRng = (seed: number) => ({ seed });\n',
  'server/games.ts': "import games from '../games/index.ts';\nexport const installed = games;\n",
  'client/games.ts': "import games from '../games/index.ts';\nexport const entries = import.meta.glob('../games/*/client/index.ts');\nexport { games };\n",
  'server/main.ts': "import { installed } from './games.ts';\nimport { createServer } from 'node:http';\nconsole.log(installed, createServer, Date.now());\n",
  'games/index.ts': "import pong from './pong/index.ts';\nimport tag from './tag/index.ts';\nexport default [pong, tag];\n",
  'games/pong/index.ts':
    "import type { GameDefinition } from '../../shared/game/GameDefinition.ts';\nimport { step } from './shared/step.ts';\nexport default { name: 'pong', step } as GameDefinition & { step: typeof step };\n",
  'games/pong/shared/step.ts': [
    "import { createRng } from '../../../shared/util/rng.ts';",
    '// No Date, no Math.random, no fetch: a comment may say so.',
    "const note = 'Date.now() and process.env are only text here';",
    'export interface Env { process: number; crypto?: string }',
    'export function step(w: { t: number; date: number }) {',
    '  w.t++;',
    '  w.date = w.t;',
    '  return { rng: createRng(w.t), note, performance: 1 };',
    '}',
  ].join('\n'),
  'games/pong/shared/step.test.ts':
    "import { it } from 'vitest';\nimport { readFileSync } from 'node:fs';\nimport { step } from './step.ts';\nit('runs', () => step({ t: Date.now(), date: 0 }) && readFileSync);\n",
  'games/pong/client/index.ts':
    "import Phaser from 'phaser';\nimport pong from '../index.ts';\nimport { createRng } from '../../../shared/util/rng.ts';\nexport default { Phaser, pong, createRng, now: Date.now() };\n",
  'games/tag/index.ts': "export default { name: 'tag' };\n",
  'test/games.test.ts': "import pong from '../games/pong/index.ts';\nimport { step } from '../games/pong/shared/step.ts';\nexport { pong, step };\n",
  'scripts/tool.ts': "import pong from '../games/pong/index.ts';\nexport { pong };\n",
};

/** One fixture per rule (and per way to break it): the files it adds or replaces, and the violations it must cause. */
const BROKEN: { name: string; files: Record<string, string>; expect: { file: string; line: number; rule: Rule; what: string }[] }[] = [
  {
    name: 'engine code imports a game',
    files: {
      'server/rooms/Room.ts': "// a comment line\nimport { step } from '../../games/pong/shared/step.ts';\nexport { step };\n",
      'shared/sync/delta.ts': "export type { Env } from '../../games/pong/shared/step.ts';\n",
      'client/scene.ts': "const m = await import('../games/tag/index.ts');\nexport { m };\n",
      'loadtest/bot.ts': "import type pong from '../games/pong/index.ts';\nexport type P = typeof pong;\n",
      'loadtest/run.ts': "type T = typeof import('../games/pong/index.ts');\nexport type { T };\n",
      'bench/ok.ts': "import '../games/pong/index.ts';\n",
      'server/sync/RoomSync.test.ts': "import '../../games/pong/index.ts';\n",
    },
    expect: [
      { file: 'client/scene.ts', line: 1, rule: 'engine-imports-game', what: '../games/tag/index.ts' },
      { file: 'loadtest/bot.ts', line: 1, rule: 'engine-imports-game', what: '../games/pong/index.ts' },
      { file: 'loadtest/run.ts', line: 1, rule: 'engine-imports-game', what: '../games/pong/index.ts' },
      { file: 'server/rooms/Room.ts', line: 2, rule: 'engine-imports-game', what: '../../games/pong/shared/step.ts' },
      { file: 'server/sync/RoomSync.test.ts', line: 1, rule: 'engine-imports-game', what: '../../games/pong/index.ts' },
      { file: 'shared/sync/delta.ts', line: 1, rule: 'engine-imports-game', what: '../../games/pong/shared/step.ts' },
    ],
  },
  {
    name: 'the registry outside the discovery modules, a discovery module that names a game',
    files: {
      'server/rooms/RoomManager.ts': "import games from '../../games/index.ts';\nexport { games };\n",
      'server/games.ts': "import pong from '../games/pong/index.ts';\nexport default [pong];\n",
      'client/games.ts': "export const entries = import.meta.glob('../games/pong/client/*.ts');\n",
    },
    expect: [
      { file: 'client/games.ts', line: 1, rule: 'engine-imports-game', what: '../games/pong/client/*.ts' },
      { file: 'server/games.ts', line: 1, rule: 'engine-imports-game', what: '../games/pong/index.ts' },
      { file: 'server/rooms/RoomManager.ts', line: 1, rule: 'engine-imports-game', what: '../../games/index.ts' },
    ],
  },
  {
    name: 'the registry reaches into a game',
    files: { 'games/index.ts': "import { step } from './pong/shared/step.ts';\nexport default [step];\n" },
    expect: [{ file: 'games/index.ts', line: 1, rule: 'registry', what: './pong/shared/step.ts' }],
  },
  {
    name: 'one game imports another (tests too) or the registry',
    files: {
      'games/tag/index.ts': "import { step } from '../pong/shared/step.ts';\nexport default { name: 'tag', step };\n",
      'games/tag/client/index.ts': "import pong from '../../pong/index.ts';\nexport { pong };\n",
      'games/tag/shared/all.test.ts': "import all from '../../index.ts';\nexport { all };\n",
    },
    expect: [
      { file: 'games/tag/client/index.ts', line: 1, rule: 'game-imports-game', what: '../../pong/index.ts' },
      { file: 'games/tag/index.ts', line: 1, rule: 'game-imports-game', what: '../pong/shared/step.ts' },
      { file: 'games/tag/shared/all.test.ts', line: 1, rule: 'game-imports-game', what: '../../index.ts' },
    ],
  },
  {
    name: "a game's shared part imports Phaser, the engine's server/client/loadtest, node: modules, packages or its client part",
    files: {
      'games/pong/shared/draw.ts': "import Phaser from 'phaser';\nexport { Phaser };\n",
      'games/pong/shared/net.ts': "import { GameServer } from '../../../server/GameServer.ts';\nexport { GameServer };\n",
      'games/pong/shared/ui.ts': "export * from '../../../client/ui/Hud.ts';\n",
      'games/pong/shared/bots.ts': "import type { Bot } from '../../../loadtest/bot.ts';\nexport type { Bot };\n",
      'games/pong/shared/file.ts': "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n",
      'games/pong/index.ts': "import { nanoid } from 'nanoid/non-secure';\nimport sprite from './client/sprite.ts';\nexport default { name: 'pong', nanoid, sprite };\n",
      'games/index.ts': "import Phaser from 'phaser';\nexport default [Phaser];\n",
    },
    expect: [
      { file: 'games/index.ts', line: 1, rule: 'game-shared-imports', what: 'phaser' },
      { file: 'games/pong/index.ts', line: 1, rule: 'game-shared-imports', what: 'nanoid/non-secure' },
      { file: 'games/pong/index.ts', line: 2, rule: 'game-shared-imports', what: './client/sprite.ts' },
      { file: 'games/pong/shared/bots.ts', line: 1, rule: 'game-shared-imports', what: '../../../loadtest/bot.ts' },
      { file: 'games/pong/shared/draw.ts', line: 1, rule: 'game-shared-imports', what: 'phaser' },
      { file: 'games/pong/shared/file.ts', line: 1, rule: 'game-shared-imports', what: 'node:fs' },
      { file: 'games/pong/shared/net.ts', line: 1, rule: 'game-shared-imports', what: '../../../server/GameServer.ts' },
      { file: 'games/pong/shared/ui.ts', line: 1, rule: 'game-shared-imports', what: '../../../client/ui/Hud.ts' },
    ],
  },
  {
    name: "a game's client part imports server/",
    files: { 'games/pong/client/index.ts': "import Phaser from 'phaser';\nimport { Room } from '../../../server/rooms/Room.ts';\nexport { Phaser, Room };\n" },
    expect: [{ file: 'games/pong/client/index.ts', line: 2, rule: 'game-client-imports', what: '../../../server/rooms/Room.ts' }],
  },
  {
    name: "a game's shared part reaches for a clock, ambient randomness, timers, I/O, the host or code from strings",
    files: {
      'games/pong/shared/step.ts': [
        'export function step(w: { t: number }) {',
        '  w.t = Date.now() + Math.random() + performance.now();',
        '  setTimeout(() => 0); setInterval(() => 0); setImmediate(() => 0); queueMicrotask(() => 0);',
        '  const e = process.env, f = fetch, c = crypto.randomUUID(), r = require, g = globalThis;',
        "  eval('1'); const h = new Function('return 1');",
        '  return `${new Date()}` + String([e, f, c, r, g, h]);',
        '}',
      ].join('\n'),
    },
    expect: [
      ...['Date', 'Math.random', 'performance'].map((what) => ({ file: 'games/pong/shared/step.ts', line: 2, rule: 'determinism' as const, what })),
      ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'].map((what) => ({ file: 'games/pong/shared/step.ts', line: 3, rule: 'determinism' as const, what })),
      ...['process', 'fetch', 'crypto', 'require', 'globalThis'].map((what) => ({ file: 'games/pong/shared/step.ts', line: 4, rule: 'determinism' as const, what })),
      ...['eval', 'new Function'].map((what) => ({ file: 'games/pong/shared/step.ts', line: 5, rule: 'determinism' as const, what })),
      { file: 'games/pong/shared/step.ts', line: 6, rule: 'determinism', what: 'Date' },
    ],
  },
];

const asFiles = (tree: Record<string, string>): SourceFile[] => Object.entries(tree).map(([path, text]) => ({ path, text }));
const brief = (vs: ReturnType<typeof checkBoundaries>) => vs.map(({ file, line, rule, what }) => ({ file, line, rule, what }));

describe('checkBoundaries', () => {
  it('passes a tree that keeps every rule', () => {
    expect(checkBoundaries(asFiles(CLEAN))).toEqual([]);
  });

  for (const fixture of BROKEN) {
    it(`fails: ${fixture.name}`, () => {
      expect(brief(checkBoundaries(asFiles({ ...CLEAN, ...fixture.files })))).toEqual(fixture.expect);
    });
  }

  it('covers every rule with a failing fixture', () => {
    const rules = new Set(BROKEN.flatMap((f) => f.expect.map((e) => e.rule)));
    expect([...rules].sort()).toEqual(['determinism', 'engine-imports-game', 'game-client-imports', 'game-imports-game', 'game-shared-imports', 'registry']);
  });

  it('lets a game use allowlisted packages', () => {
    const files = asFiles({ ...CLEAN, 'games/pong/shared/id.ts': "import { nanoid } from 'nanoid/non-secure';\nexport { nanoid };\n" });
    expect(checkBoundaries(files, { gamePackages: ['nanoid'] })).toEqual([]);
    expect(brief(checkBoundaries(files))).toHaveLength(1);
  });

  it('never lets a shared part import Phaser, even allowlisted', () => {
    const files = asFiles({ ...CLEAN, 'games/pong/shared/draw.ts': "import Phaser from 'phaser';\nexport { Phaser };\n" });
    const [v, ...rest] = checkBoundaries(files, { gamePackages: ['phaser'] });
    expect(rest).toEqual([]);
    expect(v?.rule).toBe('game-shared-imports');
    expect(v?.message).toContain('only games/<name>/client/ may');
  });
});

describe('npm run check:boundaries (the CLI)', () => {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'checkBoundaries.ts');
  const dirs: string[] = [];
  const tree = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
    dirs.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    // Never read: node_modules, dist and dot folders.
    for (const skipped of ['node_modules/x/index.ts', 'dist/server/a.ts', '.cache/b.ts']) {
      mkdirSync(dirname(join(root, skipped)), { recursive: true });
      writeFileSync(join(root, skipped), "import '../games/pong/index.ts'; Date.now();\n");
    }
    return root;
  };
  const run = (root: string) => spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('exits 0 with the file count on a clean tree, 1 with one line per violation otherwise', () => {
    const clean = run(tree(CLEAN));
    expect(clean.stdout).toBe(`check:boundaries: ${Object.keys(CLEAN).length} files, no violations\n`);
    expect(clean.status).toBe(0);

    const broken = run(tree({ ...CLEAN, ...BROKEN[0]!.files }));
    const lines = broken.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.split(' ')[0])).toEqual(BROKEN[0]!.expect.map((e) => `${e.file}:${e.line}:`));
    expect(lines[0]).toContain("client/scene.ts:1: '../games/tag/index.ts' [engine-imports-game]");
    expect(lines.at(-1)).toBe(`check:boundaries: ${Object.keys({ ...CLEAN, ...BROKEN[0]!.files }).length} files, ${BROKEN[0]!.expect.length} violations`);
    expect(broken.status).toBe(1);
  });
});
