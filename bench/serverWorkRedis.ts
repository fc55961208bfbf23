/**
 * `npm run bench:server-work -- --redis`: the same workload on two servers in one process, one
 * with rooms in memory (the default) and one that is a node of a cluster through a real
 * redis-server (scripts/redisServer.ts: a free loopback port, stopped by its PID), run in
 * alternating rounds so the machine's noise falls on both alike. Prints per round and as medians
 * the server's work per client per tick for both and their ratio.
 *
 * The plain bench never yields the event loop, so a cluster node's heartbeat (the registry write,
 * a timer, and its Redis reply, I/O) would never run during it. Here both variants yield after
 * every tick (outside the timed sections, the same for both), and the cluster node's heartbeat
 * runs every second of game time (30 ticks) rather than on its 1 s wall-clock timer: the registry
 * is written at the rate of a real node's for the game time simulated. Besides the timed work
 * (input arrival + tick, which never touches Redis, timed in wall time), each variant's main-thread
 * CPU time per client per tick over the whole run is shown: it counts what runs between the ticks
 * too (the heartbeats and their replies), and not the time other processes took the core.
 */
import { median } from './median.ts';
import { RedisServer, hasRedisServer } from '../scripts/redisServer.ts';
import { ServerWorkRig, TICK_RATE, type RunResult } from './serverWorkRig.ts';

export interface CompareOptions {
  mode: string;
  rooms: number;
  players: number;
  /** Game seconds per variant per round. */
  seconds: number;
  rounds: number;
}

interface Measured {
  /** Input arrival + tick, µs per client per tick. */
  work: number;
  /** The main thread's CPU over the run, µs per client per tick. */
  thread: number;
}


function measured(rig: ServerWorkRig, r: RunResult): Measured {
  return { work: rig.perClientTick(r.inputUs + r.tickUs, r.ticks), thread: rig.perClientTick(r.threadUs, r.ticks) };
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function compareWithRedis(opts: CompareOptions): Promise<void> {
  if (!hasRedisServer()) throw new Error('--redis needs redis-server on PATH (Debian package redis-server)');
  const redis = await RedisServer.start();
  const rigs: ServerWorkRig[] = [];
  try {
    const shape = { mode: opts.mode, rooms: opts.rooms, players: opts.players };
    const memory = await ServerWorkRig.create(shape);
    rigs.push(memory);
    // The node's own heartbeat timer is out of the way (an hour); the bench drives it by game time.
    // A long TTL: the node must not expire in Redis while the other variant's run takes its turn.
    const clustered = await ServerWorkRig.create({ ...shape, config: { redisUrl: redis.url, nodeId: 'bench-node', heartbeatMs: 3_600_000, nodeTtlMs: 60_000 } });
    rigs.push(clustered);
    const cluster = clustered.server.cluster!;
    await until(() => cluster.available, 5000, 'the node registered in Redis');
    const beats: Promise<void>[] = [];
    const heartbeat = (): void => void beats.push(cluster.heartbeat());
    const pacing = (rig: ServerWorkRig) => ({ yieldEachTick: true, ...(rig === clustered ? { everySecond: heartbeat } : {}) });

    // Warm up (JIT, and the heap of each server) twice each, alternating: a first measured run
    // right after one warm-up was still up to a fifth slower.
    for (let i = 0; i < 2; i++) for (const rig of [memory, clustered]) await rig.run(3, rig.deliver, pacing(rig));
    const ok0 = cluster.heartbeatsOk;
    const failed0 = cluster.heartbeatsFailed;
    const rows: { first: string; memory: Measured; redis: Measured }[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? [memory, clustered] : [clustered, memory];
      const got = new Map<ServerWorkRig, Measured>();
      for (const rig of order) got.set(rig, measured(rig, await rig.run(opts.seconds, rig.deliver, pacing(rig))));
      rows.push({ first: order[0] === memory ? 'memory' : 'redis', memory: got.get(memory)!, redis: got.get(clustered)! });
    }
    await Promise.all(beats); // the last one's reply may still be in flight
    const heartbeats = cluster.heartbeatsOk - ok0;
    const failed = cluster.heartbeatsFailed - failed0;
    const listed = (await cluster.list(opts.mode)).filter((r) => r.node === cluster.nodeId);

    const f = (x: number): string => x.toFixed(3);
    console.log(
      `server work per client per tick, in memory vs --redis (${opts.mode}: ${opts.rooms} rooms × ${opts.players} players, ${opts.seconds} s of game at ${TICK_RATE} Hz per variant per round, ${opts.rounds} rounds alternating, Node ${process.version}):`,
    );
    console.log('  both variants yield to the event loop after every tick (outside the timed work); the --redis node heartbeats to Redis every 30 ticks (1 s of game time)');
    console.log('  round  first    work µs: memory   redis   ratio   | thread CPU µs: memory   redis   ratio');
    rows.forEach((r, i) => {
      console.log(
        `  ${String(i + 1).padStart(5)}  ${r.first.padEnd(7)}  ${f(r.memory.work).padStart(14)}  ${f(r.redis.work).padStart(6)}  ${(r.redis.work / r.memory.work).toFixed(3).padStart(6)}   | ${f(r.memory.thread).padStart(21)}  ${f(r.redis.thread).padStart(6)}  ${(r.redis.thread / r.memory.thread).toFixed(3).padStart(6)}`,
      );
    });
    const mw = median(rows.map((r) => r.memory.work));
    const rw = median(rows.map((r) => r.redis.work));
    const mp = median(rows.map((r) => r.memory.thread));
    const rp = median(rows.map((r) => r.redis.thread));
    const ratios = rows.map((r) => r.redis.work / r.memory.work);
    const cpuRatios = rows.map((r) => r.redis.thread / r.memory.thread);
    console.log(
      `  median          ${f(mw).padStart(14)}  ${f(rw).padStart(6)}  ${(rw / mw).toFixed(3).padStart(6)}   | ${f(mp).padStart(21)}  ${f(rp).padStart(6)}  ${(rp / mp).toFixed(3).padStart(6)}`,
    );
    const range = (xs: number[]): string => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}, median ${median(xs).toFixed(3)}`;
    console.log(`  ratio redis/memory per round: work ${range(ratios)}; thread CPU ${range(cpuRatios)}`);
    console.log(
      `  work: input arrival + tick (the inputs staged since the last, step, snapshot, sync, send), wall time; thread CPU: user + system of the main thread over the whole run, between ticks too (heartbeats, Redis replies)`,
    );
    console.log(
      `  registry during the measured rounds: ${heartbeats} heartbeats written to Redis, ${failed} failed; Redis lists ${listed.length} rooms of this node with ${listed.reduce((n, r) => n + r.players, 0)} players (redis-server's own CPU is not counted)`,
    );
  } finally {
    for (const rig of rigs) await rig.stop();
    await redis.stop();
  }
}
