/**
 * The arena's client entry (client/shell/GameClientEntry.ts): its view of a session (the map,
 * the players and their shots, the scoreboard, kill feed, minimap and edge arrows) and its
 * controls. Loaded when an arena game starts; the only part of the arena that imports Phaser.
 */
import type { GameClientEntry } from '../../../client/shell/GameClientEntry.ts';
import { arena } from '../index.ts';
import { ArenaView } from './ArenaView.ts';
import { arenaProbe } from './probe.ts';
import { installArenaStyles } from './styles.ts';

const entry: GameClientEntry<typeof arena> = {
  game: arena,
  controls: {
    title: 'Arena: a top-down shooter',
    about: 'Hit the others, dodge their shots: 4 hits eliminate, you respawn 3 s later. Most eliminations leads the board. Arrows at the screen edge point to the others.',
    keys: [
      ['WASD / arrows', 'move'],
      ['mouse', 'aim'],
      ['click (hold)', 'shoot'],
      ['Tab (hold)', 'all scores'],
    ],
  },
  background: '#10141c',
  createView(ctx) {
    installArenaStyles();
    return new ArenaView(ctx);
  },
  probe: arenaProbe,
};

export default entry;
