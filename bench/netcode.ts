/**
 * Netcode numbers (npm run bench:netcode): bots through the server's network simulator, 30 Hz,
 * 16 players moving and shooting, on network profiles, each measured three times:
 * - netcode on: prediction, adaptive interpolation, lag compensation, the adaptive input buffer;
 * - on, no input buffer: the same with --max-input-buffer-ticks 0 (what the buffer does);
 * - netcode off: no prediction (the own player is drawn from the server state), a fixed 100 ms
 *   interpolation delay, no rewind, no input buffer.
 * Profiles (--profile, default all): 150j30 (150 ms RTT ± 30 ms), 250j50 (250 ± 50), 150stalls
 * (150 ± 30 plus a 200 ms stall in 1 % of seconds, each direction: a lost TCP segment), or a
 * custom one from --lag/--jitter/--stall-percent/--stall-ms. The simulator is seeded (--seed,
 * default 1): the same seed gives the same delays and stalls.
 * Prints, does not assert. Other options: --seconds N (measured, default 20), --warmup N
 * (default 3), --bots N (16), --max-rewind-ms MS (the runs with the netcode on; 250), --only on|nobuf|off.
 *
 * The server runs in a child process (bench/netcodeServer.ts), the bots in this one; the
 * figures depend on both getting CPU time: keep the machine otherwise quiet.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { systemClock } from '../shared/clock.ts';
import { ObstacleIndex } from '../games/arena/shared/obstacleIndex.ts';
import type { SocketLike } from '../shared/sdk/socket.ts';
import { parseArgs, type Args, type NetProfile, type Variant } from './netcodeArgs.ts';
import { NetcodeBot } from './netcodeBot.ts';
import { print, summarize, type RunSummary } from './netcodeReport.ts';
import type { FromNetcodeServer } from './netcodeServer.ts';
import type { ArenaInfo } from '../games/arena/index.ts';

const LABELS: Record<Variant, string> = { on: 'netcode on', nobuf: 'no input buffer', off: 'netcode off' };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Start the server process; resolves with its port once it listens. */
function startServer(config: Record<string, unknown>, hits: Map<string, number>): Promise<{ port: number; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./netcodeServer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let onStopped: (() => void) | null = null;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
    child.on('message', (m: FromNetcodeServer) => {
      if (m.type === 'hits') for (const [key, target] of m.hits) hits.set(key, target);
      else if (m.type === 'stopped') onStopped?.();
      else if (m.type === 'ready') {
        resolve({
          port: m.port,
          stop: () =>
            new Promise<void>((done) => {
              onStopped = done;
              child.send({ type: 'stop' });
              setTimeout(() => {
                child.kill();
                done();
              }, 5000).unref();
            }),
        });
      }
    });
  });
}

async function run(variant: Variant, profile: NetProfile, args: Args): Promise<RunSummary> {
  const on = variant !== 'off';
  const serverHits = new Map<string, number>();
  const server = await startServer(
    {
      port: 0,
      tickRate: 30,
      roomCapacity: args.bots,
      mapWidth: 1400,
      mapHeight: 1400,
      netSimLagMs: profile.lagMs,
      netSimJitterMs: profile.jitterMs,
      netSimStallPercent: profile.stallPercent,
      netSimStallMs: profile.stallMs,
      netSimSeed: args.seed,
      maxRewindMs: on ? args.maxRewindMs : 0,
      maxInputBufferTicks: variant === 'on' ? 3 : 0,
    },
    serverHits,
  );
  const port = server.port;
  const clock = systemClock;
  const bots: NetcodeBot[] = [];
  for (let i = 0; i < args.bots; i++) {
    const bot = new NetcodeBot({
      url: `ws://127.0.0.1:${port}/ws`,
      name: `bot${i}`,
      socketFactory: (u) => new WebSocket(u, { perMessageDeflate: false }) as unknown as SocketLike,
      clock,
      predict: on,
      ...(on ? {} : { interpDelayMs: 100 }),
      netSim: null, // the server's simulator delays both directions
      seed: i * 7919 + 17,
    });
    await bot.connect();
    bots.push(bot);
  }
  // The render loop: 60 Hz frames on a drift-free schedule.
  let stopped = false;
  const frameMs = 1000 / 60;
  const t0 = clock.now();
  let n = 0;
  const loop = (): void => {
    if (stopped) return;
    const now = clock.now();
    for (const b of bots) b.frame(now);
    n++;
    setTimeout(loop, Math.max(0, t0 + n * frameMs - clock.now()));
  };
  loop();
  await sleep(args.warmup * 1000);
  for (const b of bots) b.measuring = true;
  await sleep(args.seconds * 1000);
  for (const b of bots) b.measuring = false;
  // Let shots in flight finish on screen (1.2 s of projectile life plus the delays).
  await sleep(2000);
  stopped = true;
  const rtts = bots.map((b) => b.client.clockSync.stats.rttMs).filter(Number.isFinite);
  for (const b of bots) b.stop();
  await sleep(300);
  await server.stop();
  const map = (bots[0]!.session!.welcome.info as ArenaInfo).map;
  return summarize(LABELS[variant], bots, serverHits, rtts, { obstacles: new ObstacleIndex(map), map });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const profile of args.profiles) {
    const runs: RunSummary[] = [];
    for (const variant of args.variants) runs.push(await run(variant, profile, args));
    print(profile, args.bots, args.seconds, runs);
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
