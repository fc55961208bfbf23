/**
 * A room: one world, its players' sessions and its tick loop. Each tick it drains every
 * player's input queue, runs the shared `step`, builds the quantized snapshot, and sends each
 * client one State message: a delta against the snapshot that client is known to hold.
 *
 * Encode once: the room-wide delta (previous snapshot → this one) is encoded once per tick and
 * shared by every client that holds the previous snapshot; only clients that are behind (just
 * joined, resync, skipped for backpressure) get a delta of their own.
 */
import type { Clock } from '../../shared/clock.ts';
import { encodeSequence, encodeWithTail, encode } from '../../shared/codec.ts';
import { MSG, PROTOCOL_VERSION, CLOSE, type WelcomeInfo } from '../../shared/protocol.ts';
import { generateMap, type GameMap } from '../../shared/sim/map.ts';
import { addPlayer, removePlayer, step } from '../../shared/sim/step.ts';
import { createWorld, type GameEvent, type Input, type World } from '../../shared/sim/world.ts';
import { diff, type Delta } from '../../shared/sync/delta.ts';
import { buildSnapshot, EMPTY_SNAPSHOT, type Snapshot } from '../../shared/sync/snapshot.ts';
import type { ClientSession } from '../ClientSession.ts';
import type { ServerStats } from '../ServerStats.ts';
import { TickLoop, type Scheduler } from '../TickLoop.ts';

export interface RoomOptions {
  id: string;
  type: string;
  capacity: number;
  tickRate: number;
  mapWidth: number;
  mapHeight: number;
  seed: number;
  /** Above this many buffered bytes a client gets no deltas until it drains. */
  softBackpressureBytes: number;
  /** Above this many buffered bytes a client is closed with CLOSE.SlowReader. */
  hardBackpressureBytes: number;
}

export interface RoomDeps {
  clock: Clock;
  scheduler?: Scheduler;
  stats: ServerStats;
  onEmpty: (room: Room) => void;
  onEvents?: (room: Room, events: GameEvent[]) => void;
}

export class Room {
  readonly world: World;
  readonly map: GameMap;
  readonly loop: TickLoop;
  readonly sessions = new Map<number, ClientSession>();
  readonly createdAtMs: number;
  private snapshot: Snapshot = EMPTY_SNAPSHOT;
  private disposed = false;

  constructor(
    readonly opts: RoomOptions,
    private readonly deps: RoomDeps,
  ) {
    this.map = generateMap(opts.seed, { width: opts.mapWidth, height: opts.mapHeight });
    this.world = createWorld(this.map, opts.seed);
    this.createdAtMs = deps.clock.now();
    this.loop = new TickLoop({
      tickRate: opts.tickRate,
      clock: deps.clock,
      ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
      onTick: () => {
        const t0 = deps.clock.now();
        this.tick();
        deps.stats.onTickMeasured?.(opts.type, deps.clock.now() - t0);
      },
    });
    this.loop.start();
  }

  get id(): string {
    return this.opts.id;
  }

  get playerCount(): number {
    return this.sessions.size;
  }

  get isFull(): boolean {
    return this.sessions.size >= this.opts.capacity;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Seat a session: create its player and send Welcome. The caller checked capacity. */
  join(session: ClientSession, name: string): void {
    if (this.disposed) throw new Error('room disposed');
    const player = addPlayer(this.world, name);
    session.room = this;
    session.playerId = player.id;
    session.name = name;
    session.baseline = EMPTY_SNAPSHOT;
    session.needsFull = true;
    this.sessions.set(player.id, session);
    const info: WelcomeInfo = {
      protocol: PROTOCOL_VERSION,
      roomId: this.id,
      playerId: player.id,
      tickRate: this.opts.tickRate,
      map: this.map,
    };
    this.sendTo(session, encode([MSG.Welcome, info]));
  }

  leave(session: ClientSession): void {
    if (session.room !== this) return;
    this.sessions.delete(session.playerId);
    removePlayer(this.world, session.playerId);
    session.room = null;
    if (this.sessions.size === 0) this.deps.onEmpty(this);
  }

  queueInput(session: ClientSession, input: Input): boolean {
    return session.inputs.push(input);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loop.stop();
    for (const s of this.sessions.values()) s.room = null;
    this.sessions.clear();
  }

  /** One tick: inputs → step → snapshot → one State message per client. */
  private tick(): void {
    const inputs = new Map<number, Input[]>();
    for (const [id, s] of this.sessions) {
      const list = s.inputs.take();
      if (list.length > 0) inputs.set(id, list);
    }
    const events = step(this.world, inputs, 1 / this.opts.tickRate);
    if (events.length > 0) this.deps.onEvents?.(this, events);
    const prev = this.snapshot;
    const next = buildSnapshot(this.world, prev);
    this.snapshot = next;
    let shared: Uint8Array | null = null;
    for (const s of this.sessions.values()) {
      if (s.conn.closed) continue;
      const buffered = s.conn.bufferedAmount();
      if (buffered > this.opts.hardBackpressureBytes) {
        s.conn.close(CLOSE.SlowReader, 'slow reader: send buffer over the hard limit');
        continue;
      }
      if (buffered > this.opts.softBackpressureBytes) {
        s.statesSkipped++;
        this.deps.stats.statesSkippedBackpressure++;
        continue;
      }
      let bytes: Uint8Array;
      if (!s.needsFull && s.baseline === prev && prev !== EMPTY_SNAPSHOT) {
        shared ??= encodeDeltaBody(diff(prev, next));
        bytes = encodeWithTail([MSG.State, next.tick, prev.tick, s.inputs.lastAppliedSeq], 3, shared);
      } else {
        const base = s.needsFull ? EMPTY_SNAPSHOT : s.baseline;
        if (!s.needsFull) this.deps.stats.catchUpStates++;
        bytes = encodeWithTail([MSG.State, next.tick, base.tick, s.inputs.lastAppliedSeq], 3, encodeDeltaBody(diff(base, next)));
      }
      const r = this.sendTo(s, bytes);
      if (r === 'ok' || r === 'backpressure') {
        s.baseline = next;
        s.needsFull = false;
      } else if (r === 'dropped') {
        this.deps.stats.statesDropped++;
      }
    }
  }

  private sendTo(s: ClientSession, bytes: Uint8Array): ReturnType<ClientSession['conn']['send']> {
    const r = s.conn.send(bytes);
    if (r === 'ok' || r === 'backpressure') {
      this.deps.stats.messagesOut++;
      this.deps.stats.bytesOut += bytes.byteLength;
    }
    return r;
  }
}

function encodeDeltaBody(d: Delta): Uint8Array {
  return encodeSequence([d.added, d.changed, d.removed]);
}
