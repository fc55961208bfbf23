import { describe, expect, it } from 'vitest';
import { clampInput } from '../../../shared/game/inputs.ts';
import { fromRecord } from '../../../shared/schema.ts';
import { createRng, nextFloat } from '../../../shared/util/rng.ts';
import { pong } from '../index.ts';
import { RecordingWriter, TickInputs } from '../testing.ts';
import { input, slide } from './input.ts';
import { Paddle, PaddleSchema } from './kinds.ts';
import { predict } from './predict.ts';
import { snap } from './rules.ts';

const DT = 1 / 30;

describe('pong input', () => {
  it('is one axis, move in [-1, 1], neutral 0: the engine clamps what arrives', () => {
    expect(input.numeric).toEqual(['move']);
    expect(input.buttons).toEqual([]);
    const f = input.fields.move;
    expect([5, -5, Number.NaN, Infinity, 'x', 0.25].map((v) => clampInput(f, v))).toEqual([1, -1, 0, 0, 0, 0.25]);
  });

  it('slide clamps again, stays in the paddle range and on the wire grid', () => {
    const geo = pong.create({ courtSize: 600, pointsToWin: 3 }, 1).geo;
    expect(slide(300, 50, DT, geo)).toBe(slide(300, 1, DT, geo));
    expect(slide(300, Number.NaN, DT, geo)).toBe(300);
    expect(slide(300, 1, DT, geo)).toBe(snap(300 + geo.paddleSpeed * DT));
    expect(slide(geo.paddleMax, 1, DT, geo)).toBe(geo.paddleMax);
    expect(slide(geo.paddleMin, -1, DT, geo)).toBe(geo.paddleMin);
    const rng = createRng(3);
    for (let i = 0; i < 1000; i++) {
      const a = slide(geo.paddleMin + nextFloat(rng) * 500, nextFloat(rng) * 4 - 2, DT, geo);
      expect(a).toBeGreaterThanOrEqual(geo.paddleMin);
      expect(a).toBeLessThanOrEqual(geo.paddleMax);
      expect(Math.round(a * 10)).toBeCloseTo(a * 10, 9);
    }
  });

  it('the prediction moves the own paddle exactly as the step does, on every side', () => {
    const world = pong.create({ courtSize: 800, pointsToWin: 3 }, 5);
    const ids = ['a', 'b', 'c', 'd'].map((n) => pong.seats.join(world, n));
    const ctx = predict.context(JSON.parse(JSON.stringify(pong.welcome(world))));
    const out = new RecordingWriter();
    const inputs = new TickInputs();
    const rng = createRng(11);
    const decoded = () => {
      pong.write(world, out);
      return new Map(
        out
          .take()
          .filter((e) => e.kind === Paddle.code)
          .map((e) => [e.id, fromRecord(PaddleSchema, e.rec)]),
      );
    };
    let before = decoded();
    for (let t = 0; t < 500; t++) {
      inputs.clear();
      for (const id of ids) inputs.set(id, nextFloat(rng) * 2.2 - 1.1);
      pong.step(world, inputs, DT);
      const after = decoded();
      for (const id of ids) {
        const self = before.get(id)!;
        predict.apply(self, { ...inputs.get(id)![0]! }, DT, ctx);
        expect([self.x, self.y]).toEqual([after.get(id)!.x, after.get(id)!.y]);
      }
      before = after;
    }
  });

  it('the prediction context refuses a welcome without a court', () => {
    expect(() => predict.context(null)).toThrow(/court/);
    expect(() => predict.context({ courtSize: 'big' })).toThrow(/courtSize/);
  });
});
