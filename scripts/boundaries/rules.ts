/**
 * The engine/game boundary as rules over each file's imports and tokens (docs/game-api.md,
 * STYLE.md "Engine and games"). Arrows point one way: games/<name> → the engine's public API,
 * never engine → game, never game → game; a game's shared part (its rules, run by the server and
 * by the client's prediction) is pure and deterministic.
 *
 * Discovery, one module per side: `server/games.ts` and `client/games.ts` (DISCOVERY) are the
 * only engine files that may reach into games/, and only without naming a game, through either
 *   - the registry `games/index.ts`, which lists the installed games (it may import only games'
 *     `games/<name>/index.ts`, and follows a game's shared-part rules), or
 *   - `import.meta.glob('../games/*\/…')` (Vite, on the client), whose game segment is a wildcard.
 *
 * Pure: (path, text) pairs in, violations out; the CLI is scripts/checkBoundaries.ts.
 */
import { posix } from 'node:path';
import { importsOf, isMember, tokenize, type ImportRef, type Token } from './scan.ts';

/**
 * The engine. (test/ and bench/ may import games: they test and measure them, as a harness; the
 * engine's own colocated tests may not: they run on a fixture game.)
 */
export const ENGINE_DIRS = ['server', 'shared', 'client', 'loadtest'] as const;
export const DISCOVERY = ['server/games.ts', 'client/games.ts'] as const;
export const REGISTRY = 'games/index.ts';
/** Globals a game's shared part may not name: clocks, ambient randomness, timers, I/O, the host, code from strings. */
export const FORBIDDEN_GLOBALS = [
  'Date',
  'performance',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'process',
  'fetch',
  'crypto',
  'require',
  'globalThis',
  'eval',
] as const;

export type Rule = 'engine-imports-game' | 'game-imports-game' | 'registry' | 'game-shared-imports' | 'game-client-imports' | 'determinism';

export interface Violation {
  /** Repo-relative, with / separators. */
  readonly file: string;
  readonly line: number;
  /** The specifier as written, or the forbidden name. */
  readonly what: string;
  readonly rule: Rule;
  readonly message: string;
}

export interface SourceFile {
  /** Repo-relative, with / separators. */
  readonly path: string;
  readonly text: string;
}

export interface CheckOptions {
  /** Packages a game's shared part may import (none by default). */
  readonly gamePackages?: readonly string[];
}

/** Where a repo path sits. */
export type Place =
  | { readonly area: 'engine'; readonly dir: string }
  | { readonly area: 'registry' }
  | { readonly area: 'game'; readonly game: string; readonly part: 'shared' | 'client' }
  | { readonly area: 'other' };

export function placeOf(path: string): Place {
  const parts = path.split('/');
  const top = parts[0]!;
  if (top === 'games') {
    if (parts.length <= 2) return { area: 'registry' };
    return { area: 'game', game: parts[1]!, part: parts[2] === 'client' ? 'client' : 'shared' };
  }
  if ((ENGINE_DIRS as readonly string[]).includes(top) && parts.length > 1) return { area: 'engine', dir: top };
  return { area: 'other' };
}

/** What a specifier names: a repo path (resolved; null if it leaves the repo), a node: module or a package. */
export type Target =
  | { readonly type: 'path'; readonly path: string | null }
  | { readonly type: 'node'; readonly name: string }
  | { readonly type: 'package'; readonly name: string };

export function resolve(from: string, specifier: string): Target {
  if (specifier.startsWith('node:')) return { type: 'node', name: specifier };
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const joined = specifier.startsWith('/') ? posix.normalize(specifier.slice(1)) : posix.normalize(posix.join(posix.dirname(from), specifier));
    return { type: 'path', path: joined === '..' || joined.startsWith('../') ? null : joined };
  }
  const parts = specifier.split('/');
  return { type: 'package', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

const isTest = (path: string): boolean => path.endsWith('.test.ts');
const GLOB_CHARS = /[*?[\]{}!]/;

function checkImport(file: string, place: Place, ref: ImportRef, opts: CheckOptions): Omit<Violation, 'file' | 'line' | 'what'> | null {
  const target = resolve(file, ref.specifier);
  const path = target.type === 'path' ? target.path : null;
  const to = path === null ? null : placeOf(path);
  const intoGames = path !== null && (path === 'games' || path.startsWith('games/'));

  if (place.area === 'engine') {
    if (!intoGames) return null;
    const discovery = (DISCOVERY as readonly string[]).includes(file);
    if (discovery && ref.kind === 'glob') {
      const segment = path!.split('/')[1] ?? '';
      if (segment === '' || GLOB_CHARS.test(segment)) return null;
      return { rule: 'engine-imports-game', message: `the discovery glob names the game "${segment}": use games/* so it names none` };
    }
    if (discovery && path === REGISTRY && ref.kind !== 'glob') return null;
    if (path === REGISTRY) return { rule: 'engine-imports-game', message: `only the discovery modules (${DISCOVERY.join(', ')}) may import the games registry` };
    const game = to?.area === 'game' ? `the game "${to.game}"` : 'games/';
    return {
      rule: 'engine-imports-game',
      message: `engine code (${place.dir}/) imports ${game}: it may depend only on the game API (shared/game)${discovery ? '; discovery goes through games/index.ts or a games/* glob' : ''}`,
    };
  }

  if (place.area === 'registry') {
    if (to?.area === 'game' && !(to.part === 'shared' && path === `games/${to.game}/index.ts`)) {
      return { rule: 'registry', message: `the registry may import only games' index.ts, not games/${to.game}'s internals` };
    }
  }

  if (place.area === 'game') {
    if (to?.area === 'game' && to.game !== place.game)
      return { rule: 'game-imports-game', message: `the game "${place.game}" imports the game "${to.game}": games are independent` };
    if (to?.area === 'registry') return { rule: 'game-imports-game', message: `the game "${place.game}" imports the games registry: games are independent` };
    if (isTest(file)) return null;
    if (place.part === 'client') {
      if (to?.area === 'engine' && to.dir === 'server')
        return { rule: 'game-client-imports', message: `a game's client part imports server/: it talks to the server only through the engine's client shell` };
      return null;
    }
  }

  if (place.area === 'game' || place.area === 'registry') {
    const who = place.area === 'game' ? `the shared part of the game "${place.game}"` : 'the games registry';
    const pure = 'it runs on the server and in the client: the game API (shared/) only';
    if (target.type === 'node') return { rule: 'game-shared-imports', message: `${who} imports the Node.js module ${target.name}; ${pure}` };
    if (target.type === 'package') {
      if (target.name === 'phaser') return { rule: 'game-shared-imports', message: `${who} imports Phaser: only games/<name>/client/ may` };
      if (!(opts.gamePackages ?? []).includes(target.name))
        return { rule: 'game-shared-imports', message: `${who} imports the package "${target.name}", which is not on the allowlist (none by default)` };
      return null;
    }
    if (to?.area === 'engine' && to.dir !== 'shared') return { rule: 'game-shared-imports', message: `${who} imports ${to.dir}/; ${pure}` };
    if (to?.area === 'game' && to.part === 'client') return { rule: 'game-shared-imports', message: `${who} imports a client part (games/${to.game}/client/); ${pure}` };
  }
  return null;
}

/** Forbidden globals a game's shared part names, by token (comments and strings are not tokens). */
export function nondeterminism(tokens: readonly Token[]): { what: string; line: number }[] {
  const out: { what: string; line: number }[] = [];
  const forbidden = new Set<string>(FORBIDDEN_GLOBALS);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'ident' || isMember(tokens, i)) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // An object literal's or a type's member named like a global ({ process: 1 }, { fetch?: … }): not the global.
    if (prev?.type === 'punct' && (prev.value === '{' || prev.value === ',' || prev.value === ';') && next?.type === 'punct' && (next.value === ':' || next.value === '?'))
      continue;
    if (forbidden.has(t.value)) out.push({ what: t.value, line: t.line });
    else if (t.value === 'Math' && next?.value === '.' && tokens[i + 2]?.value === 'random') out.push({ what: 'Math.random', line: t.line });
    else if (t.value === 'Function' && prev?.type === 'ident' && prev.value === 'new') out.push({ what: 'new Function', line: t.line });
  }
  return out;
}

/** The violations of one file. */
export function checkFile(file: SourceFile, opts: CheckOptions = {}): Violation[] {
  const place = placeOf(file.path);
  if (place.area === 'other') return [];
  const tokens = tokenize(file.text);
  const out: Violation[] = [];
  for (const ref of importsOf(tokens)) {
    const v = checkImport(file.path, place, ref, opts);
    if (v !== null) out.push({ file: file.path, line: ref.line, what: ref.specifier, ...v });
  }
  const shared = (place.area === 'game' && place.part === 'shared') || place.area === 'registry';
  if (shared && !isTest(file.path)) {
    for (const { what, line } of nondeterminism(tokens)) {
      out.push({
        file: file.path,
        line,
        what,
        rule: 'determinism',
        message: `a game's shared part uses ${what}: no clock, no Math.random, no I/O (randomness comes from a seeded RNG, shared/util/rng.ts)`,
      });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The violations of a tree's files, by file path then line. */
export function checkBoundaries(files: readonly SourceFile[], opts: CheckOptions = {}): Violation[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).flatMap((f) => checkFile(f, opts));
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: ${v.rule === 'determinism' ? v.what : `'${v.what}'`} [${v.rule}] ${v.message}`;
}
