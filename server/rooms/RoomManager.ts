/**
 * Rooms by type. Joining puts a player in a room of the requested type with a free seat, or
 * creates one; an empty room is disposed. Room types are registered with their defaults.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../../shared/clock.ts';
import type { GameEvent } from '../../shared/sim/world.ts';
import type { ServerStats } from '../ServerStats.ts';
import type { Scheduler } from '../TickLoop.ts';
import { Room, type RoomOptions } from './Room.ts';

export interface RoomTypeDefaults {
  capacity: number;
  tickRate: number;
  mapWidth: number;
  mapHeight: number;
}

export interface RoomManagerOptions {
  maxRooms: number;
  softBackpressureBytes: number;
  hardBackpressureBytes: number;
}

export class RoomUnavailableError extends Error {
  override readonly name = 'RoomUnavailableError';
}

export class RoomManager {
  private readonly types = new Map<string, RoomTypeDefaults>();
  readonly rooms = new Map<string, Room>();

  constructor(
    private readonly opts: RoomManagerOptions,
    private readonly deps: { clock: Clock; stats: ServerStats; scheduler?: Scheduler; onEvents?: (room: Room, events: GameEvent[]) => void },
  ) {}

  registerType(name: string, defaults: RoomTypeDefaults): void {
    this.types.set(name, defaults);
  }

  hasType(name: string): boolean {
    return this.types.has(name);
  }

  /** A room of `type` with a free seat, created when none has one. Throws RoomUnavailableError. */
  findOrCreate(type: string): Room {
    const defaults = this.types.get(type);
    if (!defaults) throw new RoomUnavailableError(`unknown room type "${type}"`);
    let best: Room | null = null;
    for (const room of this.rooms.values()) {
      // Fill the fullest room with space first, so rooms fill up instead of spreading thin.
      if (room.opts.type === type && !room.isFull && !room.isDisposed && (!best || room.playerCount > best.playerCount)) best = room;
    }
    return best ?? this.create(type, defaults);
  }

  private create(type: string, defaults: RoomTypeDefaults): Room {
    if (this.rooms.size >= this.opts.maxRooms) {
      throw new RoomUnavailableError(`server is at its maximum of ${this.opts.maxRooms} rooms`);
    }
    const options: RoomOptions = {
      id: randomBytes(6).toString('base64url'),
      type,
      ...defaults,
      seed: randomInt(1, 2 ** 31),
      softBackpressureBytes: this.opts.softBackpressureBytes,
      hardBackpressureBytes: this.opts.hardBackpressureBytes,
    };
    const room = new Room(options, {
      clock: this.deps.clock,
      ...(this.deps.scheduler ? { scheduler: this.deps.scheduler } : {}),
      stats: this.deps.stats,
      onEmpty: (r) => this.dispose(r),
      ...(this.deps.onEvents ? { onEvents: this.deps.onEvents } : {}),
    });
    this.rooms.set(room.id, room);
    this.deps.stats.roomsCreated++;
    return room;
  }

  dispose(room: Room): void {
    if (!this.rooms.delete(room.id)) return;
    room.dispose();
    this.deps.stats.roomsDisposed++;
  }

  disposeAll(): void {
    for (const room of [...this.rooms.values()]) this.dispose(room);
  }
}
