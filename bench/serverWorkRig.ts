/**
 * One in-process game server for `bench:server-work`, without sockets or the kernel: a manual
 * clock and scheduler, a transport that only counts bytes, and `rooms × players` clients that
 * joined through the real message handler. `run` plays ticks and times the two halves of the
 * server's work per tick (the inputs' arrival, then the tick), and the main thread's CPU.
 * Several rigs can live in one process (the `--redis` comparison runs two, alternating).
 */
import { ManualClock } from '../shared/clock.ts';
import { encode } from '../shared/codec.ts';
import { MSG, PROTOCOL_VERSION } from '../shared/protocol.ts';
import { GameServer, DEFAULT_CONFIG, type GameServerConfig, type GameServerDeps } from '../server/GameServer.ts';
import type { Scheduler } from '../server/TickLoop.ts';
import type { Connection, SendResult, SocketHandlers, Transport, TransportOptions } from '../server/transport/types.ts';
import { GAMES } from '../games/index.ts';
import type { Room } from '../server/rooms/Room.ts';

export const TICK_RATE = 30;

class BenchConnection implements Connection {
  readonly remoteAddress = '127.0.0.1';
  readonly url = '/ws';
  closed = false;
  attachment: unknown = undefined;
  bytesOut = 0;
  constructor(readonly id: number) {}
  send(bytes: Uint8Array): SendResult {
    this.bytesOut += bytes.byteLength;
    return 'ok';
  }
  bufferedAmount(): number {
    return 0;
  }
  subscribe(): void {}
  unsubscribe(): void {}
  close(): void {
    this.closed = true;
  }
}

export interface RigOptions {
  mode: string;
  rooms: number;
  players: number;
  /** Config over the bench's (e.g. redisUrl, heartbeatMs for the cluster variant). */
  config?: Partial<GameServerConfig>;
  /** Dependencies over the bench's (e.g. the recordings' writer). */
  deps?: Partial<GameServerDeps>;
}

export interface RunResult {
  /** CPU time (µs) of the inputs' arrival and of the ticks, timed around each. */
  inputUs: number;
  tickUs: number;
  /**
   * The main thread's CPU time (user + system, µs) over the whole run, between the ticks too:
   * CPU, not wall time, so time the thread spent preempted by other processes is not in it.
   */
  threadUs: number;
  inputs: number;
  ticks: number;
}

export interface RunPacing {
  /** Yield to the event loop after every tick (timers and I/O run; outside the timed sections). */
  yieldEachTick?: boolean;
  /** Play at the game's pace: each tick starts 1/TICK_RATE s of wall time after the one before (threads beside the main one then do a live server's share of work, not the bench's many times that). */
  realTime?: boolean;
  /** Called after every TICK_RATE-th tick (one second of game time), outside the timed sections. */
  everySecond?: () => void;
}

/** Inputs are encoded before the run: 8 variants per client, seq and ackTick patched in place. */
const VARIANTS = 8;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The bench's manual scheduler: timers fire when `run` advances the clock past them. */
class ManualTimers implements Scheduler {
  private readonly due: { at: number; fn: () => void }[] = [];
  constructor(private readonly clock: ManualClock) {}
  schedule(fn: () => void, delayMs: number): () => void {
    const t = { at: this.clock.now() + delayMs, fn };
    this.due.push(t);
    return () => {
      const i = this.due.indexOf(t);
      if (i >= 0) this.due.splice(i, 1);
    };
  }
  fireDue(): void {
    for (const t of this.due.filter((x) => x.at <= this.clock.now())) {
      this.due.splice(this.due.indexOf(t), 1);
      t.fn();
    }
  }
}

export class ServerWorkRig {
  private readonly conns: BenchConnection[] = [];
  private templates: Uint8Array[][] = [];
  private seqs: number[] = [];
  private roomList: Room[] = [];
  /** Ticks played so far (warm-up included), for bytes per State. */
  ticksPlayed = 0;

  private constructor(
    readonly server: GameServer,
    private readonly handlers: SocketHandlers,
    private readonly clock: ManualClock,
    private readonly timers: ManualTimers,
    /** Bytes published to room topics (the shared States). */
    private readonly out: { published: number },
  ) {}

  static async create(opts: RigOptions): Promise<ServerWorkRig> {
    const clock = new ManualClock(1000);
    const timers = new ManualTimers(clock);
    const out = { published: 0 };
    let handlers = null as SocketHandlers | null;
    const transport = (_opts: TransportOptions, h: SocketHandlers): Transport => {
      handlers = h;
      return {
        listen: async () => 1,
        stopListening: () => {},
        closeAll: () => {},
        publish: (_topic, bytes) => void (out.published += bytes.byteLength),
        // As the uWS transport: inputs are offered to `take` first, their sender resolved in the tick.
        attachmentOf: (from) => (from as BenchConnection).attachment,
      };
    };
    const config: GameServerConfig = { ...DEFAULT_CONFIG, roomCapacity: opts.players, session: { messagesPerSec: 1e9, messageBurst: 1e9, maxViolationScore: 20 }, ...opts.config };
    const server = new GameServer(config, { clock, transport, scheduler: timers, games: GAMES, ...opts.deps });
    await server.start();
    if (handlers === null) throw new Error('the server did not open its transport');
    const rig = new ServerWorkRig(server, handlers, clock, timers, out);
    rig.joinClients(opts);
    return rig;
  }

  get published(): number {
    return this.out.published;
  }

  get clients(): number {
    return this.conns.length;
  }

  get rooms(): readonly Room[] {
    return this.roomList;
  }

  private joinClients(opts: RigOptions): void {
    const h = this.handlers;
    for (let i = 0; i < opts.rooms * opts.players; i++) {
      const c = new BenchConnection(i + 1);
      this.conns.push(c);
      h.open(c);
      h.message(c, encode([MSG.Join, PROTOCOL_VERSION, `b${i}`, opts.mode]), c.attachment);
    }
    // Each input acknowledges the room's last State, as a client that keeps up does: without it
    // the server would see every client fall behind and send catch-ups, not the steady state.
    this.templates = this.conns.map((_, i) =>
      Array.from({ length: VARIANTS }, (_, v) => {
        const a = (i * 0.7 + v * 0.8) % (2 * Math.PI);
        // seq as a uint32 (0xce) right after the array header and the type: bytes 2..6; ackTick
        // as a uint32 last: the last 4 bytes.
        return encode([MSG.Input, 0xfffffff0, Math.cos(i + v), Math.sin(i + v), a + 0.001, v === i % VARIANTS ? 1 : 0, 0xfffffff0]);
      }),
    );
    this.seqs = new Array<number>(this.conns.length).fill(0);
    this.roomList = this.server.rooms.publicRooms();
  }

  /** The rooms tick together; an ack past what a client was sent is clamped to it by the server. */
  private lastTick(): number {
    return this.roomList.reduce((m, r) => Math.max(m, r.tick), 0);
  }

  private inputBytes(i: number, t: number): Uint8Array {
    const b = this.templates[i]![t % VARIANTS]!;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    view.setUint32(3, ++this.seqs[i]!);
    view.setUint32(b.byteLength - 4, this.lastTick());
    return b;
  }

  /** What the uWS transport does with a message: offer it to `take`, else hand it to `message`. */
  readonly deliver = (c: Connection, b: Uint8Array): void => {
    if (!this.handlers.take?.(c, b)) this.handlers.message(c, b, c.attachment);
  };

  /**
   * Play `seconds` of game time. Without pacing nothing yields: the run is one synchronous stretch
   * (the returned promise is settled when it returns), so only the timed work runs in it.
   */
  async run(seconds: number, handle: (c: Connection, bytes: Uint8Array) => void, pacing: RunPacing = {}): Promise<RunResult> {
    let inputUs = 0;
    let tickUs = 0;
    let inputs = 0;
    let ticks = 0;
    const total = seconds * TICK_RATE;
    const cpu0 = process.threadCpuUsage();
    const start = performance.now();
    for (let t = 0; t < total; t++) {
      const msgs = this.conns.map((c, i) => [c, this.inputBytes(i, t)] as const);
      const t0 = performance.now();
      for (const [c, b] of msgs) handle(c, b);
      const t1 = performance.now();
      this.clock.advance(1000 / TICK_RATE);
      this.timers.fireDue();
      const t2 = performance.now();
      inputUs += (t1 - t0) * 1000;
      tickUs += (t2 - t1) * 1000;
      inputs += msgs.length;
      ticks++;
      if ((t + 1) % TICK_RATE === 0) pacing.everySecond?.();
      if (pacing.realTime) {
        const wait = start + ((t + 1) * 1000) / TICK_RATE - performance.now();
        await (wait > 1 ? new Promise<void>((resolve) => setTimeout(resolve, wait)) : nextTurn());
      } else if (pacing.yieldEachTick) await nextTurn();
    }
    const cpu = process.threadCpuUsage(cpu0);
    this.ticksPlayed += ticks;
    return { inputUs, tickUs, threadUs: cpu.user + cpu.system, inputs, ticks };
  }

  /** µs per client per tick. */
  perClientTick(us: number, ticks: number): number {
    return us / ticks / this.clients;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
