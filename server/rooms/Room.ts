/**
 * A room: one world of one game, its players' sessions and its tick loop. Each tick it drains
 * every player's input queue, runs the game's `step`, has the game write its world into the
 * quantized snapshot, and sends each client one State message: a delta against the snapshot
 * that client is known to hold. The room knows no game: it calls the definition it was given.
 *
 * Encode once: the room-wide delta (previous snapshot → this one) is encoded once per tick and
 * shared by every client that holds the previous snapshot; only clients that are behind (just
 * joined, resync, skipped for backpressure) get a delta of their own.
 */
import type { Clock } from '../../shared/clock.ts';
import { encode } from '../../shared/codec.ts';
import type { AnyGame, EntityWriter, InputsById } from '../../shared/game/GameDefinition.ts';
import type { InputPlan, InputValues } from '../../shared/game/inputPlan.ts';
import { MSG, PROTOCOL_VERSION, CLOSE, type RoomEvent, type WelcomeInfo } from '../../shared/protocol.ts';
import { EMPTY_SNAPSHOT, SnapshotBuilder, type SeatAcks, type Snapshot } from '../../shared/sync/snapshot.ts';
import { inputStride } from '../../shared/replay/format.ts';
import type { ClientSession } from '../ClientSession.ts';
import { InputQueue, type QueuedInput } from '../InputQueue.ts';
import type { ServerStats } from '../ServerStats.ts';
import { TickLoop, type Scheduler } from '../TickLoop.ts';
import type { RoomRecording, TickStates } from '../replay/RoomRecorder.ts';
import { RoomSync, type RoomSyncOptions } from '../sync/RoomSync.ts';
import { sendStates, type SendLimits, type StateFanout } from '../sync/sendStates.ts';
import { RoomChat, type ChatLimits, type ChatVerdict } from './RoomChat.ts';
import { RoomSeats } from './RoomSeats.ts';
import { ADMIT, type Admission, type AdmissionRequest, type LeaveReason, type RoomHooks } from './RoomType.ts';

export interface RoomOptions {
  id: string;
  type: string;
  /** The game the room plays, and its parameters (the room type's). */
  game: AnyGame;
  params: unknown;
  capacity: number;
  tickRate: number;
  seed: number;
  /** Above this many buffered bytes a client gets no deltas until it drains. */
  softBackpressureBytes: number;
  /** Above this many buffered bytes a client is closed with CLOSE.SlowReader. */
  hardBackpressureBytes: number;
  /** A client skipped (over the soft limit) for this long without a break is closed with CLOSE.SlowReader. */
  slowReaderTimeoutMs?: number;
  /** A client with more than this much state sent but not acknowledged is skipped like one over the soft limit. */
  maxInFlightMs?: number;
  /** Private rooms are unlisted and joined by their code only. */
  isPrivate?: boolean;
  code?: string | null;
  /** How long a player whose connection dropped is held for a reconnect (0: seat freed at once). */
  reconnectGraceMs?: number;
  chat?: ChatLimits;
  /** State sync: interest management, debug checksums, naive mode (benchmark baseline). */
  sync?: Partial<Omit<RoomSyncOptions, 'posScale'>>;
}

export interface RoomDeps {
  clock: Clock;
  scheduler?: Scheduler;
  stats: ServerStats;
  onEmpty: (room: Room) => void;
  onEvents?: (room: Room, events: readonly unknown[]) => void;
  hooks?: RoomHooks;
  /** Publish to a topic through the transport; false when it cannot (then the room sends one by one). */
  publish?: (topic: string, bytes: Uint8Array) => boolean;
  /** Tick on the common grid (with a SharedScheduler: one wake-up for all rooms). */
  alignTicks?: boolean;
  /** Called at the start of each tick, before anything of it (the server hands over the inputs that arrived since). */
  beforeTick?: () => void;
}

export class Room {
  /** The game's world (its own type: the room never looks inside). */
  readonly world: unknown;
  readonly game: AnyGame;
  /** Ticks simulated so far (the snapshot's tick). */
  tick = 0;
  readonly loop: TickLoop;
  readonly sessions = new Map<number, ClientSession>();
  readonly createdAtMs: number;
  private snapshot: Snapshot = EMPTY_SNAPSHOT;
  private readonly snapshots: SnapshotBuilder;
  private readonly writeWorld: (out: EntityWriter) => void;
  /** The game's Welcome payload (made once: the world's static part, such as the map). */
  private readonly info: unknown;
  private readonly sync: RoomSync;
  /** The topic the clients in sync are on, and the native publish that fans their State out. */
  private readonly stateFanout: StateFanout;
  /** The step's inputs: the players' input queues by player id, kept with `sessions`. */
  private readonly tickInputs: QueuedInputs;
  /** The game's input, compiled (the server validates and queues Inputs with it). */
  readonly inputPlan: InputPlan;
  private readonly sendLimits: SendLimits;
  private disposed = false;
  /** Reserved seats, held players and reconnect tokens. */
  readonly seats = new RoomSeats();
  private readonly chatLimiter: RoomChat;
  private manualLock = false;
  /** A player has joined at some point (a room nobody ever joined is reclaimed first, see RoomManager). */
  hasHadPlayer = false;
  /** Since when nobody holds a seat (no player, reservation or held player); null while occupied. */
  emptySinceMs: number | null;
  /** The room's recording (docs/replay.md), or null. */
  private rec: RoomRecording | null = null;

  constructor(
    readonly opts: RoomOptions,
    private readonly deps: RoomDeps,
  ) {
    this.game = opts.game;
    this.inputPlan = opts.game.input.plan;
    this.tickInputs = new QueuedInputs(this.inputPlan);
    this.world = opts.game.create(opts.params, opts.seed, { tickRate: opts.tickRate });
    this.snapshots = new SnapshotBuilder(opts.game.kinds, opts.game.seat, this.tickInputs.acks);
    const world = this.world;
    const game = this.game;
    this.writeWorld = (out) => game.write(world, out);
    this.info = game.welcome(world);
    this.createdAtMs = deps.clock.now();
    // Born empty: a room nobody ever takes a seat in is disposed like one everybody left.
    this.emptySinceMs = this.createdAtMs;
    this.chatLimiter = new RoomChat(opts.chat);
    this.sendLimits = {
      softBackpressureBytes: opts.softBackpressureBytes,
      hardBackpressureBytes: opts.hardBackpressureBytes,
      slowReaderTimeoutMs: opts.slowReaderTimeoutMs ?? 10_000,
      maxTicksInFlight: Math.ceil(((opts.maxInFlightMs ?? 1000) * opts.tickRate) / 1000),
    };
    this.sync = new RoomSync({ aoi: null, checksum: false, mode: 'delta', ...opts.sync, seat: opts.game.seat, kinds: opts.game.kinds });
    this.stateFanout = { topic: `room/${opts.id}/state`, publish: (topic, bytes) => this.deps.publish?.(topic, bytes) ?? false };
    this.loop = new TickLoop({
      tickRate: opts.tickRate,
      clock: deps.clock,
      ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
      align: deps.alignTicks === true,
      onTick: () => {
        deps.beforeTick?.();
        const t0 = deps.clock.now();
        try {
          this.runTick();
        } catch (err) {
          this.fail(err);
          return;
        }
        deps.stats.onTickMeasured?.(opts.type, deps.clock.now() - t0);
      },
    });
    this.loop.start();
  }

  get id(): string {
    return this.opts.id;
  }

  /** The game's Welcome payload of this room's world (the map). */
  get welcomeInfo(): unknown {
    return this.info;
  }

  get playerCount(): number {
    return this.sessions.size;
  }

  get isFull(): boolean {
    return this.occupancy() >= this.opts.capacity;
  }

  get isPrivate(): boolean {
    return this.opts.isPrivate === true;
  }

  get code(): string | null {
    return this.opts.code ?? null;
  }

  /** Seats taken: connected players, unclaimed reservations and held (disconnected) players. */
  occupancy(nowMs: number = this.deps.clock.now()): number {
    return this.sessions.size + this.seats.count(nowMs);
  }

  /** Locked rooms take nobody: full, or locked by a hook. A freed seat unlocks a full room. */
  get isLocked(): boolean {
    return this.manualLock || this.isFull;
  }

  lock(): void {
    this.manualLock = true;
  }

  unlock(): void {
    this.manualLock = false;
  }

  /** The game's admission (seats.canJoin), then the room type's hook (admits when there is neither). */
  admit(request: AdmissionRequest): Admission {
    const refusal = this.game.seats.canJoin?.(this.world) ?? null;
    if (refusal !== null) return { ok: false, reason: refusal };
    return this.deps.hooks?.onAuth?.(this, request) ?? ADMIT;
  }

  reserveSeat(token: string, expiresAtMs: number): void {
    this.seats.reserve(token, expiresAtMs);
    this.emptySinceMs = null;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Seat a session: create its player and send Welcome. The caller checked capacity. */
  join(session: ClientSession, name: string): void {
    if (this.disposed) throw new Error('room disposed');
    const playerId = this.game.seats.join(this.world, name);
    this.rec?.op('join', playerId, name);
    this.tickInputs.resetAck(playerId);
    session.room = this;
    session.playerId = playerId;
    session.name = name;
    session.baseline = EMPTY_SNAPSHOT;
    session.needsFull = true;
    this.sessions.set(playerId, session);
    this.tickInputs.attach(playerId, session.inputs);
    this.emptySinceMs = null;
    this.hasHadPlayer = true;
    this.welcome(session, this.seats.issue(playerId), false);
    this.broadcastEvent({ type: 'joined', playerId, name });
    this.deps.hooks?.onJoin?.(this, playerId, name);
  }

  /**
   * Resume the player a reconnect token belongs to on a new connection: the same entity (id,
   * score, hp, position), then a full snapshot. A held player comes back into the world; a player
   * whose old connection is still open (the drop was not noticed yet) is taken over and the old
   * connection closed with CLOSE.Replaced. False when the token is not valid here or its grace is over.
   */
  resume(session: ClientSession, token: string, nowMs: number = this.deps.clock.now()): boolean {
    if (this.disposed) return false;
    const playerId = this.seats.owner(token);
    if (playerId === undefined) return false;
    let name: string;
    const old = this.sessions.get(playerId);
    if (old) {
      this.sessions.delete(playerId);
      this.tickInputs.detach(playerId);
      old.room = null;
      old.conn.close(CLOSE.Replaced, 'resumed on another connection');
      name = old.name;
    } else {
      const held = this.seats.resume(token, nowMs);
      if (!held) return false;
      this.game.seats.restore(this.world, held.player);
      this.rec?.op('restore', playerId);
      name = held.name;
    }
    // The player keeps its ack (the room's, by id): the client's pending inputs stay consistent.
    session.room = this;
    session.playerId = playerId;
    session.name = name;
    session.baseline = EMPTY_SNAPSHOT;
    session.needsFull = true;
    this.sessions.set(playerId, session);
    this.tickInputs.attach(playerId, session.inputs);
    this.emptySinceMs = null;
    this.welcome(session, token, true);
    if (!old) this.broadcastEvent({ type: 'reconnected', playerId, name });
    return true;
  }

  /** The connection dropped: hold the player for the reconnect grace period (not simulated). */
  disconnect(session: ClientSession, maxHoldMs = Infinity): void {
    if (session.room !== this) return;
    const graceMs = Math.min(this.opts.reconnectGraceMs ?? 0, maxHoldMs);
    const unloaded = maxHoldMs !== Infinity;
    const token = this.seats.tokenOf(session.playerId);
    if (graceMs <= 0 || token === undefined || this.disposed) return this.leave(session, 'closed');
    const playerId = session.playerId;
    this.sessions.delete(playerId);
    this.tickInputs.detach(playerId);
    this.unsubscribe(session);
    session.room = null;
    // Out of the world but its id stays reserved (not freed for reuse) while it is held.
    const held = this.game.seats.hold(this.world, playerId);
    this.rec?.op('hold', playerId);
    this.seats.hold(token, { id: playerId, player: held, name: session.name, untilMs: this.deps.clock.now() + graceMs, unloaded });
    if (!unloaded) this.broadcastEvent({ type: 'disconnected', playerId, name: session.name });
  }

  /** Free the seat at once (deliberate leave, or a close that is not worth holding for). */
  leave(session: ClientSession, reason: LeaveReason = 'left'): void {
    if (session.room !== this) return;
    this.sessions.delete(session.playerId);
    this.tickInputs.detach(session.playerId);
    this.unsubscribe(session);
    this.game.seats.leave(this.world, session.playerId);
    this.rec?.op('leave', session.playerId);
    session.room = null;
    this.release(session.playerId);
    this.broadcastEvent({ type: 'left', playerId: session.playerId, name: session.name, reason });
    this.deps.hooks?.onLeave?.(this, session.playerId, reason, session.name);
    this.checkEmpty();
  }

  /** Expire reservations and held players whose time is up; notice when the room became empty. */
  sweep(nowMs: number = this.deps.clock.now()): void {
    for (const h of this.seats.expire(nowMs)) {
      this.game.seats.expire(this.world, h.player);
      this.rec?.op('expire', h.id);
      this.chatLimiter.forget(h.id);
      // A page that said it was unloading and did not come back has left; others timed out.
      const reason = h.unloaded ? 'left' : 'timeout';
      this.broadcastEvent({ type: 'left', playerId: h.id, name: h.name, reason });
      this.deps.hooks?.onLeave?.(this, h.id, reason, h.name);
    }
    this.checkEmpty(nowMs);
  }

  /** A line of chat from a player: broadcast as plain text unless refused (rate, length). */
  chat(session: ClientSession, text: string, nowMs: number = this.deps.clock.now()): ChatVerdict {
    const verdict = session.room === this ? this.chatLimiter.accept(session.playerId, text, nowMs) : ({ ok: false, reason: 'empty' } as const);
    if (verdict.ok) this.broadcast(encode([MSG.ChatLine, session.playerId, session.name, verdict.text]));
    return verdict;
  }

  broadcastEvent(event: RoomEvent): void {
    const bytes = encode([MSG.Event, event]);
    this.rec?.event(bytes);
    this.broadcast(bytes);
  }

  /** The recording, while one runs. */
  get recording(): RoomRecording | null {
    return this.rec;
  }

  /**
   * Record the room from its next tick on (docs/replay.md). A recording from the room's first
   * tick can be re-simulated; one started later can be watched and checked, not re-simulated.
   */
  startRecording(rec: RoomRecording): void {
    if (this.disposed) throw new Error('room disposed');
    if (this.rec !== null) throw new Error('room already recording');
    this.rec = rec;
    this.tickInputs.rec = rec;
  }

  /** End the recording (flushed; resolves when it is on disk). */
  stopRecording(reason = 'stopped'): Promise<void> {
    const rec = this.rec;
    if (rec === null) return Promise.resolve();
    this.rec = null;
    this.tickInputs.rec = null;
    return rec.close(reason);
  }

  /** One message to every seated player: a native fan-out (uWS publish) when the transport has it. */
  broadcast(bytes: Uint8Array): void {
    if (this.deps.publish?.(this.topic, bytes)) {
      this.deps.stats.messagesOut += this.sessions.size;
      this.deps.stats.bytesOut += bytes.byteLength * this.sessions.size;
      return;
    }
    for (const s of this.sessions.values()) if (!s.conn.closed) this.sendTo(s, bytes);
  }

  /** The pub/sub topic every seated player's connection is subscribed to. */
  get topic(): string {
    return `room/${this.id}`;
  }

  private unsubscribe(session: ClientSession): void {
    session.conn.unsubscribe?.(this.topic);
    if (session.onStateTopic) session.conn.unsubscribe?.(this.stateFanout.topic);
    session.onStateTopic = false;
  }

  private welcome(session: ClientSession, reconnectToken: string, resumed: boolean): void {
    session.conn.subscribe?.(this.topic);
    const info: WelcomeInfo = {
      protocol: PROTOCOL_VERSION,
      roomId: this.id,
      playerId: session.playerId,
      tickRate: this.opts.tickRate,
      game: this.game.name,
      info: this.info,
      roomType: this.opts.type,
      reconnectToken,
      ...(this.code ? { code: this.code } : {}),
      resumed,
    };
    this.sendTo(session, encode([MSG.Welcome, info]));
  }

  private release(playerId: number): void {
    const token = this.seats.tokenOf(playerId);
    if (token !== undefined) this.seats.release(token);
    this.chatLimiter.forget(playerId);
  }

  private checkEmpty(nowMs: number = this.deps.clock.now()): void {
    if (this.occupancy(nowMs) > 0) {
      this.emptySinceMs = null;
    } else if (this.emptySinceMs === null && !this.disposed) {
      this.emptySinceMs = nowMs;
      this.deps.onEmpty(this);
    }
  }

  /** The game's announcements (the arena's kill feed) and the room type's onTick hook, after each step. */
  private afterStep(events: readonly unknown[]): void {
    const game = this.game;
    if (game.announce !== undefined) {
      for (const e of events) {
        const a = game.announce(e, this.nameOf);
        if (a !== null && a !== undefined) this.broadcastEvent({ type: 'announce', announcement: a });
      }
    }
    this.deps.hooks?.onTick?.(this, events);
  }

  /** A player's name by id: seated, or held for a reconnect ('?' when gone). */
  readonly nameOf = (playerId: number): string => {
    const s = this.sessions.get(playerId);
    if (s) return s.name;
    for (const h of this.seats.heldPlayers()) if (h.id === playerId) return h.name;
    return '?';
  };

  /** Queue an input object of the room's game for a session (tests and tools; the server queues the Input's numbers). */
  queueInput(session: ClientSession, input: Readonly<InputValues> & { seq: number }): boolean {
    return session.inputs.push(this.inputPlan, input);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loop.stop();
    void this.stopRecording('closed');
    for (const s of this.sessions.values()) s.room = null;
    this.sessions.clear();
    this.deps.hooks?.onDispose?.(this);
  }

  /**
   * A tick threw (a bug in the rules or a room type's hook): stop this room, tell its players
   * (1011), and leave every other room running.
   */
  private fail(err: unknown): void {
    this.loop.stop();
    void this.stopRecording('failed');
    this.deps.stats.roomsFailed++;
    console.error(JSON.stringify({ level: 'error', msg: 'room tick failed; room closed', roomId: this.id, error: String((err as Error)?.stack ?? err) }));
    for (const s of [...this.sessions.values()]) s.conn.close(1011, 'room failed');
    this.deps.onEmpty(this);
  }

  /** One tick: inputs → step → snapshot → one State message per client. */
  private runTick(): void {
    const inputs = this.tickInputs;
    const nowMs = this.deps.clock.now();
    // The tick the step makes: each input's view tick becomes its bounded rewind (lag compensation).
    const tick = this.tick + 1;
    inputs.begin(tick, nowMs);
    const events = this.game.step(this.world, inputs as unknown as InputsById<Record<string, number | boolean>>, 1 / this.opts.tickRate);
    this.tick = tick;
    if (events.length > 0) this.deps.onEvents?.(this, events);
    this.afterStep(events);
    const prev = this.snapshot;
    const next = this.snapshots.build(tick, prev, this.writeWorld);
    this.snapshot = next;
    this.sync.beginTick(prev, next);
    sendStates(this.sessions.values(), this.sync, this.sendLimits, this.deps.stats, nowMs, this.stateFanout);
    if (this.rec !== null) inputs.endRecordedTick(this.rec, tick, this.sync, nowMs);
  }

  private sendTo(s: ClientSession, bytes: Uint8Array): void {
    this.deps.stats.send(s.conn, bytes);
  }
}

/**
 * The step's inputs, taken from each player's queue when the step asks for them (it asks once per
 * player, in order, and applies them before asking for the next): every player's inputs go
 * through the same few reused objects, which stay in the cache, instead of objects of each queue
 * touched once a tick (measured with perf annotate: those were most of the tick's input cost).
 */
class QueuedInputs {
  /** Each seat's acknowledged input (the seat kind's ack fields), by player id: kept while a player is held. */
  readonly acks: SeatAcks = { seq: [], tick: [] };
  private appliedAt = 0;
  private nowMs = 0;
  private readonly lists: QueuedInput[][];
  /** By player id (ids are small): the step reaches a queue without touching its session. */
  private readonly queues: (InputQueue | undefined)[] = [];
  /** The room's recording: it gets the inputs of every list the step takes (endRecordedTick). */
  rec: RoomRecording | null = null;
  /** Where the inputs the step takes are gathered for the recording (rooms tick one at a time), and how far this tick's go. */
  private static block = new Float64Array(2048);
  private blockAt = 0;
  private readonly stride: number;

  constructor(private readonly plan: InputPlan) {
    this.lists = InputQueue.takenLists(plan);
    this.stride = inputStride(plan.nNum, plan.nButtons);
  }

  attach(playerId: number, queue: InputQueue): void {
    this.queues[playerId] = queue;
  }

  detach(playerId: number): void {
    this.queues[playerId] = undefined;
  }

  begin(appliedAt: number, nowMs: number): void {
    this.appliedAt = appliedAt;
    this.nowMs = nowMs;
    this.blockAt = 0;
  }

  /** A new player on this id: nothing acknowledged yet. */
  resetAck(playerId: number): void {
    this.acks.seq[playerId] = 0;
    this.acks.tick[playerId] = 0;
  }

  get(id: number): readonly QueuedInput[] | undefined {
    const q = this.queues[id];
    if (q === undefined) return undefined;
    const list = q.take(this.plan, this.appliedAt, this.nowMs, this.lists);
    if (list.length > 0) {
      this.acks.seq[id] = list[list.length - 1]!.seq;
      this.acks.tick[id] = this.appliedAt;
      if (this.rec !== null) this.noteTaken(id, list);
    }
    return list;
  }

  /** A player's inputs as the step took them, into this tick's block (see endRecordedTick). */
  private noteTaken(id: number, list: readonly QueuedInput[]): void {
    const n = list.length;
    const s = this.stride;
    let block = QueuedInputs.block;
    let at = this.blockAt;
    if (at + 2 + n * s > block.length) {
      const grown = new Float64Array(block.length * 2 + n * s);
      grown.set(block);
      QueuedInputs.block = block = grown;
    }
    block[at] = id;
    block[at + 1] = n;
    at += 2;
    for (let k = 0; k < n; k++, at += s) {
      const inp = list[k]!;
      block[at] = inp.seq;
      block[at + 1] = inp.rewindTicks;
      this.plan.store(inp, block, at + 2);
    }
    this.blockAt = at;
  }

  /**
   * The tick's end for the recording: with the inputs the step took, at once, as one block
   * gathered in a buffer all rooms share (rooms tick one at a time; it stays in the cache: see
   * RawStream.inputs).
   */
  endRecordedTick(rec: RoomRecording, tick: number, states: TickStates, nowMs: number): void {
    rec.endTick(tick, states, QueuedInputs.block, this.blockAt, nowMs);
    this.blockAt = 0;
  }
}
