import { describe, expect, it } from 'vitest';
import type { BotView } from '../../../shared/game/GameDefinition.ts';
import type { WireValue } from '../../../shared/schema.ts';
import { createRng, nextFloat } from '../../../shared/util/rng.ts';
import { pong } from '../index.ts';
import { RecordingWriter, TickInputs } from '../testing.ts';
import type { PongEvent } from './events.ts';

const DT = 1 / 60;

/** A court of bots playing `seconds`, each seeing what the writer wrote (as a client would hold it). */
function play(policies: string[], seconds: number, seed = 1) {
  const world = pong.create({ courtSize: 600, pointsToWin: 99 }, seed);
  const ids = policies.map((_, i) => pong.seats.join(world, `bot${i}`));
  const brains = policies.map((p, i) => {
    const rng = createRng(seed * 10 + i);
    return pong.bots[p]!.create(() => nextFloat(rng));
  });
  const out = new RecordingWriter();
  const inputs = new TickInputs();
  const entities = new Map<number, { kind: number; rec: WireValue[] }>();
  const events: PongEvent[] = [];
  const moves: number[] = [];
  for (let t = 0; t < seconds / DT; t++) {
    inputs.clear();
    ids.forEach((id, i) => {
      const view: BotView = { selfId: id, nowMs: t * DT * 1000, entities, info: null };
      const move = brains[i]!(view).move;
      moves.push(move);
      inputs.set(id, move);
    });
    events.push(...(pong.step(world, inputs, DT) as PongEvent[]));
    pong.write(world, out);
    entities.clear();
    for (const e of out.take()) entities.set(e.id, e);
  }
  return { world, events, moves, points: events.filter((e) => e.type === 'point') };
}

describe('pong bots', () => {
  it('every policy gives valid inputs, even before it sees anything', () => {
    for (const name of Object.keys(pong.bots)) {
      const brain = pong.bots[name]!.create(() => 0.5);
      const first = brain({ selfId: 1, nowMs: 0, entities: new Map(), info: null }).move;
      expect(first >= -1 && first <= 1).toBe(true);
      const { moves } = play([name, name], 20);
      expect(moves.every((m) => Number.isFinite(m) && m >= -1 && m <= 1)).toBe(true);
    }
  });

  it('the tracker returns the ball: it beats an idle bot and rallies against another tracker', () => {
    const vsIdle = play(['tracker', 'idle'], 60);
    const scored = vsIdle.points.map((p) => (p.type === 'point' ? p.scorer : -1));
    expect(scored.filter((s) => s === 0).length).toBeGreaterThan(3 * scored.filter((s) => s === 1).length);
    const duel = play(['tracker', 'tracker'], 60);
    // Tracker against tracker: long rallies, so far fewer points than against an idle paddle.
    expect(duel.points.length).toBeLessThan(vsIdle.points.length);
  });

  it('four trackers play a four-sided match', () => {
    const { points } = play(['tracker', 'tracker', 'tracker', 'tracker'], 60, 3);
    expect(points.length).toBeGreaterThan(0);
  });
});
