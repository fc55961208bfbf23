/**
 * Netcode numbers (npm run bench:netcode): bots through the network simulator at 150 ms RTT
 * ± 30 ms jitter, 30 Hz, 16 players moving and shooting, measured twice: with the netcode on
 * (prediction, adaptive interpolation, lag compensation) and off (no prediction: the own player
 * is drawn from the server state; a fixed 100 ms interpolation delay; no rewind on the server).
 * Prints, does not assert. Options: --seconds N (measured, default 20), --warmup N (default 3),
 * --bots N (16), --lag MS (150), --jitter MS (30), --only on|off.
 *
 * The server runs in a child process (bench/netcodeServer.ts), the bots in this one; the
 * figures depend on both getting CPU time: keep the machine otherwise quiet.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { systemClock } from '../shared/clock.ts';
import type { FromNetcodeServer } from './netcodeServer.ts';
import type { SocketLike } from '../shared/sdk/socket.ts';
import { NetcodeBot, type BotResults } from './netcodeBot.ts';

interface Args {
  seconds: number;
  warmup: number;
  bots: number;
  lag: number;
  jitter: number;
  only: 'on' | 'off' | null;
}

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { seconds: 20, warmup: 3, bots: 16, lag: 150, jitter: 30, only: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1] ?? '';
    if (key === 'only' && (value === 'on' || value === 'off')) out.only = value;
    else if (key === 'seconds' || key === 'warmup' || key === 'bots' || key === 'lag' || key === 'jitter') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} needs a number`);
      out[key] = n;
    } else throw new Error(`unknown option ${argv[i]} (options: --seconds --warmup --bots --lag --jitter --only on|off)`);
  }
  return out;
}

interface RunSummary {
  label: string;
  ownErrorSamples: number;
  ownErrorNonZero: number;
  ownErrorMean: number;
  ownErrorMax: number;
  frames: number;
  starvedFrames: number;
  meanInterpDelayMs: number;
  screenHits: number;
  /** Screen hits whose target was still alive on the server when the shot reached it (a dead target takes no damage). */
  screenHitsAlive: number;
  registeredAlive: number;
  registered: number;
  sameTarget: number;
  shotsJudged: number;
  meanRttMs: number;
  corrections: number;
  timing: { ticks: number; late: number; extra: number };
}

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

async function run(on: boolean, args: Args): Promise<RunSummary> {
  const serverHits = new Map<string, number>();
  const server = await startServer(
    { port: 0, tickRate: 30, roomCapacity: args.bots, mapWidth: 1400, mapHeight: 1400, netSimLagMs: args.lag, netSimJitterMs: args.jitter, maxRewindMs: on ? 250 : 0 },
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
  return summarize(on ? 'netcode on' : 'netcode off', bots.map((b) => b.results), serverHits, rtts);
}

function summarize(label: string, results: BotResults[], serverHits: Map<string, number>, rtts: number[]): RunSummary {
  const errors = results.flatMap((r) => r.ownErrors);
  const judged = results.flatMap((r) => r.judged).filter((j) => !j.shot.serverIgnored);
  const onScreen = judged.filter((j) => j.screenTarget !== null);
  let registered = 0;
  let sameTarget = 0;
  let screenHitsAlive = 0;
  let registeredAlive = 0;
  for (const j of onScreen) {
    const t = serverHits.get(`${j.shot.shooter}:${j.shot.firedAtTick}`);
    if (j.targetAliveAtServerTick) screenHitsAlive++;
    if (t !== undefined && j.targetAliveAtServerTick) registeredAlive++;
    if (t !== undefined) registered++;
    if (t === j.screenTarget) sameTarget++;
  }
  if (process.env.NETCODE_DEBUG) {
    const d = (j: (typeof onScreen)[number]): string => (((j.shot.firedAtTick ?? 0) - j.shot.viewTick) * 1000 / 30).toFixed(0);
    console.log(label, 'view delays (ms) of registered:', onScreen.filter((j) => serverHits.has(`${j.shot.shooter}:${j.shot.firedAtTick}`)).map(d).join(' '));
    console.log(label, 'missed (view delay ms, step, target alive at the server tick):', onScreen.filter((j) => !serverHits.has(`${j.shot.shooter}:${j.shot.firedAtTick}`)).map((j) => `${d(j)}/${j.step}/${j.targetAliveAtServerTick}`).join(' '));
  }
  const frames = results.reduce((s, r) => s + r.frames, 0);
  return {
    label,
    ownErrorSamples: errors.length,
    ownErrorNonZero: errors.filter((e) => e > 1e-6).length,
    ownErrorMean: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : 0,
    ownErrorMax: errors.reduce((a, b) => Math.max(a, b), 0),
    frames,
    starvedFrames: results.reduce((s, r) => s + r.starvedFrames, 0),
    meanInterpDelayMs: frames ? results.reduce((s, r) => s + r.interpDelaySumMs, 0) / frames : 0,
    screenHits: onScreen.length,
    screenHitsAlive,
    registeredAlive,
    registered,
    sameTarget,
    shotsJudged: judged.length,
    meanRttMs: rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : NaN,
    corrections: results.reduce((s, r) => s + r.corrections, 0),
    timing: results.reduce((t, r) => ({ ticks: t.ticks + r.timing.ticks, late: t.late + r.timing.late, extra: t.extra + r.timing.extra }), { ticks: 0, late: 0, extra: 0 }),
  };
}

const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(2)} %` : 'n/a');

function print(args: Args, runs: RunSummary[]): void {
  const rows: [string, (r: RunSummary) => string][] = [
    ['measured RTT (median of pings, mean over bots)', (r) => `${r.meanRttMs.toFixed(0)} ms`],
    ['own-player error in steady movement: mean / max', (r) => `${r.ownErrorMean.toFixed(2)} / ${r.ownErrorMax.toFixed(1)} units`],
    ['  States with a non-zero own-player error', (r) => `${r.ownErrorNonZero} of ${r.ownErrorSamples} (${pct(r.ownErrorNonZero, r.ownErrorSamples)})`],
    ['interpolation buffer starvation (frames past the newest snapshot)', (r) => `${r.starvedFrames} of ${r.frames} (${pct(r.starvedFrames, r.frames)})`],
    ['  mean interpolation delay', (r) => `${r.meanInterpDelayMs.toFixed(1)} ms`],
    ['shots fired (judged)', (r) => String(r.shotsJudged)],
    ['shots that hit on the shooter\'s screen', (r) => String(r.screenHits)],
    ['  ... that hit on the server (hit registration)', (r) => `${r.registered} (${pct(r.registered, r.screenHits)})`],
    ['  ... that hit the same target on the server', (r) => `${r.sameTarget} (${pct(r.sameTarget, r.screenHits)})`],
    ['server ticks that found no input of a player (input late)', (r) => `${r.timing.late} of ${r.timing.ticks} (${pct(r.timing.late, r.timing.ticks)})`],
    ['screen hits whose target was still alive on the server then', (r) => String(r.screenHitsAlive)],
    ['  ... that hit on the server (hit registration)', (r) => `${r.registeredAlive} (${pct(r.registeredAlive, r.screenHitsAlive)})`],
  ];
  console.log(`\nNetcode benchmark: ${args.bots} bots, 30 Hz, network simulator ${args.lag} ms RTT ± ${args.jitter} ms (each way ${args.lag / 2} ± ${args.jitter / 2} ms, in order), ${args.seconds} s measured per run, 60 Hz render loop per bot\n`);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cols = runs.map((r) => rows.map(([, f]) => f(r)));
  const widths = runs.map((r, i) => Math.max(r.label.length, ...cols[i]!.map((c) => c.length)));
  console.log(`${''.padEnd(w0)}  ${runs.map((r, i) => r.label.padEnd(widths[i]!)).join('  ')}`);
  rows.forEach(([name], k) => console.log(`${name.padEnd(w0)}  ${runs.map((_, i) => cols[i]![k]!.padEnd(widths[i]!)).join('  ')}`));
  console.log('\nnetcode on: prediction + replay, adaptive interpolation delay, lag compensation (rewind ≤ 250 ms).');
  console.log('netcode off: own player drawn from the server state, fixed 100 ms interpolation delay, no rewind.');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs: RunSummary[] = [];
  if (args.only !== 'off') runs.push(await run(true, args));
  if (args.only !== 'on') runs.push(await run(false, args));
  print(args, runs);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
