/** The Welcome's game info (the court) and the client's prediction of its own paddle. */
import type { Prediction } from '../../../shared/game/GameDefinition.ts';
import type { PaddleView } from './kinds.ts';
import { slide, type PongInput } from './input.ts';
import { SIDES, type Geometry } from './rules.ts';
import type { World } from './world.ts';

/** What a client is told of its court: the geometry, the score to win and the side names. */
export interface PongWelcome extends Geometry {
  readonly pointsToWin: number;
  readonly sides: readonly string[];
}

export function welcome(world: World): PongWelcome {
  return { ...world.geo, pointsToWin: world.params.pointsToWin, sides: SIDES };
}

const GEOMETRY_KEYS = [
  'courtSize',
  'paddleLength',
  'paddleThickness',
  'paddleInset',
  'paddleMin',
  'paddleMax',
  'paddleSpeed',
  'ballRadius',
  'ballServeSpeed',
  'ballMaxSpeed',
  'ballSpeedUp',
  'maxBounceRad',
  'maxServeRad',
] as const satisfies readonly (keyof Geometry)[];

/** The geometry out of an untrusted Welcome's info. */
export function readGeometry(info: unknown): Geometry {
  if (typeof info !== 'object' || info === null) throw new Error('pong: the welcome carries no court');
  const rec = info as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const k of GEOMETRY_KEYS) {
    const v = rec[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`pong: the welcome's court has a bad ${k}`);
    out[k] = v;
  }
  if (!(out['paddleMin']! <= out['paddleMax']!)) throw new Error("pong: the welcome's paddle range is empty");
  return out as unknown as Geometry;
}

/** The own paddle moves exactly as the step moves it (slide), from the position the server sent. */
export const predict: Prediction<PongInput, PaddleView, Geometry> = {
  context: readGeometry,
  apply(self, input, dtSec, geo) {
    if (self.side < 2) self.x = slide(self.x, input.move, dtSec, geo);
    else self.y = slide(self.y, input.move, dtSec, geo);
  },
};
