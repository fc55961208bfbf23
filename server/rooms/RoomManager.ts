/**
 * The rooms of one process, by id and by join code, and the registry of room types. Creates
 * rooms (up to maxRooms), finds public rooms with a free seat, and disposes a room once it
 * has been empty (no player, reservation or held player) for emptyRoomTtlMs.
 *
 * Rooms nobody ever joined go first: one whose last unclaimed seat expired is disposed at once
 * (not after the time-to-live), and at maxRooms a new room takes the place of the oldest room
 * that has never had a player and is at least reclaimUnjoinedAfterMs old (its unclaimed seats
 * are then refused), so rooms held by reservations alone cannot lock everybody out.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../../shared/clock.ts';
import { ERR, type ErrCode } from '../../shared/protocol.ts';
import type { ServerStats } from '../ServerStats.ts';
import { timerScheduler, type Scheduler } from '../TickLoop.ts';
import type { ChatLimits } from './RoomChat.ts';
import { Room, type RoomOptions } from './Room.ts';
import { uniqueRoomCode } from './roomCode.ts';
import { validateRoomType, type RoomTypeDefinition } from './RoomType.ts';

export interface RoomManagerOptions {
  maxRooms: number;
  softBackpressureBytes: number;
  hardBackpressureBytes: number;
  /** A room nobody holds a seat in is disposed after this long (0: at once). */
  emptyRoomTtlMs?: number;
  /** A player whose connection dropped is held this long for a reconnect (0: not held). */
  reconnectGraceMs?: number;
  chat?: ChatLimits;
  /** Debug: every room attaches view checksums to its State messages. */
  checksum?: boolean;
  slowReaderTimeoutMs?: number;
  maxInFlightMs?: number;
  /** At maxRooms, a room that never had a player and is this old gives its place to a new one (default 3000). */
  reclaimUnjoinedAfterMs?: number;
}

export interface RoomManagerDeps {
  clock: Clock;
  stats: ServerStats;
  scheduler?: Scheduler;
  onEvents?: (room: Room, events: readonly unknown[]) => void;
  onCreated?: (room: Room) => void;
  onDisposed?: (room: Room) => void;
  publish?: (topic: string, bytes: Uint8Array) => boolean;
  alignTicks?: boolean;
  /** Called at the start of every room's tick (see RoomDeps.beforeTick). */
  beforeTick?: () => void;
}

export interface CreateRoomOptions {
  isPrivate?: boolean;
  /** Passed to the type's onCreate hook. */
  options?: Readonly<Record<string, unknown>>;
  /** The room's id and join code when the cluster's directory chose them (default: new ones). */
  id?: string;
  code?: string;
}

export class RoomUnavailableError extends Error {
  override readonly name = 'RoomUnavailableError';
  constructor(
    message: string,
    readonly code: ErrCode = ERR.RoomUnavailable,
  ) {
    super(message);
  }
}

export class RoomManager {
  private readonly types = new Map<string, RoomTypeDefinition>();
  readonly rooms = new Map<string, Room>();
  private readonly codes = new Map<string, Room>();
  private readonly scheduler: Scheduler;

  constructor(
    private readonly opts: RoomManagerOptions,
    private readonly deps: RoomManagerDeps,
  ) {
    this.scheduler = deps.scheduler ?? timerScheduler;
  }

  /** Register (or replace) a room type. Throws on invalid options. */
  registerRoomType(name: string, def: RoomTypeDefinition): void {
    validateRoomType(name, def);
    this.types.set(name, def);
  }

  /** The definition of a registered room type. */
  typeOf(name: string): RoomTypeDefinition | undefined {
    return this.types.get(name);
  }

  hasType(name: string): boolean {
    return this.types.has(name);
  }

  /** Seats in a room of this type; null for an unknown type. */
  capacityOf(name: string): number | null {
    return this.types.get(name)?.capacity ?? null;
  }

  typeNames(): string[] {
    return [...this.types.keys()];
  }

  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  byCode(code: string): Room | undefined {
    return this.codes.get(code);
  }

  /** Public rooms, optionally of one type, in creation order. */
  publicRooms(type?: string): Room[] {
    const out: Room[] = [];
    for (const room of this.rooms.values()) if (!room.isPrivate && !room.isDisposed && (type === undefined || room.opts.type === type)) out.push(room);
    return out;
  }

  /**
   * The public room of `type` with a free seat that has the most connected players, then the
   * most seats taken (rooms fill up rather than spread thin, and a room of players who dropped
   * and may not come back is not preferred over one where people are playing).
   */
  findAvailable(type: string, nowMs: number = this.deps.clock.now()): Room | null {
    let best: Room | null = null;
    let bestLive = -1;
    let bestOccupancy = -1;
    for (const room of this.publicRooms(type)) {
      room.sweep(nowMs);
      if (room.isLocked) continue;
      const live = room.sessions.size;
      const occupancy = room.occupancy(nowMs);
      if (room.isDisposed || live < bestLive || (live === bestLive && occupancy <= bestOccupancy)) continue;
      best = room;
      bestLive = live;
      bestOccupancy = occupancy;
    }
    return best;
  }

  /** A public room of `type` with a free seat, created when none has one. Throws RoomUnavailableError. */
  findOrCreate(type: string): Room {
    if (!this.types.has(type)) throw new RoomUnavailableError(`unknown room type "${type}"`);
    return this.findAvailable(type) ?? this.create(type);
  }

  /** Create a room of `type`. Throws RoomUnavailableError (unknown type, or maxRooms reached). */
  create(type: string, create: CreateRoomOptions = {}): Room {
    const def = this.types.get(type);
    if (!def) throw new RoomUnavailableError(`unknown room type "${type}"`);
    if (this.rooms.size >= this.opts.maxRooms && !this.reclaimOne()) {
      throw new RoomUnavailableError(`the server is at its maximum of ${this.opts.maxRooms} rooms: try again later`, ERR.MaxRooms);
    }
    if (create.id !== undefined && this.rooms.has(create.id)) throw new RoomUnavailableError('a room with this id exists');
    let id = create.id ?? randomBytes(6).toString('base64url');
    while (create.id === undefined && this.rooms.has(id)) id = randomBytes(6).toString('base64url');
    const options: RoomOptions = {
      id,
      type,
      capacity: def.capacity,
      tickRate: def.tickRate,
      game: def.game,
      params: def.params,
      seed: def.seed ?? randomInt(1, 2 ** 31),
      softBackpressureBytes: this.opts.softBackpressureBytes,
      hardBackpressureBytes: this.opts.hardBackpressureBytes,
      ...(this.opts.slowReaderTimeoutMs !== undefined ? { slowReaderTimeoutMs: this.opts.slowReaderTimeoutMs } : {}),
      ...(this.opts.maxInFlightMs !== undefined ? { maxInFlightMs: this.opts.maxInFlightMs } : {}),
      isPrivate: create.isPrivate === true,
      code: create.isPrivate ? (create.code ?? uniqueRoomCode(this.codes)) : null,
      reconnectGraceMs: this.opts.reconnectGraceMs ?? 0,
      ...(this.opts.chat ? { chat: this.opts.chat } : {}),
      ...(def.sync || this.opts.checksum ? { sync: { ...def.sync, ...(this.opts.checksum ? { checksum: true } : {}) } } : {}),
    };
    const room = new Room(options, {
      clock: this.deps.clock,
      ...(this.deps.scheduler ? { scheduler: this.deps.scheduler } : {}),
      stats: this.deps.stats,
      // A room whose loop stopped (a failed tick) or that nobody ever joined (its seats expired)
      // goes at once; one its players left after its time-to-live.
      onEmpty: (r) => (r.loop.isRunning && r.hasHadPlayer ? this.scheduleDisposal(r) : this.dispose(r)),
      ...(this.deps.onEvents ? { onEvents: this.deps.onEvents } : {}),
      ...(def.hooks ? { hooks: def.hooks } : {}),
      ...(this.deps.publish ? { publish: this.deps.publish } : {}),
      ...(this.deps.alignTicks ? { alignTicks: true } : {}),
      ...(this.deps.beforeTick ? { beforeTick: this.deps.beforeTick } : {}),
    });
    this.rooms.set(room.id, room);
    if (room.code) this.codes.set(room.code, room);
    this.deps.stats.roomsCreated++;
    def.hooks?.onCreate?.(room, create.options ?? {});
    this.deps.onCreated?.(room);
    return room;
  }

  /** Expire reservations and held players everywhere; dispose rooms empty for their time-to-live. */
  sweep(nowMs: number = this.deps.clock.now()): void {
    for (const room of [...this.rooms.values()]) {
      room.sweep(nowMs);
      if (room.emptySinceMs !== null && nowMs - room.emptySinceMs >= (this.opts.emptyRoomTtlMs ?? 0)) this.dispose(room);
    }
  }

  dispose(room: Room): void {
    if (this.rooms.get(room.id) !== room) return;
    this.rooms.delete(room.id);
    if (room.code) this.codes.delete(room.code);
    room.dispose();
    this.deps.stats.roomsDisposed++;
    this.deps.onDisposed?.(room);
  }

  /**
   * Make room at maxRooms: dispose the oldest room that has never had a player and is old enough
   * (see reclaimUnjoinedAfterMs). False when there is none.
   */
  private reclaimOne(nowMs: number = this.deps.clock.now()): boolean {
    const minAgeMs = this.opts.reclaimUnjoinedAfterMs ?? 3000;
    let oldest: Room | null = null;
    for (const room of this.rooms.values()) {
      if (room.hasHadPlayer || nowMs - room.createdAtMs < minAgeMs) continue;
      if (oldest === null || room.createdAtMs < oldest.createdAtMs) oldest = room;
    }
    if (oldest === null) return false;
    this.dispose(oldest);
    this.deps.stats.roomsReclaimed++;
    return true;
  }

  disposeAll(): void {
    for (const room of [...this.rooms.values()]) this.dispose(room);
  }

  private scheduleDisposal(room: Room): void {
    const ttlMs = this.opts.emptyRoomTtlMs ?? 0;
    if (ttlMs <= 0) return this.dispose(room);
    this.scheduler.schedule(() => {
      const nowMs = this.deps.clock.now();
      if (room.emptySinceMs !== null && nowMs - room.emptySinceMs >= ttlMs) this.dispose(room);
    }, ttlMs);
  }
}
