/**
 * The rules of the arena as one pure, deterministic function. The server's tick and the
 * client's prediction replay both call `step`. No clock, no Math.random, no I/O: everything
 * comes from the world (including its seeded RNG), the inputs and dtSec.
 */
import { snapPos } from './kinds.ts';
import { circleOverlapsRect, pushOutOfRect, segmentHitsCircle } from './collide.ts';
import { nextRange } from '../../../shared/util/rng.ts';
import { allocId, freeId, RULES, type GameEvent, type Input, type InputsById, type Player, type World } from './world.ts';

/**
 * Advance the world by one tick. `inputs` holds, per player id, the inputs to apply this tick
 * in order (each one moves the player for dtSec; none means the player stands still).
 */
export function step(world: World, inputs: InputsById, dtSec: number): GameEvent[] {
  const events: GameEvent[] = [];
  world.dtSec = dtSec;
  for (const p of world.players.values()) {
    const list = inputs.get(p.id);
    if (list !== undefined && list.length > 0) {
      p.lastInput = list[list.length - 1]!.seq;
      p.lastInputTick = world.tick + 1;
    }
    if (!p.alive) {
      p.respawnInSec -= dtSec;
      if (p.respawnInSec <= 0) {
        respawn(world, p);
        events.push({ type: 'respawn', player: p.id });
      }
      continue;
    }
    if (list) for (const input of list) applyInput(world, p, input, dtSec);
  }
  // Where everyone is at the tick being made: what lag-compensated shots rewind through.
  world.history.record(world.tick + 1, world.players.values());
  stepProjectiles(world, dtSec, events);
  world.tick++;
  return events;
}

/** Move, aim and maybe fire for one input. Exported for tests; `step` is the entry point. */
export function applyInput(world: World, p: Player, input: Input, dtSec: number): void {
  moveByInput(world, p, input, dtSec);
  p.fireCooldownSec = Math.max(0, p.fireCooldownSec - dtSec);
  if (input.fire && p.fireCooldownSec === 0) {
    p.fireCooldownSec = RULES.fireIntervalSec;
    const cos = Math.cos(p.aim);
    const sin = Math.sin(p.aim);
    const id = allocId(world);
    const spawnDist = RULES.playerRadius + RULES.projectileRadius + 1;
    world.projectiles.add({
      id,
      born: world.tick,
      owner: p.id,
      x: snapPos(p.x + cos * spawnDist),
      y: snapPos(p.y + sin * spawnDist),
      vx: snapPos(cos * RULES.projectileSpeed),
      vy: snapPos(sin * RULES.projectileSpeed),
      ttlSec: RULES.projectileLifetimeSec,
      rewindTicks: input.rewindTicks !== undefined && input.rewindTicks > 0 ? input.rewindTicks : 0,
    });
  }
}

/** The part of the world movement reads: what the client's prediction has too (see predict.ts). */
export type MoveContext = Pick<World, 'map' | 'obstacles'>;

/**
 * Move and aim a player for one input: the move vector capped at length 1, walls pushed out of,
 * the position snapped to the wire grid. The step and the client's prediction both call it.
 */
export function moveByInput(ctx: MoveContext, p: { x: number; y: number; aim: number }, input: { readonly mx: number; readonly my: number; readonly aim: number }, dtSec: number): void {
  let mx = input.mx;
  let my = input.my;
  const len = Math.sqrt(mx * mx + my * my);
  if (len > 1) {
    mx /= len;
    my /= len;
  }
  movePlayer(ctx, p, p.x + mx * RULES.playerSpeed * dtSec, p.y + my * RULES.playerSpeed * dtSec);
  p.aim = input.aim;
}

function movePlayer(world: MoveContext, p: { x: number; y: number }, nx: number, ny: number): void {
  const r = RULES.playerRadius;
  let x = nx;
  let y = ny;
  const clear = world.obstacles.clearFor(r);
  // Two passes settle a circle wedged between two obstacles; in open ground there is nothing to push out of.
  for (let pass = 0; pass < 2; pass++) {
    if (clear.at(x, y)) break;
    const near = world.obstacles.query(x - r, y - r, x + r, y + r);
    for (let i = 0; i < near.n; i++) {
      const out = pushOutOfRect(x, y, r, near.items[i]!);
      if (out) {
        x = out.x;
        y = out.y;
      }
    }
  }
  x = Math.min(Math.max(x, r), world.map.width - r);
  y = Math.min(Math.max(y, r), world.map.height - r);
  p.x = snapPos(x);
  p.y = snapPos(y);
}

/** Where a target was as a shooter saw it (reused: no allocation per projectile and player). */
const seen = { x: 0, y: 0 };

function stepProjectiles(world: World, dtSec: number, events: GameEvent[]): void {
  const { width, height } = world.map;
  const reach = RULES.playerRadius + RULES.projectileRadius;
  const projectileClear = world.obstacles.clearFor(RULES.projectileRadius);
  const P = world.projectiles;
  const n = P.n;
  const grid = world.playerGrid;
  if (n > 0) grid.rebuild(world.players.values());
  const { x: px0, y: py0, vx, vy, ttlSec, rewindTicks, owner } = P;
  // Survivors are compacted to the front in order (kept: rows 0 .. kept - 1).
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x0 = px0[i]!;
    const y0 = py0[i]!;
    const x1 = snapPos(x0 + vx[i]! * dtSec);
    const y1 = snapPos(y0 + vy[i]! * dtSec);
    const ttl = ttlSec[i]! - dtSec;
    let dead = ttl <= 0 || x1 < 0 || y1 < 0 || x1 > width || y1 > height;
    if (!dead) {
      let target = -1;
      let best = Infinity;
      const shooter = owner[i]!;
      // Lag compensation: test against the players where the shooter saw them (rewound, bounded by the history).
      const rewind = rewindTicks[i]!;
      const seenAt = world.tick + 1 - rewind;
      const margin = reach + (rewind > 0 ? RULES.playerSpeed * dtSec * Math.ceil(rewind) : 0);
      // The grid's slots, not the players: their ids and positions are in its arrays.
      const near = grid.query(Math.min(x0, x1) - margin, Math.min(y0, y1) - margin, Math.max(x0, x1) + margin, Math.max(y0, y1) + margin);
      for (let k = 0; k < near.n; k++) {
        const s = near.items[k]!;
        const id = grid.id[s]!;
        if (grid.alive[s] === 0 || id === shooter) continue;
        let tx = grid.x[s]!;
        let ty = grid.y[s]!;
        if (rewind > 0) {
          if (!world.history.positionInto(id, seenAt, seen)) continue;
          tx = seen.x;
          ty = seen.y;
        }
        if (segmentHitsCircle(x0, y0, x1, y1, tx, ty, reach)) {
          const d = (tx - x0) ** 2 + (ty - y0) ** 2;
          if (d < best) {
            best = d;
            target = s;
          }
        }
      }
      if (target >= 0) {
        dead = true;
        const p = grid.players[target]!;
        hit(world, shooter, P.id[i]!, P.born[i]!, p, events);
        if (!p.alive) grid.alive[target] = 0; // later projectiles of this tick pass through the dead
      }
    }
    if (!dead && !projectileClear.at(x1, y1)) {
      const r = RULES.projectileRadius;
      const near = world.obstacles.query(x1 - r, y1 - r, x1 + r, y1 + r);
      for (let k = 0; k < near.n; k++) {
        if (circleOverlapsRect(x1, y1, r, near.items[k]!)) {
          dead = true;
          break;
        }
      }
    }
    if (dead) {
      freeId(world, P.id[i]!);
      continue;
    }
    if (kept !== i) P.move(i, kept);
    px0[kept] = x1;
    py0[kept] = y1;
    ttlSec[kept] = ttl;
    kept++;
  }
  P.n = kept;
}

function hit(world: World, shooter: number, projectile: number, firedAtTick: number, target: Player, events: GameEvent[]): void {
  const damage = Math.min(RULES.projectileDamage, target.hp);
  target.hp -= damage;
  events.push({ type: 'hit', shooter, target: target.id, damage, projectile, firedAtTick });
  if (target.hp > 0) return;
  target.alive = false;
  target.deaths++;
  target.respawnInSec = RULES.respawnDelaySec;
  const killer = world.players.get(shooter);
  if (killer && killer.id !== target.id) killer.kills++;
  events.push({ type: 'kill', killer: shooter, victim: target.id });
}

/** Add a player at a free spot. Returns it. */
export function addPlayer(world: World, name: string, id: number = allocId(world)): Player {
  const p: Player = {
    id,
    born: world.tick,
    name,
    x: 0,
    y: 0,
    aim: 0,
    hp: RULES.maxHp,
    alive: true,
    kills: 0,
    deaths: 0,
    lastInput: 0,
    lastInputTick: 0,
    respawnInSec: 0,
    fireCooldownSec: 0,
  };
  world.players.set(id, p);
  respawn(world, p);
  return p;
}

export function removePlayer(world: World, id: number): void {
  if (world.players.delete(id)) freeId(world, id);
}

function respawn(world: World, p: Player): void {
  const spot = freeSpot(world, p.id);
  p.x = spot.x;
  p.y = spot.y;
  p.hp = RULES.maxHp;
  p.alive = true;
  p.respawnInSec = 0;
  p.fireCooldownSec = 0;
}

/** A spot clear of obstacles and away from other living players, chosen by the world's RNG. */
export function freeSpot(world: World, selfId: number): { x: number; y: number } {
  const r = RULES.playerRadius;
  const { width, height } = world.map;
  let best = { x: width / 2, y: height / 2 };
  let bestClearance = -1;
  for (let attempt = 0; attempt < 40; attempt++) {
    const x = snapPos(nextRange(world.rng, r + 10, width - r - 10));
    const y = snapPos(nextRange(world.rng, r + 10, height - r - 10));
    const near = world.obstacles.query(x - r - 8, y - r - 8, x + r + 8, y + r + 8);
    let blocked = false;
    for (let i = 0; i < near.n && !blocked; i++) blocked = circleOverlapsRect(x, y, r + 8, near.items[i]!);
    if (blocked) continue;
    let clearance = Infinity;
    for (const q of world.players.values()) {
      if (q.id === selfId || !q.alive) continue;
      clearance = Math.min(clearance, Math.hypot(q.x - x, q.y - y));
    }
    if (clearance >= 200) return { x, y };
    if (clearance > bestClearance) {
      bestClearance = clearance;
      best = { x, y };
    }
  }
  return best;
}
