import { describe, expect, it } from 'vitest';
import { snapPos } from './kinds.ts';
import { generateMap, type GameMap } from './map.ts';
import { addPlayer, step } from './step.ts';
import { createWorld, RULES, type Input, type World } from './world.ts';

const DT = 1 / 30;
const open: GameMap = { width: 2000, height: 2000, obstacles: [] };
const input = (seq: number, mx: number, my: number, aim = 0, fire = false): Input => ({ seq, mx, my, aim, fire });

function place(world: World, id: number, x: number, y: number): void {
  const p = world.players.get(id)!;
  p.x = x;
  p.y = y;
}

describe('step: movement', () => {
  it('moves a player by speed·dt along the input and snaps to the wire grid', () => {
    const w = createWorld(open, 1);
    const p = addPlayer(w, 'a');
    place(w, p.id, 1000, 1000);
    step(w, new Map([[p.id, [input(1, 1, 0)]]]), DT);
    expect(p.x).toBe(snapPos(1000 + RULES.playerSpeed * DT));
    expect(p.y).toBe(1000);
    expect(w.tick).toBe(1);
  });

  it('caps diagonal speed at the player speed', () => {
    const w = createWorld(open, 1);
    const p = addPlayer(w, 'a');
    place(w, p.id, 1000, 1000);
    step(w, new Map([[p.id, [input(1, 1, 1)]]]), DT);
    const moved = Math.hypot(p.x - 1000, p.y - 1000);
    expect(moved).toBeCloseTo(RULES.playerSpeed * DT, 0);
  });

  it('stands still without input and applies several queued inputs in one tick', () => {
    const w = createWorld(open, 1);
    const p = addPlayer(w, 'a');
    place(w, p.id, 1000, 1000);
    step(w, new Map(), DT);
    expect(p.x).toBe(1000);
    step(w, new Map([[p.id, [input(1, 1, 0), input(2, 1, 0)]]]), DT);
    const d = RULES.playerSpeed * DT;
    expect(p.x).toBe(snapPos(snapPos(1000 + d) + d));
  });

  it('keeps players inside the map edges', () => {
    const w = createWorld(open, 1);
    const p = addPlayer(w, 'a');
    place(w, p.id, 25, 25);
    for (let i = 0; i < 10; i++) step(w, new Map([[p.id, [input(i + 1, -1, -1)]]]), DT);
    expect(p.x).toBe(RULES.playerRadius);
    expect(p.y).toBe(RULES.playerRadius);
  });

  it('stops players at walls', () => {
    const map: GameMap = { width: 2000, height: 2000, obstacles: [{ x: 1100, y: 900, w: 50, h: 200 }] };
    const w = createWorld(map, 1);
    const p = addPlayer(w, 'a');
    place(w, p.id, 1000, 1000);
    for (let i = 0; i < 30; i++) step(w, new Map([[p.id, [input(i + 1, 1, 0)]]]), DT);
    expect(p.x).toBeLessThanOrEqual(1100 - RULES.playerRadius);
    expect(p.x).toBeGreaterThan(1100 - RULES.playerRadius - 1);
  });
});

describe('step: shooting', () => {
  function duel(): { w: World; a: number; b: number } {
    const w = createWorld(open, 7);
    const a = addPlayer(w, 'a').id;
    const b = addPlayer(w, 'b').id;
    place(w, a, 500, 1000);
    place(w, b, 800, 1000);
    return { w, a, b };
  }

  it('fires projectiles at the fire-rate limit', () => {
    const { w, a } = duel();
    for (let i = 1; i <= 15; i++) step(w, new Map([[a, [input(i, 0, 0, Math.PI / 2, true)]]]), DT);
    // 15 ticks = 0.5 s at one shot per 0.25 s: shots at t=0 and t=0.25 (and maybe at 0.5)
    const shots = [...w.projectiles.values()].length;
    expect(shots).toBeGreaterThanOrEqual(2);
    expect(shots).toBeLessThanOrEqual(3);
  });

  it('damages, kills, scores and respawns', () => {
    const { w, a, b } = duel();
    let seq = 1;
    const events: string[] = [];
    for (let t = 0; t < 90 && w.players.get(b)!.alive; t++) {
      for (const e of step(w, new Map([[a, [input(seq++, 0, 0, 0, true)]]]), DT)) events.push(e.type);
    }
    const pb = w.players.get(b)!;
    expect(pb.alive).toBe(false);
    expect(pb.hp).toBe(0);
    expect(pb.deaths).toBe(1);
    expect(w.players.get(a)!.kills).toBe(1);
    expect(events.filter((e) => e === 'hit')).toHaveLength(RULES.maxHp / RULES.projectileDamage);
    expect(events).toContain('kill');
    for (let t = 0; t < Math.ceil(RULES.respawnDelaySec / DT) + 1; t++) step(w, new Map(), DT);
    expect(pb.alive).toBe(true);
    expect(pb.hp).toBe(RULES.maxHp);
  });

  it('walls stop projectiles', () => {
    const map: GameMap = { width: 2000, height: 2000, obstacles: [{ x: 600, y: 900, w: 50, h: 200 }] };
    const w = createWorld(map, 1);
    const a = addPlayer(w, 'a').id;
    const b = addPlayer(w, 'b').id;
    place(w, a, 500, 1000);
    place(w, b, 800, 1000);
    for (let i = 1; i <= 60; i++) step(w, new Map([[a, [input(i, 0, 0, 0, true)]]]), DT);
    expect(w.players.get(b)!.hp).toBe(RULES.maxHp);
  });
});

describe('determinism', () => {
  it('the same seed and inputs give the same world', () => {
    const run = (): unknown => {
      const w = createWorld(generateMap(42, { width: 2400, height: 2400 }), 42);
      const ids = [addPlayer(w, 'a').id, addPlayer(w, 'b').id, addPlayer(w, 'c').id];
      for (let t = 0; t < 300; t++) {
        const m = new Map<number, Input[]>();
        ids.forEach((id, k) => m.set(id, [input(t + 1, Math.cos(t * 0.1 + k), Math.sin(t * 0.07 + k), t * 0.05 + k, t % 3 === 0)]));
        step(w, m, DT);
      }
      return { players: [...w.players.values()], projectiles: [...w.projectiles.values()], rng: w.rng.seed, tick: w.tick };
    };
    expect(run()).toEqual(run());
  });

  it('generated maps are at least 2000×2000 with non-overlapping obstacles, and spawns avoid them', () => {
    const map = generateMap(3, { width: 2400, height: 2400 });
    expect(map.obstacles.length).toBeGreaterThan(10);
    const w = createWorld(map, 3);
    for (let i = 0; i < 16; i++) {
      const p = addPlayer(w, `p${i}`);
      for (const o of map.obstacles) {
        const cx = Math.min(Math.max(p.x, o.x), o.x + o.w);
        const cy = Math.min(Math.max(p.y, o.y), o.y + o.h);
        expect(Math.hypot(p.x - cx, p.y - cy)).toBeGreaterThanOrEqual(RULES.playerRadius);
      }
    }
  });
});
