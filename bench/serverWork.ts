/**
 * The server's own work per client, in process, without sockets or the kernel: what scenario A's
 * server does in JavaScript for one client per tick (one Input staged on arrival and handled in the
 * tick, as the uWS transport and the game server do, and its share of a 50-player
 * room's tick: step, snapshot, sync, the State handed to the transport). The end-to-end bench
 * (`npm run bench`) measures the same work plus the transport on a noisy machine; this one
 * isolates it, so a change to the hot paths can be measured to a fraction of a microsecond.
 * Baseline in the same run: the transport's own share of an input (a call into the message
 * handler that does nothing, as the ceiling server's).
 *
 *   npm run bench:server-work [-- --rooms 10 --players 50 --seconds 6]
 *   npm run bench:server-work -- --mode arena-large --rooms 1 --players 300   (interest management)
 */
import { ManualClock } from '../shared/clock.ts';
import { encode } from '../shared/codec.ts';
import { MSG, PROTOCOL_VERSION } from '../shared/protocol.ts';
import { GameServer, DEFAULT_CONFIG } from '../server/GameServer.ts';
import type { Scheduler } from '../server/TickLoop.ts';
import type { Connection, SendResult, SocketHandlers, Transport, TransportOptions } from '../server/transport/types.ts';
import { flag, numberFlag } from './args.ts';
import { GAMES } from '../games/index.ts';
import type { World } from '../games/arena/shared/world.ts';

const ROOMS = numberFlag('rooms', 10);
const PLAYERS = numberFlag('players', 50);
const SECONDS = numberFlag('seconds', 6);
const MODE = flag('mode') ?? 'arena';
const TICK_RATE = 30;

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

const clock = new ManualClock(1000);
const timers: { at: number; fn: () => void }[] = [];
const scheduler: Scheduler = {
  schedule: (fn, delayMs) => {
    const t = { at: clock.now() + delayMs, fn };
    timers.push(t);
    return () => {
      const i = timers.indexOf(t);
      if (i >= 0) timers.splice(i, 1);
    };
  },
};
let handlers: SocketHandlers | null = null;
let published = 0;
const transport = (_opts: TransportOptions, h: SocketHandlers): Transport => {
  handlers = h;
  return {
    listen: async () => 1,
    stopListening: () => {},
    closeAll: () => {},
    publish: (_topic, bytes) => void (published += bytes.byteLength),
    // As the uWS transport: inputs are offered to `take` first, their sender resolved in the tick.
    attachmentOf: (from) => (from as BenchConnection).attachment,
  };
};
const server = new GameServer({ ...DEFAULT_CONFIG, roomCapacity: PLAYERS, session: { messagesPerSec: 1e9, messageBurst: 1e9, maxViolationScore: 20 } }, { clock, transport, scheduler, games: GAMES });
await server.start();
const h = handlers!;
const conns: BenchConnection[] = [];
for (let i = 0; i < ROOMS * PLAYERS; i++) {
  const c = new BenchConnection(i + 1);
  conns.push(c);
  h.open(c);
  h.message(c, encode([MSG.Join, PROTOCOL_VERSION, `b${i}`, MODE]), c.attachment);
}
// Inputs are encoded before the run (8 variants per client, seq and ackTick patched in place),
// so the measured section and its garbage collection are the server's alone. Each input
// acknowledges the room's last State, as a client that keeps up does: without it the server
// would see every client fall behind and send catch-ups, which is not the steady state.
const VARIANTS = 8;
const templates = conns.map((_, i) =>
  Array.from({ length: VARIANTS }, (_, v) => {
    const a = (i * 0.7 + v * 0.8) % (2 * Math.PI);
    // seq as a uint32 (0xce) right after the array header and the type: bytes 2..6; ackTick
    // as a uint32 last: the last 4 bytes.
    return encode([MSG.Input, 0xfffffff0, Math.cos(i + v), Math.sin(i + v), a + 0.001, v === i % VARIANTS ? 1 : 0, 0xfffffff0]);
  }),
);
const seqs = new Array<number>(conns.length).fill(0);
const rooms = server.rooms.publicRooms();
// The rooms tick together; an ack past what a client was sent is clamped to it by the server.
const lastTick = (): number => rooms.reduce((m, r) => Math.max(m, r.tick), 0);
const inputBytes = (i: number, t: number): Uint8Array => {
  const b = templates[i]![t % VARIANTS]!;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  view.setUint32(3, ++seqs[i]!);
  view.setUint32(b.byteLength - 4, lastTick());
  return b;
};
/** Run ticks for `seconds` of game time; returns the CPU time of inputs and of ticks (µs). */
function run(seconds: number, handle: (c: Connection, bytes: Uint8Array) => void): { inputUs: number; tickUs: number; inputs: number; ticks: number } {
  let inputUs = 0;
  let tickUs = 0;
  let inputs = 0;
  let ticks = 0;
  const total = seconds * TICK_RATE;
  for (let t = 0; t < total; t++) {
    const msgs = conns.map((c, i) => [c, inputBytes(i, t)] as const);
    const t0 = performance.now();
    for (const [c, b] of msgs) handle(c, b);
    const t1 = performance.now();
    clock.advance(1000 / TICK_RATE);
    for (const tm of timers.filter((x) => x.at <= clock.now())) {
      timers.splice(timers.indexOf(tm), 1);
      tm.fn();
    }
    const t2 = performance.now();
    inputUs += (t1 - t0) * 1000;
    tickUs += (t2 - t1) * 1000;
    inputs += msgs.length;
    ticks++;
  }
  return { inputUs, tickUs, inputs, ticks };
}
/** What the uWS transport does with a message: offer it to `take`, else hand it to `message`. */
const deliver = (c: Connection, b: Uint8Array): void => {
  if (!h.take?.(c, b)) h.message(c, b, c.attachment);
};
run(2, deliver); // warm up (JIT)
let noop = 0;
const base = run(SECONDS, (_c, b) => void (noop += b.length)); // the ceiling's handler: nothing
const real = run(SECONDS, deliver);
const clients = conns.length;
const perClientTick = (us: number, ticks: number): number => us / ticks / clients;
console.log(`server work per client per tick (${MODE}: ${ROOMS} rooms × ${PLAYERS} players, ${SECONDS} s of game at ${TICK_RATE} Hz, Node ${process.version}):`);
console.log(`  input arrival       ${perClientTick(real.inputUs, real.ticks).toFixed(3)} µs   (baseline: a handler that does nothing ${perClientTick(base.inputUs, base.ticks).toFixed(3)} µs)`);
console.log(`  tick (the inputs staged since the last, step, snapshot, sync, send), per client   ${perClientTick(real.tickUs, real.ticks).toFixed(3)} µs   (baseline run: ${perClientTick(base.tickUs, base.ticks).toFixed(3)} µs, rooms without inputs)`);
const total = perClientTick(real.inputUs + real.tickUs, real.ticks);
console.log(`  total               ${total.toFixed(3)} µs per client per tick = ${((total * TICK_RATE) / 1e4).toFixed(4)} % of a core per client`);
const projectiles = server.rooms.publicRooms().reduce((n, r) => n + (r.world as World).projectiles.size, 0);
console.log(`  room state: ${(published / (2 * TICK_RATE + 2 * SECONDS * TICK_RATE) / ROOMS).toFixed(0)} bytes per State, ${projectiles} live projectiles at the end`);
await server.stop();
process.exit(0);
