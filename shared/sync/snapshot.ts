/**
 * A snapshot is the quantized state of a room at one tick: entity id → kind and wire record.
 * Snapshots are immutable once built. An entity whose record did not change since the previous
 * snapshot keeps the very same entry object, so "unchanged" is a reference comparison.
 */
import { KIND, PlayerSchema, ProjectileSchema, type Kind } from '../entities.ts';
import { toRecord, type WireRecord } from '../schema.ts';
import type { World } from '../sim/world.ts';

export interface Entry {
  readonly kind: Kind;
  readonly rec: WireRecord;
}

export interface Snapshot {
  readonly tick: number;
  readonly entities: ReadonlyMap<number, Entry>;
}

export const EMPTY_SNAPSHOT: Snapshot = { tick: 0, entities: new Map() };

export function recordsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keep(prev: Snapshot | null, id: number, kind: Kind, rec: WireRecord): Entry {
  const old = prev?.entities.get(id);
  if (old && old.kind === kind && recordsEqual(old.rec, rec)) return old;
  return { kind, rec };
}

/** Quantize the world into a snapshot, reusing unchanged entries of `prev`. */
export function buildSnapshot(world: World, prev: Snapshot | null): Snapshot {
  const entities = new Map<number, Entry>();
  for (const p of world.players.values()) {
    const rec = toRecord(PlayerSchema, {
      x: p.x,
      y: p.y,
      aim: p.aim,
      hp: p.hp,
      alive: p.alive,
      kills: p.kills,
      deaths: p.deaths,
      name: p.name,
    });
    entities.set(p.id, keep(prev, p.id, KIND.Player, rec));
  }
  for (const pr of world.projectiles.values()) {
    const rec = toRecord(ProjectileSchema, { x: pr.x, y: pr.y, vx: pr.vx, vy: pr.vy, owner: pr.owner });
    entities.set(pr.id, keep(prev, pr.id, KIND.Projectile, rec));
  }
  return { tick: world.tick, entities };
}
