/** What the lobby shows of pong before its code loads (plain text, no Phaser). */
import type { GameLobby } from '../../../client/shell/GameClientEntry.ts';
import type { pong } from '../index.ts';

const lobby: GameLobby<typeof pong> = {
  about: 'Pong for two to four: each player guards one side of a square court with a paddle (arrow keys, A/D or W/S, or the mouse). Miss the ball and the last one who touched it scores; first to 7 wins.',
  modes: { pong: 'Pong · 2 to 4 players', 'pong-duel': 'Duel · one against one' },
};

export default lobby;
