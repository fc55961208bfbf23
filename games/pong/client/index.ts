/**
 * Pong's client entry (client/shell/GameClientEntry.ts): its view of a session (the court, the
 * paddles, the ball, scores and phase from the match entity, goals and wins from its
 * announcements) and its controls. Loaded when a pong game starts; the only part of pong that
 * imports Phaser.
 */
import type { GameClientEntry } from '../../../client/shell/GameClientEntry.ts';
import { pong } from '../index.ts';
import { PALETTE } from './palette.ts';
import { PongView } from './PongView.ts';
import { pongProbe } from './probe.ts';
import { installPongStyles } from './styles.ts';

const entry: GameClientEntry<typeof pong> = {
  game: pong,
  controls: {
    title: 'Pong for 2–4',
    about: 'Guard your side of the court (highlighted, with your name under it): return the ball with your paddle. Whoever touched the ball last scores when a side misses it. First to the points shown wins the match.',
    keys: [
      ['← → or A D', 'move (bottom, top)'],
      ['↑ ↓ or W S', 'move (left, right)'],
      ['mouse / touch', 'the paddle follows'],
    ],
  },
  background: PALETTE.background,
  createView(ctx) {
    installPongStyles();
    return new PongView(ctx);
  },
  probe: pongProbe,
};

export default entry;
