/** Pong for 2–4: a square court, one side per player, one analog axis each (games/pong/README.md). */
import { defineGame } from '../../shared/game/defineGame.ts';
import { bots } from './shared/bots.ts';
import { announce } from './shared/events.ts';
import { input } from './shared/input.ts';
import { KINDS, Paddle } from './shared/kinds.ts';
import { predict, welcome } from './shared/predict.ts';
import { seats } from './shared/seats.ts';
import { step } from './shared/step.ts';
import { write } from './shared/write.ts';
import { createWorld } from './shared/world.ts';
import { SIDE_COUNT, type PongParams } from './shared/rules.ts';

const params = (courtSize: number, pointsToWin: number): PongParams => ({ courtSize, pointsToWin });

export const pong = defineGame({
  name: 'pong',
  title: 'Pong for 2–4',
  version: '1',
  kinds: KINDS,
  seat: Paddle,
  input,
  maxSeats: SIDE_COUNT,
  rooms: {
    pong: { capacity: 4, tickRate: 60, params: params(600, 7), description: 'Two to four players, one side each: first to 7', aoi: null },
    'pong-duel': { capacity: 2, tickRate: 60, params: params(600, 11), description: 'One against one: first to 11', aoi: null },
  },
  create: createWorld,
  step,
  write,
  seats,
  welcome,
  announce,
  predict,
  bots,
});

export default pong;
