/** The arena's entity schemas and kinds (their wire codes are their places in the game's `kinds`). */
import { defineKind } from '../../../shared/game/defineGame.ts';
import { angle, bool, counter, defineSchema, fixed, int, str, uint, type Infer } from '../../../shared/schema.ts';

/** Positions: 0.1 unit resolution, maps up to 16000 units on a side. */
export const POS_SCALE = 10;
export const MAX_MAP_SIZE = 16000;
const pos = fixed(POS_SCALE, 0, MAX_MAP_SIZE);
/**
 * Observed velocity in wire units (0.1 unit) per tick: the change of x since the previous tick.
 * The client extrapolates x by it, so steady movement costs no bytes.
 */
export const MAX_WIRE_VEL = 1000;
const vel = int(-MAX_WIRE_VEL, MAX_WIRE_VEL);

/**
 * `ack` is the sequence number of the player's last input the server took into a tick, modulo
 * 2^ACK_BITS (the player's own client restores it from the inputs it sent); `ackRate` is 1 while
 * the player's inputs flow (a tick took one in the last two ticks), else 0. The ack is
 * extrapolated by it, so steady inputs cost nothing and a late one costs a one-byte correction
 * on the tick it missed and on the tick that caught up. Being part of the state, the ack makes a
 * State message the same bytes for every client in sync, so it can be published once.
 */
export { ACK_BITS } from '../../../shared/game/defineGame.ts';
import { ACK_BITS } from '../../../shared/game/defineGame.ts';

export const PlayerSchema = defineSchema(
  'player',
  {
    x: pos,
    y: pos,
    vx: vel,
    vy: vel,
    aim: angle(12),
    // Right after aim (changed every tick by a player who aims): a change mask that sets bits 0–6
    // only is one byte.
    ack: counter(ACK_BITS),
    ackRate: uint(1),
    hp: uint(8),
    alive: bool,
    kills: uint(16),
    deaths: uint(16),
    name: str(16),
  },
  // The ack advances by ackRate per tick on the client too: a player whose inputs arrive one per
  // tick costs nothing for it.
  { vel: { x: 'vx', y: 'vy', ack: 'ackRate' } },
);

export const ProjectileSchema = defineSchema(
  'projectile',
  {
    x: pos,
    y: pos,
    vx: vel,
    vy: vel,
    owner: uint(32),
  },
  { vel: { x: 'vx', y: 'vy' } },
);

export type PlayerView = Infer<typeof PlayerSchema>;
export type ProjectileView = Infer<typeof ProjectileSchema>;

/** Entity kind codes on the wire. */
export const KIND = { Player: 1, Projectile: 2 } as const;
export type Kind = (typeof KIND)[keyof typeof KIND];

/** The seat kind: a player's entity. */
export const PlayerKind = defineKind(PlayerSchema, { position: { x: 'x', y: 'y' }, interpolate: ['x', 'y', 'aim'], observed: { vx: 'x', vy: 'y' } });
/** Projectiles start with their first step as velocity, then move by what is observed. */
export const ProjectileKind = defineKind(ProjectileSchema, { position: { x: 'x', y: 'y' }, observed: { vx: 'x', vy: 'y' } });
/** In wire-code order (KIND's values). */
export const KINDS = [PlayerKind, ProjectileKind] as const;

/** Snap a simulation coordinate to the wire grid (the value a client decodes). */
export function snapPos(v: number): number {
  return Math.round(v * POS_SCALE) / POS_SCALE;
}
