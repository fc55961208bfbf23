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
 *   npm run bench:server-work -- --record [--rounds 6]  (recording every room off vs on, alternating; bench/serverWorkRecord.ts)
 *   npm run bench:server-work -- --redis [--rounds 4]   (in memory vs a node of a cluster, alternating; bench/serverWorkRedis.ts)
 */
import { flag, hasFlag, numberFlag } from './args.ts';
import type { World } from '../games/arena/shared/world.ts';
import { ServerWorkRig, TICK_RATE } from './serverWorkRig.ts';
import { compareWithRedis } from './serverWorkRedis.ts';
import { compareWithRecording } from './serverWorkRecord.ts';

const ROOMS = numberFlag('rooms', 10);
const PLAYERS = numberFlag('players', 50);
const SECONDS = numberFlag('seconds', 6);
const MODE = flag('mode') ?? 'arena';

if (hasFlag('record')) {
  await compareWithRecording({ mode: MODE, rooms: ROOMS, players: PLAYERS, seconds: SECONDS, rounds: numberFlag('rounds', 6) });
  process.exit(0);
}
if (hasFlag('redis')) {
  await compareWithRedis({ mode: MODE, rooms: ROOMS, players: PLAYERS, seconds: SECONDS, rounds: numberFlag('rounds', 4) });
  process.exit(0);
}

const rig = await ServerWorkRig.create({ mode: MODE, rooms: ROOMS, players: PLAYERS });
await rig.run(2, rig.deliver); // warm up (JIT)
let noop = 0;
const base = await rig.run(SECONDS, (_c, b) => void (noop += b.length)); // the ceiling's handler: nothing
const real = await rig.run(SECONDS, rig.deliver);
const perClientTick = (us: number, ticks: number): number => rig.perClientTick(us, ticks);
console.log(`server work per client per tick (${MODE}: ${ROOMS} rooms × ${PLAYERS} players, ${SECONDS} s of game at ${TICK_RATE} Hz, Node ${process.version}):`);
console.log(
  `  input arrival       ${perClientTick(real.inputUs, real.ticks).toFixed(3)} µs   (baseline: a handler that does nothing ${perClientTick(base.inputUs, base.ticks).toFixed(3)} µs)`,
);
console.log(
  `  tick (the inputs staged since the last, step, snapshot, sync, send), per client   ${perClientTick(real.tickUs, real.ticks).toFixed(3)} µs   (baseline run: ${perClientTick(base.tickUs, base.ticks).toFixed(3)} µs, rooms without inputs)`,
);
const total = perClientTick(real.inputUs + real.tickUs, real.ticks);
console.log(`  total               ${total.toFixed(3)} µs per client per tick = ${((total * TICK_RATE) / 1e4).toFixed(4)} % of a core per client`);
const projectiles = rig.rooms.reduce((n, r) => n + (r.world as World).projectiles.size, 0);
console.log(`  room state: ${(rig.published / rig.ticksPlayed / ROOMS).toFixed(0)} bytes per State, ${projectiles} live projectiles at the end`);
await rig.stop();
process.exit(0);
