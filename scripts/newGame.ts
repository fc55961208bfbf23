/**
 * npm run new-game -- NAME: creates games/NAME/ with the smallest complete game on the game API
 * and its tests (scripts/newGame/template.ts), which pass and type-check as generated.
 *
 *   npm run new-game -- NAME   (tsx scripts/newGame.ts)
 *
 * Refuses a bad name (defineGame's rule) or an existing games/NAME/ with one line, exit 1.
 * Plain Node.js runs this file (type stripping), like scripts/build.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { badName, gameFiles } from './newGame/template.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const name = process.argv[2];

function fail(message: string): void {
  console.error(`new-game: ${message}`);
  process.exitCode = 1;
}

const bad = badName(name);
const dir = join(root, 'games', name ?? '');
if (bad !== null) fail(bad);
else if (existsSync(dir)) fail(`${relative(root, dir)}/ already exists`);
else {
  const files = gameFiles(name!);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  console.log(`new-game: created games/${name}/ (${Object.keys(files).join(', ')})`);
  console.log(`  next: npx vitest run games/${name}/, then docs/game-api.md "Writing a game from the scaffold"`);
}
