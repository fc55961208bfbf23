/**
 * `npm run replay:fixtures`: record a short match of each game with bots (server/replay/recordMatch.ts)
 * and keep them as test/fixtures/replay/<game>.rec, which `npm test` verifies tick by tick. Run it
 * when a game's rules change on purpose (and bump the game's version): the old fixture then
 * diverges, which is the point.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordMatches } from '../server/replay/recordMatch.ts';
import { readHeader } from '../server/replay/Recordings.ts';

const OUT = fileURLToPath(new URL('../test/fixtures/replay/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'replay-fixtures-'));
try {
  const files = await recordMatches({ dir, seconds: 7, matches: [{ mode: 'arena', bots: 6 }, { mode: 'pong', bots: 3 }] });
  for (const f of files) {
    const game = (await readHeader(f))?.game;
    if (!game) continue;
    copyFileSync(f, join(OUT, `${game}.rec`));
    console.log(`test/fixtures/replay/${game}.rec ← ${basename(f)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
