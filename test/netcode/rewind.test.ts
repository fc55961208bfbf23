/**
 * Lag compensation: the world's bounded position history finds where a player was at a past
 * (fractional) tick, and a shot carrying a rewind is tested against the targets there, within
 * the bound the server computes from the shooter's view tick.
 */
import { describe, expect, it } from 'vitest';
import { rewindTicksFor } from '../../server/InputQueue.ts';
import { HISTORY_TICKS, PositionHistory } from '../../games/arena/shared/history.ts';
import { addPlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld, RULES, type Input } from '../../games/arena/shared/world.ts';

const DT = 1 / 30;
const openMap = { width: 2000, height: 1000, obstacles: [] };

describe('PositionHistory', () => {
  it('finds the historic position: exact at a recorded tick, interpolated between, null outside', () => {
    const h = new PositionHistory(8);
    for (let t = 1; t <= 20; t++) h.record(t, [{ id: 7, x: t * 10, y: 5, alive: true }, { id: 8, x: 0, y: 0, alive: t < 15 }]);
    expect(h.oldestTick).toBe(13);
    expect(h.newestTick).toBe(20);
    expect(h.positionAt(7, 16)).toEqual({ x: 160, y: 5 });
    expect(h.positionAt(7, 16.25)).toEqual({ x: 162.5, y: 5 });
    expect(h.positionAt(7, 12)).toBeNull(); // forgotten: the history is bounded
    expect(h.positionAt(7, 21)).toBeNull();
    expect(h.positionAt(8, 14)).toEqual({ x: 0, y: 0 });
    expect(h.positionAt(8, 14.5)).toBeNull(); // dead at the later end: not hittable
  });

  it('recording an earlier tick again (a client replay) forgets the history after it', () => {
    const h = new PositionHistory(8);
    for (let t = 1; t <= 10; t++) h.record(t, [{ id: 7, x: t, y: 0, alive: true }, { id: 9, x: 0, y: t, alive: true }]);
    h.record(6, [{ id: 7, x: 60, y: 0, alive: true }]); // 9 is dead in the replayed tick 6
    expect(h.newestTick).toBe(6);
    expect(h.positionAt(7, 8)).toBeNull();
    expect(h.positionAt(7, 6)).toEqual({ x: 60, y: 0 });
    expect(h.positionAt(7, 5.5)).toEqual({ x: 32.5, y: 0 });
    expect(h.positionAt(9, 6)).toBeNull(); // its forgotten tick-6 position is not history
    expect(h.positionAt(9, 5)).toEqual({ x: 0, y: 5 });
    h.record(7, [{ id: 9, x: 0, y: 70, alive: true }]);
    expect(h.positionAt(7, 7)).toBeNull();
    expect(h.positionAt(9, 6.5)).toBeNull();
  });

  it('does not slide across a teleport (a respawn)', () => {
    const h = new PositionHistory();
    h.record(1, [{ id: 1, x: 100, y: 100, alive: true }]);
    h.record(2, [{ id: 1, x: 1500, y: 900, alive: true }]);
    expect(h.positionAt(1, 1.5)).toEqual({ x: 100, y: 100 });
    expect(h.positionAt(1, 2)).toEqual({ x: 1500, y: 900 });
  });

  it('is filled by step: about a second of every living player', () => {
    const world = createWorld(openMap, 1);
    const p = addPlayer(world, 'p');
    const start = { x: p.x, y: p.y };
    for (let i = 1; i <= 40; i++) step(world, new Map([[p.id, [{ seq: i, mx: 1, my: 0, aim: 0, fire: false }]]]), DT);
    expect(world.history.newestTick).toBe(40);
    expect(world.history.newestTick - world.history.oldestTick + 1).toBe(HISTORY_TICKS);
    expect(world.history.positionAt(p.id, 40)).toEqual({ x: p.x, y: p.y });
    // 10 ticks ago it was 10 ticks of movement behind (no wall in the way on this map).
    const past = world.history.positionAt(p.id, 30)!;
    // (each step snaps to the 0.1-unit grid, so 10 steps of 8.67 units are within a unit of 86.7)
    expect(Math.abs(p.x - past.x - (10 * RULES.playerSpeed) / 30)).toBeLessThan(1);
    expect(past.y).toBe(start.y);
  });
});

/**
 * The target stands still at (1000, 400); the shooter, 300 units below, fires straight up at it.
 * In the very tick the shot is fired the target starts running right (the shooter, 9 ticks
 * behind, cannot have seen that): the projectile needs 9 ticks to get there, by when the target
 * is 78 units away now, but was still standing 9 ticks before.
 */
function fireAtFleeingTarget(rewindTicks: number | undefined): { hit: boolean; at: { x: number; y: number } | null } {
  const world = createWorld(openMap, 3);
  const shooter = addPlayer(world, 'shooter');
  const target = addPlayer(world, 'target');
  Object.assign(shooter, { x: 1000, y: 700 });
  Object.assign(target, { x: 1000, y: 400 });
  for (let i = 0; i < 20; i++) step(world, new Map(), DT);
  const shot: Input = { seq: 1, mx: 0, my: 0, aim: -Math.PI / 2, fire: true, ...(rewindTicks !== undefined ? { rewindTicks } : {}) };
  for (let i = 0; i < 30; i++) {
    const inputs = new Map<number, Input[]>([[target.id, [{ seq: i + 1, mx: 1, my: 0, aim: 0, fire: false }]]]);
    if (i === 0) inputs.set(shooter.id, [shot]);
    const events = step(world, inputs, DT);
    if (events.some((e) => e.type === 'hit' && e.target === target.id && e.shooter === shooter.id)) return { hit: true, at: { x: target.x, y: target.y } };
  }
  return { hit: false, at: null };
}

describe('rewound hit tests', () => {
  it("a shot rewound by the shooter's view delay hits where the shooter saw the target; unrewound it misses", () => {
    const rewound = fireAtFleeingTarget(9);
    expect(rewound.hit).toBe(true);
    // The damage lands on the target where it is now, far from where the shot was aimed.
    expect(rewound.at!.x - 1000).toBeGreaterThan(60);
    expect(fireAtFleeingTarget(undefined).hit).toBe(false);
    expect(fireAtFleeingTarget(0).hit).toBe(false);
    // Rewinding too little (3 of the 9 ticks) sees the target already gone.
    expect(fireAtFleeingTarget(3).hit).toBe(false);
  });

  it('the server bounds the rewind: view tick → ticks behind the applying tick, clamped to the maximum', () => {
    expect(rewindTicksFor(93.5, 100, 7.5)).toBe(6.5);
    expect(rewindTicksFor(80, 100, 7.5)).toBe(7.5); // a claim of an older view gets the bound, no more
    expect(rewindTicksFor(100, 100, 7.5)).toBe(0);
    expect(rewindTicksFor(120, 100, 7.5)).toBe(0); // a view of the future: nothing
    expect(rewindTicksFor(undefined, 100, 7.5)).toBe(0);
    expect(rewindTicksFor(95, 100, 0)).toBe(0); // compensation off
  });
});
