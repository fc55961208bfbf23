import { describe, expect, it } from 'vitest';
import { generateMap } from './map.ts';
import { ProjectileTable } from './projectileTable.ts';
import { addPlayer, step } from './step.ts';
import { createWorld, RULES, type Projectile } from './world.ts';

const shot = (id: number): Projectile => ({ id, born: 1000 + id, owner: id % 7, x: id * 1.5, y: -id / 4, vx: 900, vy: -id, ttlSec: 1.2 - id / 1000, rewindTicks: (id % 3) * 0.5 });

describe('ProjectileTable', () => {
  it('keeps every field of every row through growth, and gives them back as objects in order', () => {
    const t = new ProjectileTable();
    const all = Array.from({ length: 300 }, (_, i) => shot(i + 1));
    for (const p of all) t.add(p);
    expect(t.size).toBe(300);
    expect([...t.values()]).toEqual(all);
    t.clear();
    expect(t.size).toBe(0);
    expect([...t.values()]).toEqual([]);
  });

  it('the step removes spent projectiles and keeps the others in the order they were fired', () => {
    const world = createWorld(generateMap(2, { width: 2400, height: 2400, obstacleDensity: 0 }), 2);
    const a = addPlayer(world, 'a').id;
    const fired: number[] = [];
    // One shot every fire interval, aimed at different angles, until the first ones expire.
    const ticksPerShot = Math.ceil(RULES.fireIntervalSec * 30);
    const lifetimeTicks = Math.ceil(RULES.projectileLifetimeSec * 30);
    for (let t = 1; t <= lifetimeTicks + 3 * ticksPerShot; t++) {
      const before = new Set([...world.projectiles.values()].map((p) => p.id));
      step(world, new Map([[a, [{ seq: t, mx: 0, my: 0, aim: t / 10, fire: true }]]]), 1 / 30);
      for (const p of world.projectiles.values()) if (!before.has(p.id)) fired.push(p.id);
      const live = [...world.projectiles.values()].map((p) => p.id);
      // Still in firing order: the live ones are the fired ones that are left, in sequence.
      expect(live).toEqual(fired.filter((id) => live.includes(id)));
      for (const p of world.projectiles.values()) {
        // Each row is still one projectile: its life left follows from its own birth tick.
        expect(p.ttlSec).toBeGreaterThan(0);
        expect(p.ttlSec).toBeCloseTo(RULES.projectileLifetimeSec - (world.tick - p.born) / 30, 9);
      }
    }
    expect(fired.length).toBeGreaterThan(world.projectiles.size); // some expired
    expect(world.projectiles.size).toBeGreaterThan(0);
  });
});
