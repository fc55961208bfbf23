/**
 * What the arena's client predicts: its own player's movement and aim, with the step's own
 * movement (moveByInput), against the map's obstacles from the Welcome. A dead player's inputs
 * move nothing (as in the step), and a respawn is never predicted: its spot comes from the
 * server's RNG.
 */
import type { Prediction } from '../../../shared/game/GameDefinition.ts';
import type { StepInput } from '../../../shared/game/inputs.ts';
import type { PlayerView } from './kinds.ts';
import type { GameMap } from './map.ts';
import { ObstacleIndex } from './obstacleIndex.ts';
import { moveByInput, type MoveContext } from './step.ts';
import type { BotInput } from './bots.ts';

function isMap(m: unknown): m is GameMap {
  if (typeof m !== 'object' || m === null) return false;
  const { width, height, obstacles } = m as Partial<GameMap>;
  return typeof width === 'number' && typeof height === 'number' && Array.isArray(obstacles);
}

export const arenaPredict: Prediction<BotInput, PlayerView, MoveContext> = {
  context(info: unknown): MoveContext {
    const map = (info as { map?: unknown } | null)?.map;
    if (!isMap(map)) throw new Error('arena: the Welcome carries no map');
    return { map, obstacles: new ObstacleIndex(map) };
  },
  apply(self: PlayerView, input: StepInput<BotInput>, dtSec: number, ctx: MoveContext): void {
    if (!self.alive) return;
    moveByInput(ctx, self, input, dtSec);
  },
};
