/**
 * The game server: takes connections from the transport, validates every message, seats
 * players in rooms and routes their inputs. Nothing a client sends can throw past this file:
 * each bad message gets an Error message with a code and is counted; a client that keeps
 * misbehaving is closed with CLOSE.TooManyErrors.
 */
import type { Clock } from '../shared/clock.ts';
import { encode, readNumberArray } from '../shared/codec.ts';
import { CLOSE, ERR, inputError, inputShapeError, LIMITS, MSG, PROTOCOL_VERSION, decodeClientMsg, sanitizeName, type ErrCode, type JoinTicket } from '../shared/protocol.ts';
import { ClientSession, sessionRowLength, type SessionLimits } from './ClientSession.ts';
import { strideFor } from './InputQueue.ts';
import { InputStage } from './InputStage.ts';
import { RowStore } from '../shared/util/rowStore.ts';
import { withNetSim } from './netsim/netSimTransport.ts';
import { MAX_BUFFER_TICKS } from './InputQueue.ts';
import { apiRoutes } from './http/api.ts';
import { limitKey, ProxyTrust } from './http/clientAddress.ts';
import { PublicEndpoint } from './http/publicEndpoint.ts';
import { ConnectionGate } from './ConnectionGate.ts';
import { Matchmaker } from './matchmaking/Matchmaker.ts';
import { randomBytes } from 'node:crypto';
import { ClusterNode } from './cluster/ClusterNode.ts';
import { roomForClaim } from './cluster/claimSeat.ts';
import { LocalDirectory } from './cluster/LocalDirectory.ts';
import { connectRedis } from './cluster/redisClient.ts';
import type { RoomDirectory } from './cluster/RoomDirectory.ts';
import { DEFAULT_RECORD, Recordings, type RecordConfig, type RecordingsLog } from './replay/Recordings.ts';
import type { ChunkWriter } from './replay/RecordingWriter.ts';
import { RoomManager } from './rooms/RoomManager.ts';
import type { Room } from './rooms/Room.ts';
import { ServerStats } from './ServerStats.ts';
import type { Scheduler } from './TickLoop.ts';
import { SharedScheduler } from './SharedScheduler.ts';
import type { Connection, Route, SocketHandlers, Transport, TransportOptions } from './transport/types.ts';
import type { AnyGame } from '../shared/game/GameDefinition.ts';

export interface GameServerConfig {
  host: string;
  port: number;
  /** Overrides every room type's tick rate (null: each game's own). */
  tickRate: number | null;
  /** Overrides the capacity of each game's default room type (null: the game's). */
  roomCapacity: number | null;
  /** Override the `width` and `height` parameters of each game's default room type that has them (null: the game's). */
  mapWidth: number | null;
  mapHeight: number | null;
  maxRooms: number;
  joinTimeoutMs: number;
  softBackpressureBytes: number;
  hardBackpressureBytes: number;
  session: SessionLimits;
  /** An unclaimed matchmaking seat is freed after this long. */
  seatExpiryMs: number;
  /** A player whose connection dropped is held this long for a reconnect (0: seat freed at once). */
  reconnectGraceMs: number;
  /** A room nobody holds a seat in is disposed after this long (0: at once). */
  emptyRoomTtlMs: number;
  /** Directory of the built client; null to serve no static files. */
  staticDir: string | null;
  /** Attach a checksum of each client's view to every State message; clients verify it. */
  debugChecksum: boolean;
  /** 'naive' sends full snapshots every tick (benchmark baseline only). */
  syncMode: 'delta' | 'naive';
  /** A client over the soft backpressure limit for this long without a break is closed (CLOSE.SlowReader). */
  slowReaderTimeoutMs: number;
  /** A client with more than this much state sent but unacknowledged gets no deltas until it catches up. */
  maxInFlightMs: number;
  /** Network simulator: round trip added to every connection (each direction: half), 0: off. */
  netSimLagMs: number;
  /** Network simulator: spread of that round trip (each direction: uniform ± half). */
  netSimJitterMs: number;
  /** Network simulator: % of seconds with a stall (a lost TCP segment: everything waits netSimStallMs), per direction. */
  netSimStallPercent: number;
  netSimStallMs: number;
  /** Network simulator: seed of its draws (the same seed and connection order: the same delays and stalls). */
  netSimSeed: number;
  /** Lag compensation: the most a shot is rewound to the shooter's view (0: off). */
  maxRewindMs: number;
  /** POST /api/matchmake calls allowed per client address: refill per second and burst. */
  matchmakePerSec: number;
  matchmakeBurst: number;
  /** At maxRooms, a room nobody has joined that is this old gives its place to a new room. */
  reclaimUnjoinedAfterMs: number;
  /** Unclaimed seats one client address may hold (then matchmake gets 429 TooManyPending). */
  maxPendingPerAddress: number;
  /** Rooms created by one address that nobody has joined yet (then 429 TooManyPending). */
  maxUnjoinedRoomsPerAddress: number;
  /** Open WebSockets one address may hold (then the upgrade gets HTTP 429); 0: no cap. */
  maxConnectionsPerAddress: number;
  /** Apply the per-address caps to loopback addresses too (exempt by default: load tests, a local proxy). */
  limitLoopback: boolean;
  /** The HTTP base URL clients use (https://game.example.com): wsUrl and the default allowed origin. null: local use. */
  publicUrl: string | null;
  /** Page origins allowed to open game sessions (Origin of the upgrade); empty: the default (see PublicEndpoint); '*': all. */
  allowedOrigins: readonly string[];
  /** Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed. */
  trustProxy: readonly string[];
  /** The server serves TLS itself (wss:// in wsUrl when no public URL is set). */
  secure: boolean;
  /** Redis of the cluster's room directory (redis://host:port); null: rooms in memory, this process only. */
  redisUrl: string | null;
  /** This node's id in the cluster and in /api/rooms; '' : generated at start. */
  nodeId: string;
  /** Cluster: heartbeat period, and how long a silent node stays registered. */
  heartbeatMs: number;
  nodeTtlMs: number;
  /** Cluster: a Redis command not answered within this long fails (matchmaking answers 503). */
  redisCommandTimeoutMs: number;
  /** Room recordings (docs/replay.md): where they go, which rooms, the caps. */
  record: RecordConfig;
}

export const DEFAULT_CONFIG: GameServerConfig = {
  host: '0.0.0.0',
  port: 8080,
  tickRate: null,
  roomCapacity: null,
  mapWidth: null,
  mapHeight: null,
  maxRooms: 500,
  joinTimeoutMs: 10_000,
  softBackpressureBytes: 64 * 1024,
  hardBackpressureBytes: 1024 * 1024,
  session: { messagesPerSec: 120, messageBurst: 120, maxViolationScore: 20, maxOverRateMs: 5000, maxInputBufferTicks: MAX_BUFFER_TICKS },
  seatExpiryMs: 15_000,
  reconnectGraceMs: 20_000,
  emptyRoomTtlMs: 1_000,
  staticDir: null,
  debugChecksum: false,
  syncMode: 'delta',
  slowReaderTimeoutMs: 10_000,
  maxInFlightMs: 1_000,
  netSimLagMs: 0,
  netSimJitterMs: 0,
  netSimStallPercent: 0,
  netSimStallMs: 200,
  netSimSeed: 1,
  maxRewindMs: 400,
  // Generous enough for a load test of 2000 bots ramping at 200/s from one machine.
  matchmakePerSec: 200,
  matchmakeBurst: 2000,
  reclaimUnjoinedAfterMs: 3000,
  maxPendingPerAddress: 32,
  maxUnjoinedRoomsPerAddress: 4,
  maxConnectionsPerAddress: 64,
  limitLoopback: false,
  publicUrl: null,
  allowedOrigins: [],
  trustProxy: [],
  secure: false,
  redisUrl: null,
  nodeId: '',
  heartbeatMs: 1000,
  nodeTtlMs: 3000,
  redisCommandTimeoutMs: 1000,
  record: DEFAULT_RECORD,
};

/** Inputs staged at most between two drains (about 20 ticks' worth from 500 clients), and the largest staged. */
const STAGE_CAPACITY = 10_000;
const STAGE_MAX_MESSAGE_BYTES = 64;
/** With no room ticking, staged inputs are handled this long after the first (a client not yet joined gets its error). */
const STALE_INPUT_MS = 50;
const WS_PATH = '/ws';

/** Close codes of a connection lost rather than ended: the player is held for a reconnect. */
const HOLD_ON_CLOSE: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 1013, 1014, CLOSE.SlowReader, CLOSE.ClientStalled]);
/** 1001 from a client is a browser closing a page's socket (closed tab, reload, navigation): held as briefly as a Leave that says it is unloading, in case that Leave was lost. */
const CLIENT_GOING_AWAY = 1001;

export type TransportFactory = (opts: TransportOptions, handlers: SocketHandlers) => Transport;

export interface GameServerDeps {
  clock: Clock;
  transport: TransportFactory;
  scheduler?: Scheduler;
  /** Extra HTTP routes (API, metrics, admin), registered before the static fallback. */
  routes?: Route[];
  fallback?: TransportOptions['fallback'];
  onEvents?: (room: Room, events: readonly unknown[]) => void;
  /** The games this server hosts: every room variant of each is a room type (mode). */
  games: readonly AnyGame[];
  /** Lifecycle hooks (structured logs in server/ops). */
  hooks?: ServerHooks;
  /** Where the recordings' own events are logged (start, failure, pruning). */
  recordingLog?: RecordingsLog;
  /** Where recording files are written (default: the writer thread; a bench's sink). */
  recordingWriter?: ChunkWriter;
}

/** Called after the fact; none may throw. */
export interface ServerHooks {
  joined?(room: Room, session: ClientSession): void;
  left?(room: Room, session: ClientSession, code: number): void;
  roomCreated?(room: Room): void;
  roomDisposed?(room: Room): void;
  /** A client message was refused (logged at debug level: a flood must not flood the logs). */
  rejected?(session: ClientSession, code: ErrCode, reason: string): void;
}

export class GameServer {
  readonly stats = new ServerStats();
  readonly rooms: RoomManager;
  /** Room recordings (docs/replay.md). */
  readonly recordings: Recordings;
  readonly matchmaker: Matchmaker;
  /** Origin and per-address connection cap at the upgrade. */
  readonly gate: ConnectionGate;
  /** Where clients reach the server: allowed origins, wsUrl. */
  readonly endpoint: PublicEndpoint;
  private readonly proxies: ProxyTrust;
  readonly sessions = new Map<number, ClientSession>();
  /** Scratch for an incoming Input's numbers (see onMessage). */
  private readonly numbers = new Float64Array(8);
  /** Every client's input queue and per-message figures, as rows of one store (see RowStore). */
  /** Doubles per queued input: room for the largest input of the hosted games. */
  private readonly inputStride: number;
  private readonly clientRows: RowStore;
  /**
   * Inputs from their arrival to the next tick (see InputStage), with their sender as the
   * transport's opaque reference (SocketHandlers.take), resolved only then. Drained before any
   * room ticks, before any other message is handled and before a close (so a client's messages
   * keep their order), when full, and, with no room ticking, STALE_INPUT_MS after the first.
   */
  private readonly stage = new InputStage<object, ClientSession | null>(STAGE_CAPACITY, STAGE_MAX_MESSAGE_BYTES);
  /** The transport, when it resolves the senders of staged inputs (see take); null: inputs are not staged. */
  private staging: (Transport & { attachmentOf(from: object): unknown }) | null = null;
  /** A staged input's session (null: gone), read in the stage's one pass over its senders (see InputStage.drain). */
  private readonly resolveStaged = (from: object): ClientSession | null => {
    const s = this.staging!.attachmentOf(from);
    return s instanceof ClientSession && !s.released ? s : null;
  };
  private readonly handleStaged = (s: ClientSession | null, bytes: Uint8Array, start: number, end: number, atMs: number): void => {
    if (s !== null) this.handle(s, bytes, start, end, atMs);
  };
  private transport: Transport | null = null;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  /** Armed when an input is staged while no room ticks (see onTake); idle, the server sets no timer. */
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  port = 0;
  /** Draining (shutdown, admin drain): no new rooms or seats, plain joins refused with CLOSE.GoingAway, /readyz 503. */
  draining = false;
  /** This node's id (--node-id, or generated). */
  readonly nodeId: string;
  /** The node's side of the cluster (with --redis); null: rooms in memory only. */
  readonly cluster: ClusterNode | null;
  /** Where /api/rooms and /api/matchmake look: the cluster, or this process. */
  readonly directory: RoomDirectory;

  constructor(
    readonly config: GameServerConfig,
    private readonly deps: GameServerDeps,
  ) {
    this.inputStride = strideFor(Math.max(0, ...deps.games.map((g) => g.input.numeric.length)));
    this.clientRows = new RowStore(sessionRowLength(this.inputStride), 256);
    this.recordings = new Recordings(config.record, deps.recordingLog ?? null, deps.recordingWriter);
    this.rooms = new RoomManager(
      {
        maxRooms: config.maxRooms,
        softBackpressureBytes: config.softBackpressureBytes,
        hardBackpressureBytes: config.hardBackpressureBytes,
        emptyRoomTtlMs: config.emptyRoomTtlMs,
        reconnectGraceMs: config.reconnectGraceMs,
        checksum: config.debugChecksum,
        slowReaderTimeoutMs: config.slowReaderTimeoutMs,
        maxInFlightMs: config.maxInFlightMs,
        reclaimUnjoinedAfterMs: config.reclaimUnjoinedAfterMs,
      },
      {
        clock: deps.clock,
        stats: this.stats,
        // Without an injected scheduler, every room's loop shares one timer on a common grid.
        ...(deps.scheduler ? { scheduler: deps.scheduler } : { scheduler: new SharedScheduler(deps.clock), alignTicks: true }),
        ...(deps.onEvents ? { onEvents: deps.onEvents } : {}),
        onCreated: (room) => {
          this.recordings.roomCreated(room);
          this.deps.hooks?.roomCreated?.(room);
        },
        beforeTick: () => this.drainInputs(),
        publish: (topic, bytes) => {
          if (!this.transport?.publish) return false;
          this.transport.publish(topic, bytes);
          return true;
        },
        onDisposed: (room) => this.deps.hooks?.roomDisposed?.(room),
      },
    );
    for (const game of deps.games) this.registerGame(game);
    this.proxies = new ProxyTrust(config.trustProxy);
    this.endpoint = new PublicEndpoint({
      publicUrl: config.publicUrl,
      allowedOrigins: config.allowedOrigins,
      host: config.host,
      port: () => this.port || config.port,
      secure: config.secure,
      wsPath: WS_PATH,
    });
    this.gate = new ConnectionGate({ maxConnectionsPerAddress: config.maxConnectionsPerAddress, limitLoopback: config.limitLoopback }, this.endpoint, this.proxies);
    this.matchmaker = new Matchmaker(
      this.rooms,
      { seatExpiryMs: config.seatExpiryMs, maxPendingPerAddress: config.maxPendingPerAddress, maxUnjoinedRoomsPerAddress: config.maxUnjoinedRoomsPerAddress },
      { clock: deps.clock, accepting: () => !this.draining, limited: (address) => this.gate.limited(address) },
    );
    this.nodeId = config.nodeId || `node-${randomBytes(4).toString('hex')}`;
    this.cluster = config.redisUrl
      ? new ClusterNode(
          { nodeId: this.nodeId, heartbeatMs: config.heartbeatMs, nodeTtlMs: config.nodeTtlMs, seatExpiryMs: config.seatExpiryMs, maxRooms: config.maxRooms, quota: { maxPendingPerAddress: config.maxPendingPerAddress, maxUnjoinedRoomsPerAddress: config.maxUnjoinedRoomsPerAddress } },
          {
            limited: (address) => this.gate.limited(address),
            link: connectRedis(config.redisUrl, { commandTimeoutMs: config.redisCommandTimeoutMs }),
            rooms: this.rooms,
            wsUrl: () => this.endpoint.wsUrl(undefined, null),
            draining: () => this.draining,
            load: () => this.sessions.size,
          },
        )
      : null;
    this.directory = this.cluster ?? new LocalDirectory(this.rooms, this.matchmaker, deps.clock, this.nodeId);
  }

  async start(): Promise<number> {
    const handlers: SocketHandlers = {
      open: (conn) => this.onOpen(conn),
      message: (_conn, bytes, attachment) => this.onMessage(bytes, attachment),
      take: (from, bytes) => this.onTake(from, bytes),
      close: (conn, code) => this.onClose(conn, code),
      drain: () => {},
    };
    // The network simulator, when on, sits between the transport and the game (per-connection delays).
    const schedule = this.deps.scheduler;
    const transport = withNetSim(
      this.deps.transport,
      { lagMs: this.config.netSimLagMs, jitterMs: this.config.netSimJitterMs, stallSecondChance: this.config.netSimStallPercent / 100, stallMs: this.config.netSimStallMs, seed: this.config.netSimSeed },
      { clock: this.deps.clock, ...(schedule ? { schedule: (fn: () => void, ms: number) => schedule.schedule(fn, ms) } : {}) },
    );
    this.transport = transport(
      {
        host: this.config.host,
        port: this.config.port,
        wsPath: WS_PATH,
        maxFrameBytes: LIMITS.maxFrameBytes,
        maxBackpressureBytes: this.config.hardBackpressureBytes * 2,
        idleTimeoutSec: 60,
        maxBodyBytes: 64 * 1024,
        upgrade: (req) => this.gate.check(req),
        routes: [
          ...apiRoutes({
            directory: this.directory,
            clock: this.deps.clock,
            matchmakeLimit: { perSec: this.config.matchmakePerSec, burst: this.config.matchmakeBurst },
            // The limits' key of the client's address (an IPv6 client counts with its /64).
            clientAddress: (req) => limitKey(this.proxies.clientAddress(req.remoteAddress, req.headers.get('x-forwarded-for'))),
            wsUrl: (req) => this.endpoint.wsUrl(req.headers.get('host'), this.proxies.forwardedProto(req.remoteAddress, req.headers.get('x-forwarded-proto'))),
            allowsOrigin: (origin) => this.endpoint.allowsOrigin(origin),
            onRefused: (code) => this.stats.matchmakeRefusedWith(code),
          }),
          ...(this.deps.routes ?? []),
        ],
        ...(this.deps.fallback ? { fallback: this.deps.fallback } : {}),
      },
      handlers,
    );
    // Inputs are staged when the transport can resolve their senders later (see take).
    const t = this.transport;
    this.staging = t.attachmentOf !== undefined ? (t as Transport & { attachmentOf(from: object): unknown }) : null;
    this.port = await this.transport.listen();
    this.sweepTimer = setInterval(() => this.sweep(), 1000);
    this.sweepTimer.unref?.();
    this.cluster?.start();
    return this.port;
  }

  /** Close every client with `code`, stop every room and the listener. */
  async stop(code: number = CLOSE.GoingAway, reason = 'server shutting down'): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.sweepTimer = null;
    this.staleTimer = null;
    this.drainInputs();
    // Every recording ends with its room's last tick, and is on disk before the process exits.
    const recordings = this.recordings.closeAll('shutdown');
    this.rooms.disposeAll();
    this.transport?.closeAll(code, reason);
    this.transport = null;
    await this.cluster?.stop();
    await recordings;
  }

  private onOpen(conn: Connection): void {
    this.stats.connectionsOpened++;
    this.gate.opened(conn.remoteAddress);
    const s = new ClientSession(conn, this.config.session, this.deps.clock.now(), this.clientRows, this.inputStride);
    conn.attachment = s;
    this.sessions.set(conn.id, s);
  }

  private onClose(conn: Connection, code: number): void {
    this.drainInputs(); // the client's last inputs first, while its session is whole
    this.stats.closed(code);
    this.gate.closed(conn.remoteAddress);
    const s = this.sessions.get(conn.id);
    if (!s) return;
    this.sessions.delete(conn.id);
    conn.attachment = undefined;
    s.release();
    const room = s.room;
    // A dropped connection holds the player for a reconnect; a deliberate or forced close frees the seat.
    if (code === CLIENT_GOING_AWAY) room?.disconnect(s, LIMITS.unloadHoldMs);
    else if (HOLD_ON_CLOSE.has(code)) room?.disconnect(s);
    else room?.leave(s, 'closed');
    if (room) this.afterLeave(room, s, code);
  }

  private afterLeave(room: Room, s: ClientSession, code: number): void {
    this.deps.hooks?.left?.(room, s, code);
  }

  /**
   * An Input (a fixarray whose first element is MSG.Input) waits in the stage for the tick, with
   * its sender unread; anything else (false) comes to onMessage.
   */
  private onTake(from: object, bytes: Uint8Array): boolean {
    if (this.staging === null || bytes[1] !== MSG.Input || (bytes[0]! & 0xf0) !== 0x90) return false;
    const now = this.deps.clock.now();
    if (!this.stage.push(from, bytes, now)) {
      this.drainInputs();
      if (!this.stage.push(from, bytes, now)) return false; // too large to stage: handled at once
    }
    this.stats.messagesIn++;
    this.stats.bytesIn += bytes.byteLength;
    // The first input staged since a drain, and no room to drain the stage at its tick (clients
    // not yet joined, say): a timer does.
    if (this.stage.size === 1 && this.rooms.rooms.size === 0 && this.staleTimer === null) {
      this.staleTimer = setTimeout(() => {
        this.staleTimer = null;
        this.drainInputs();
      }, STALE_INPUT_MS);
      this.staleTimer.unref?.();
    }
    return true;
  }

  /** `s` is conn.attachment (see SocketHandlers.message); the transport delivers nothing after a close. */
  private onMessage(bytes: Uint8Array, s: unknown): void {
    this.stats.messagesIn++;
    this.stats.bytesIn += bytes.byteLength;
    const now = this.deps.clock.now();
    this.drainInputs(); // what the stage holds came first
    this.handle(s, bytes, 0, bytes.length, now);
  }

  /** Handle every staged input now (see stage). */
  /**
   * Host a game: each of its room variants becomes a room type (mode). The server's --tick-rate
   * applies to all of them; --room-capacity and --map-width/--map-height to the game's default
   * variant (its parameters' `width` and `height`, when it has them).
   */
  registerGame(game: AnyGame): void {
    const c = this.config;
    for (const [mode, shape] of Object.entries(game.rooms)) {
      const isDefault = mode === game.name;
      let params = shape.params;
      if (isDefault && params !== null && typeof params === 'object') {
        const p = params as Record<string, unknown>;
        if (c.mapWidth !== null && typeof p['width'] === 'number') params = { ...(params as object), width: c.mapWidth };
        if (c.mapHeight !== null && typeof p['height'] === 'number') params = { ...(params as object), height: c.mapHeight };
      }
      this.rooms.registerRoomType(mode, {
        game,
        capacity: isDefault && c.roomCapacity !== null ? c.roomCapacity : shape.capacity,
        tickRate: c.tickRate ?? shape.tickRate,
        params,
        sync: { mode: c.syncMode, ...(shape.aoi ? { aoi: { margin: 0, ...shape.aoi } } : {}) },
      });
    }
  }

  drainInputs(): void {
    this.stage.drain(this.resolveStaged, this.handleStaged);
  }

  /**
   * One message, bytes[start, end), that arrived at `now` from the client whose session is `s`.
   * Never throws: a message whose handling fails is logged and counted, and the others go on.
   */
  private handle(s: unknown, bytes: Uint8Array, start: number, end: number, now: number): void {
    // (A session released since its input was staged: the client is gone, and so is its input.)
    if (!(s instanceof ClientSession) || s.released) return;
    try {
      this.handleFrom(s, bytes, start, end, now);
    } catch (err) {
      this.stats.messagesFailed++;
      console.error(JSON.stringify({ level: 'error', msg: 'client message handling failed', conn: s.conn.id, error: String((err as Error)?.stack ?? err) }));
    }
  }

  private handleFrom(s: ClientSession, bytes: Uint8Array, start: number, end: number, now: number): void {
    if (!s.takeToken(now)) {
      this.stats.reject(ERR.RateLimited);
      if (s.overRate(now)) {
        s.conn.close(CLOSE.MessageFlood, 'over the message rate for too long');
        return;
      }
      // One notice per second at most, so a flood is not answered by a flood.
      if (now - s.lastRateLimitNoticeMs >= 1000) {
        s.lastRateLimitNoticeMs = now;
        this.send(s, [MSG.Error, ERR.RateLimited, 'too many messages: excess dropped']);
        if (s.violation(now)) s.conn.close(CLOSE.TooManyErrors, 'too many bad messages');
      }
      return;
    }
    if (end - start > LIMITS.maxMessageBytes) {
      return this.reject(s, ERR.Oversize, `message of ${end - start} bytes exceeds ${LIMITS.maxMessageBytes}`);
    }
    // Inputs, 30 a second from every client, are read without allocating; anything else is decoded.
    const v = this.numbers;
    const n = readNumberArray(bytes, v, start, end);
    if (n > 0 && v[0] === MSG.Input) return this.onInput(s, v, n, now);
    // Anything else comes through the strict decoder: untrusted bytes never reach msgpackr.
    const parsed = decodeClientMsg(bytes, start, end);
    if (!parsed.ok) return this.reject(s, parsed.code, parsed.reason);
    const msg = parsed.msg;
    switch (msg[0]) {
      case MSG.Join:
        return this.onJoin(s, msg[1], msg[2], msg[3], msg[4]);
      case MSG.Input: {
        // (Numbers that readNumberArray did not take, such as 64-bit integers: the same checks.)
        for (let i = 0; i < msg.length && i < v.length; i++) v[i] = msg[i]!;
        return this.onInput(s, v, Math.min(msg.length, v.length), now);
      }
      case MSG.Ping:
        this.send(s, s.room ? [MSG.Pong, msg[1], Math.round(now), s.room.tick, s.inputs.timingReport()] : [MSG.Pong, msg[1], Math.round(now), 0]);
        return;
      case MSG.Resync:
        s.needsFull = true;
        return;
      case MSG.Leave: {
        const room = s.room;
        // A page going away (maybe a reload) is held briefly; a plain Leave frees the seat now.
        if (msg[1] === 1) room?.disconnect(s, LIMITS.unloadHoldMs);
        else room?.leave(s);
        if (room) this.afterLeave(room, s, CLOSE.Normal);
        s.conn.close(CLOSE.Normal, 'left');
        return;
      }
      case MSG.Chat: {
        if (!s.room) return this.reject(s, ERR.NotJoined, 'chat before join');
        const verdict = s.room.chat(s, msg[1], now);
        if (!verdict.ok && verdict.reason === 'rate') this.send(s, [MSG.Error, ERR.RateLimited, 'chat: too many lines, wait a moment']);
        return;
      }
    }
  }

  /** An Input's numbers, v[0 .. n − 1] = [2, seq, …the game's fields, buttons, ackTick?, viewTick10?]. */
  private onInput(s: ClientSession, v: Float64Array, n: number, now: number): void {
    // `=== null`, not `!s.room`: an object's truthiness reads its map (a touch of the room, on
    // the path every input takes).
    const room = s.room;
    if (room === null) {
      const bad = inputShapeError(v, n);
      return bad !== null ? this.reject(s, ERR.BadField, bad) : this.reject(s, ERR.NotJoined, 'input before join');
    }
    const plan = room.inputPlan;
    const bad = inputError(v, n, plan.nNum);
    if (bad !== null) return this.reject(s, ERR.BadField, bad);
    const tail = 3 + plan.nNum; // index of ackTick
    const viewTick10 = n > tail + 1 ? v[tail + 1]! : 0;
    // Lag compensation: the client cannot have shown a tick it was not sent yet.
    const viewTick = viewTick10 > 0 ? Math.min(viewTick10 / 10, s.baseline.tick) : 0;
    s.queueInput(plan, v[1]!, v, 2, viewTick, now);
    s.acknowledge(n > tail ? v[tail]! : 0, now);
  }

  private onJoin(s: ClientSession, version: number, rawName: string, mode: string, ticket?: JoinTicket): void {
    if (s.room || s.joinPending) return this.reject(s, ERR.AlreadyJoined, 'already in a room');
    if (version !== PROTOCOL_VERSION) {
      this.stats.reject(ERR.VersionMismatch);
      const text = `protocol version ${version} is not supported; this server speaks version ${PROTOCOL_VERSION}`;
      this.send(s, [MSG.Error, ERR.VersionMismatch, text]);
      s.conn.close(CLOSE.ProtocolVersion, text);
      return;
    }
    // Draining: no new seats, but a seat reserved before and a held player's resume are honoured
    // (the drain's deadline moves them on; see ops/drain.ts).
    if (this.draining && ticket === undefined) {
      this.stats.reject(ERR.RoomUnavailable);
      this.send(s, [MSG.Error, ERR.RoomUnavailable, 'server is shutting down']);
      s.conn.close(CLOSE.GoingAway, 'server shutting down');
      return;
    }
    const name = sanitizeName(rawName);
    // In a cluster a seat is claimed from the directory (it may have been reserved on any node).
    if (this.cluster !== null && ticket?.seat !== undefined) return void this.joinClusterSeat(this.cluster, s, name, ticket.seat);
    const admitted = this.matchmaker.admit(mode, name, ticket);
    if (!admitted.ok) {
      this.stats.reject(admitted.code);
      this.send(s, [MSG.Error, admitted.code, admitted.message]);
      s.conn.close(admitted.close, admitted.message);
      return;
    }
    const { room, resumeToken } = admitted;
    if (resumeToken === null) room.join(s, name);
    else if (!room.resume(s, resumeToken)) {
      this.stats.reject(ERR.ReconnectRefused);
      this.send(s, [MSG.Error, ERR.ReconnectRefused, 'reconnect refused: the grace period is over']);
      s.conn.close(CLOSE.ReconnectRefused, 'reconnect refused');
      return;
    }
    this.joined(s, room);
  }

  /**
   * Claim a seat of the cluster's directory (only the node that owns the room can), create the
   * room here at its first claim, and seat the player. The client waits for its Welcome.
   */
  private async joinClusterSeat(cluster: ClusterNode, s: ClientSession, name: string, seat: string): Promise<void> {
    s.joinPending = true;
    const claim = await cluster.claim(seat);
    s.joinPending = false;
    try {
      if (s.released || s.room !== null) return; // the client left meanwhile (its claimed seat is freed by the next heartbeat)
      if (!claim.ok) {
        const [code, text] =
          claim.reason === 'unavailable'
            ? [ERR.ClusterUnavailable, 'the room directory (Redis) is unreachable: matchmake again in a few seconds']
            : [ERR.SeatInvalid, claim.reason === 'node' ? 'seat refused: this seat belongs to another node (use the wsUrl of the reservation)' : 'seat refused: unknown, already used or expired; matchmake again'];
        this.stats.reject(code);
        this.send(s, [MSG.Error, code, text]);
        s.conn.close(claim.reason === 'unavailable' ? CLOSE.RoomUnavailable : CLOSE.SeatRefused, text);
        return;
      }
      // The room (created here at its first claim) and the room type's admission with the request's options.
      const seated = roomForClaim(this.rooms, claim);
      if (!seated.ok) {
        this.stats.reject(seated.code);
        this.send(s, [MSG.Error, seated.code, seated.message]);
        s.conn.close(seated.close, seated.message);
        return;
      }
      const { room } = seated;
      room.join(s, name);
      this.joined(s, room);
    } finally {
      if (claim.ok) cluster.claimed(claim.roomId);
    }
  }

  private joined(s: ClientSession, room: Room): void {
    // The queue's lag-compensation bound and tick interval, once per room (not per input).
    s.inputs.maxRewindTicks = (this.config.maxRewindMs * room.opts.tickRate) / 1000;
    s.inputs.tickMs = 1000 / room.opts.tickRate;
    this.deps.hooks?.joined?.(room, s);
  }

  private reject(s: ClientSession, code: ErrCode, reason: string): void {
    this.stats.reject(code);
    this.deps.hooks?.rejected?.(s, code, reason);
    this.send(s, [MSG.Error, code, reason]);
    if (s.violation(this.deps.clock.now())) s.conn.close(CLOSE.TooManyErrors, 'too many bad messages');
  }

  private send(s: ClientSession, msg: unknown[]): void {
    this.stats.send(s.conn, encode(msg));
  }

  /** Handle staged inputs; close connections that never joined; expire seats and held players; dispose empty rooms. */
  private sweep(): void {
    const now = this.deps.clock.now();
    // (Inputs staged while a room existed that was then disposed before its next tick wait no longer than this.)
    this.drainInputs();
    this.rooms.sweep(now);
    this.matchmaker.quota.sweep(now);
    for (const s of this.sessions.values()) {
      if (!s.joined && now - s.connectedAtMs > this.config.joinTimeoutMs) s.conn.close(CLOSE.JoinTimeout, 'no join message in time');
    }
  }
}
