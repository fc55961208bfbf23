/**
 * npm run check:boundaries: the engine/game boundary (scripts/boundaries/rules.ts says which
 * rules and why). Reads every .ts file of the repo (not node_modules, dist or dot folders) and
 * prints one line per violation: file:line, the import or name, the rule.
 *
 *   npm run check:boundaries [-- --root DIR]   (tsx scripts/checkBoundaries.ts)
 *
 * Exit 0: none (it prints "check:boundaries: N files, no violations"); 1: some.
 * Plain Node.js runs this file (type stripping), like scripts/build.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundaries, formatViolation, type SourceFile } from './boundaries/rules.ts';

const SKIP = new Set(['node_modules', 'dist', 'test-artifacts', 'out']);
/** Packages a game's shared part may import: none. */
const GAME_PACKAGES: readonly string[] = [];

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 && args[rootArg + 1] ? args[rootArg + 1]! : fileURLToPath(new URL('..', import.meta.url));
const files: SourceFile[] = walk(root, []).map((p) => ({ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
const violations = checkBoundaries(files, { gamePackages: GAME_PACKAGES });
for (const v of violations) console.log(formatViolation(v));
if (violations.length === 0) {
  console.log(`check:boundaries: ${files.length} files, no violations`);
} else {
  console.log(`check:boundaries: ${files.length} files, ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
  process.exitCode = 1;
}
