/**
 * Room types: what a developer registers to add a kind of room. A type names its game, capacity,
 * tick rate and the game's parameters, and may hook the room's lifecycle (Colyseus/Nakama-like,
 * plain names). Every room variant of a game is registered by `registerGame`; more can be added:
 *
 *   rooms.registerRoomType('duel', {
 *     game: arena, capacity: 2, tickRate: 30, params: { width: 1200, height: 1200 },
 *     hooks: { onAuth: (room, req) => (req.name === 'bot' ? refuse('no bots') : ADMIT) },
 *   });
 *
 * Hooks run synchronously inside the server's single thread: admission (onAuth) is decided in
 * the same turn as the seat reservation, so nothing can take the seat in between. In a cluster
 * (--redis) the seat is reserved in Redis, possibly by another node, and admission runs on the
 * room's node when the seat is claimed, with the same request (server/cluster/claimSeat.ts).
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { Room } from './Room.ts';
import type { AoiOptions } from '../sync/RoomSync.ts';


export type Admission = { ok: true } | { ok: false; reason: string };
export const ADMIT: Admission = { ok: true };
export const refuse = (reason: string): Admission => ({ ok: false, reason });

export interface AdmissionRequest {
  /** The player's (sanitized) name. */
  name: string;
  /** The `options` object of the matchmake request ({} for a plain Join). */
  options: Readonly<Record<string, unknown>>;
}

/** Why a player's seat was freed. */
export type LeaveReason = 'left' | 'timeout' | 'closed';

export interface RoomHooks {
  /** The room exists and ticks; `options` are the creating request's options. */
  onCreate?(room: Room, options: Readonly<Record<string, unknown>>): void;
  /** Admission, before a seat is given: refuse with a reason the player is shown. */
  onAuth?(room: Room, request: AdmissionRequest): Admission;
  /** A player entered the world (not called again when a held player resumes). */
  onJoin?(room: Room, playerId: number, name: string): void;
  /** A player's seat was freed: deliberate leave, reconnect grace over, or a forced close. */
  onLeave?(room: Room, playerId: number, reason: LeaveReason, name: string): void;
  /** After each simulation step, with the step's events. Keep it cheap: it runs in the tick. */
  onTick?(room: Room, events: readonly unknown[]): void;
  /** The room is being disposed (empty for its time-to-live, or server shutdown). */
  onDispose?(room: Room): void;
}

export interface RoomTypeDefinition {
  /** The game its rooms play. */
  game: AnyGame;
  capacity: number;
  tickRate: number;
  /** What the game's `create` gets (its room shape's params, or others). */
  params: unknown;
  /** Fixed world seed; a random one per room when absent. */
  seed?: number;
  hooks?: RoomHooks;
  /**
   * State sync: `aoi` limits each client to a view rectangle around its player (big maps);
   * without it every client sees the whole room.
   */
  sync?: { aoi?: AoiOptions | null; mode?: 'delta' | 'naive' };
}

/** Throws with a message naming the bad option. */
export function validateRoomType(name: string, def: RoomTypeDefinition): void {
  const bad = (what: string): never => {
    throw new Error(`room type "${name}": ${what}`);
  };
  if (!/^[a-z0-9_-]{1,32}$/i.test(name)) bad('name must be 1-32 letters, digits, _ or -');
  if (!Number.isInteger(def.capacity) || def.capacity < 1 || def.capacity > 1000) bad(`capacity ${def.capacity} must be an integer in [1, 1000]`);
  if (!(def.tickRate > 0 && def.tickRate <= 240)) bad(`tickRate ${def.tickRate} must be in (0, 240]`);
  if (!def.game || typeof def.game.step !== 'function') bad('game must be a game definition (defineGame)');
}
