/** What the lobby shows of the arena before its code loads (plain text, no Phaser). */
import type { GameLobby } from '../../../client/shell/GameClientEntry.ts';
import type { arena } from '../index.ts';

const lobby: GameLobby<typeof arena> = {
  about: 'A top-down arena shooter for up to 16 players: move with WASD or the arrows, aim with the mouse, click to shoot. Four hits eliminate; most eliminations leads.',
  modes: { arena: 'Arena · up to 16', 'arena-large': 'Large map · up to 300' },
};

export default lobby;
