/**
 * The own player between ticks: drawn advanced into the current tick with the keys held now
 * (so a key press shows on the next frame), stopped by walls like the real step, and never
 * jumping back when the keys are released mid-tick.
 */
import { describe, expect, it } from 'vitest';
import { Predictor } from '../../shared/netcode/Predictor.ts';
import { RULES } from '../../games/arena/shared/world.ts';
import { arena } from '../../games/arena/index.ts';

const map = { width: 1000, height: 1000, obstacles: [{ x: 600, y: 0, w: 100, h: 1000 }] };
const tickUnits = RULES.playerSpeed / 30;

function predictorAt(x: number, y: number): Predictor {
  const p = new Predictor({ game: arena, info: { map }, playerId: 1, tickRate: 30 });
  p.reconcile({ x, y, aim: 0, hp: 100, alive: true }, 0);
  return p;
}

describe('Predictor.renderAhead', () => {
  it('moves the player by the fraction of a tick elapsed, with the keys held now', () => {
    const p = predictorAt(300, 500);
    expect(p.renderAhead({ mx: 0, my: 0 }, 0.5)).toEqual({ x: 300, y: 500 });
    const ahead = p.renderAhead({ mx: 1, my: 0 }, 0.5);
    expect(ahead.x - 300).toBeCloseTo(tickUnits / 2, 0);
    expect(ahead.y).toBe(500);
    // Nothing was committed: the prediction is still at the tick's position.
    expect(p.position).toEqual({ x: 300, y: 500 });
    // At the end of the tick the preview meets the committed step.
    const end = p.renderAhead({ mx: 1, my: 0 }, 1);
    p.applyInput({ seq: 1, mx: 1, my: 0, aim: 0, fire: false });
    expect(p.renderAhead({ mx: 1, my: 0 }, 0)).toEqual(end);
  });

  it('stops at walls like the step does', () => {
    const p = predictorAt(600 - RULES.playerRadius - 1, 500);
    expect(p.renderAhead({ mx: 1, my: 0 }, 1).x).toBe(600 - RULES.playerRadius);
  });

  it('slides back instead of jumping when the keys are released mid-tick', () => {
    const p = predictorAt(300, 500);
    const moving = p.renderAhead({ mx: 0, my: 1 }, 0.6);
    expect(moving.y).toBeGreaterThan(500);
    const released = p.renderAhead({ mx: 0, my: 0 }, 0.7);
    expect(released).toEqual(moving);
    for (let i = 0; i < 60; i++) p.advanceFrame(1 / 60);
    expect(p.renderAhead({ mx: 0, my: 0 }, 0.9)).toEqual({ x: 300, y: 500 });
  });
});
