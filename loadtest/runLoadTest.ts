/**
 * The coordinator: spreads the bots over worker threads, folds their samples into one
 * timeline point a second (with the server's own figures when it has /metrics), reports
 * progress, and stops everything at the end of the duration or on stop(). Bounded: the run
 * ends by itself, every worker is asked to close its sockets and is terminated if it does not
 * finish in time.
 */
import { systemClock, type Clock } from '../shared/clock.ts';
import type { FetchLike } from '../shared/sdk/rooms.ts';
import { Aggregator } from './metrics/Aggregator.ts';
import { baseUrls, behaviorsOfRun, gameOf, type RunOptions } from './options.ts';
import { buildReport } from './report/buildReport.ts';
import type { ErrorReport, Report, TimelinePoint } from './report/types.ts';
import { createRooms, fetchWithTimeout, type PlannedRoom } from './SeatSource.ts';
import { ServerMetricsScraper, type HttpGet, type ServerPoint } from './server/ServerMetricsScraper.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './worker/protocol.ts';
import { spawnWorker } from './worker/spawnWorker.ts';

/** The part of a worker_threads Worker the coordinator uses. */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  on(event: 'message', fn: (msg: FromWorker) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface Progress {
  phase: 'ramping' | 'steady' | 'stopping';
  elapsedSec: number;
  durationSec: number;
  targetBots: number;
  point: TimelinePoint;
  errors: ErrorReport;
}

export interface RunDeps {
  clock: Clock;
  spawn: (cfg: WorkerConfig) => WorkerLike;
  httpGet: HttpGet;
  fetchFn: FetchLike;
  cpuUsage: () => { user: number; system: number };
  onProgress: (p: Progress) => void;
  onNote: (message: string) => void;
}

const WORKER_START_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface RunHandle {
  /** Resolves with the report once every worker has stopped. */
  readonly done: Promise<Report>;
  /** End the run early (Ctrl-C); the report covers what ran. */
  stop(): void;
}

export const fetchText: HttpGet = async (url, timeoutMs) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, text: await res.text() };
};

export function startLoadTest(opts: RunOptions, partial: Partial<RunDeps> = {}): RunHandle {
  const deps: RunDeps = {
    clock: systemClock,
    spawn: spawnWorker,
    httpGet: fetchText,
    fetchFn: fetchWithTimeout(5000),
    cpuUsage: () => process.cpuUsage(),
    onProgress: () => {},
    onNote: () => {},
    ...partial,
  };
  let resolveStop: () => void = () => {};
  const stopRequested = new Promise<void>((r) => (resolveStop = r));
  return { done: run(opts, deps, stopRequested, () => resolveStop()), stop: () => resolveStop() };
}

async function run(opts: RunOptions, deps: RunDeps, stopRequested: Promise<void>, requestStop: () => void): Promise<Report> {
  const { clock } = deps;
  const game = gameOf(opts);
  const behaviors = behaviorsOfRun(opts, game);
  const notes: string[] = [];
  const note = (m: string): void => {
    if (notes.includes(m)) return;
    notes.push(m);
    deps.onNote(m);
  };
  // The first of a comma list: where rooms are planned and /metrics read (matchmaking uses them all).
  const primaryUrl = baseUrls(opts.url)[0] ?? opts.url;
  let plannedRooms: PlannedRoom[] | null = null;
  if (opts.rooms !== null) {
    plannedRooms = await createRooms(primaryUrl, opts.mode, opts.rooms, opts.namePrefix, deps.fetchFn).catch((e: unknown) => {
      note(`--rooms ${opts.rooms}: creating the rooms failed (${(e as Error).message}); matchmaking fills rooms instead`);
      return null;
    });
    if (plannedRooms === null && notes.length === 0) {
      note(`--rooms ${opts.rooms}: spreading bots evenly needs the server's matchmaking API (POST /api/matchmake), which this server does not have; the bots join with mode "${opts.mode}" and the server fills rooms itself`);
    }
  }

  let startMs = clock.now();
  const agg = new Aggregator();
  const scraper = new ServerMetricsScraper(primaryUrl, deps.httpGet, clock);
  const timeline: TimelinePoint[] = [];
  let lastServer: ServerPoint | null = null;
  let cpuPrev = deps.cpuUsage();
  let cpuPrevMs = startMs;
  let stopping = false;
  const exited = new Set<number>();
  const ready = new Set<number>();

  const workers = Array.from({ length: opts.workers }, (_, workerId) => {
    const cfg: WorkerConfig = {
      workerId,
      workerCount: opts.workers,
      baseUrl: opts.url,
      mode: opts.mode,
      game: game.name,
      behaviors,
      totalBots: opts.bots,
      rampPerSec: opts.rampPerSec,
      seed: opts.seed,
      socket: opts.socket,
      joinTimeoutMs: opts.joinTimeoutMs,
      stopTimeoutMs: opts.stopTimeoutMs,
      sampleIntervalMs: 1000,
      namePrefix: opts.namePrefix,
      plannedRooms,
      netSim: opts.netSim,
    };
    const w = deps.spawn(cfg);
    w.on('message', (msg: FromWorker) => {
      if (msg.type === 'sample') agg.add(msg.sample);
      else if (msg.type === 'ready') ready.add(workerId);
      else note(`worker ${workerId}: ${msg.message.split('\n')[0]}`);
    });
    w.on('error', (err: Error) => note(`worker ${workerId} failed: ${err.message}`));
    w.on('exit', () => {
      exited.add(workerId);
      if (exited.size === opts.workers) requestStop(); // every worker gone: nothing left to run
    });
    return w;
  });

  const scrape = (): void => {
    void scraper.scrape().then((p) => {
      if (p) lastServer = p;
      if (scraper.state === 'absent') note(scraper.note);
    });
  };

  const takePoint = (): TimelinePoint => {
    const now = clock.now();
    const cpu = deps.cpuUsage();
    const cpuPercent = ((cpu.user - cpuPrev.user + cpu.system - cpuPrev.system) / 1000 / Math.max(1, now - cpuPrevMs)) * 100;
    cpuPrev = cpu;
    cpuPrevMs = now;
    const p = agg.point(Math.round((now - startMs) / 100) / 10, lastServer, cpuPercent);
    lastServer = null;
    timeline.push(p);
    return p;
  };

  // Workers load (and compile) before the clock starts, so start-up is not counted as load.
  const readyDeadline = clock.now() + WORKER_START_TIMEOUT_MS;
  while (ready.size + exited.size < workers.length && clock.now() < readyDeadline) await sleep(20);
  if (ready.size < workers.length) note(`${workers.length - ready.size} of ${workers.length} workers did not start`);
  startMs = clock.now();
  cpuPrev = deps.cpuUsage();
  cpuPrevMs = startMs;
  const startedAt = new Date();
  for (const w of workers) w.postMessage({ type: 'start' });

  const rampEndSec = opts.bots / opts.rampPerSec;
  const progressTimer = setInterval(() => {
    const p = takePoint();
    scrape();
    const elapsedSec = (clock.now() - startMs) / 1000;
    deps.onProgress({
      phase: stopping ? 'stopping' : elapsedSec < rampEndSec ? 'ramping' : 'steady',
      elapsedSec,
      durationSec: opts.durationMs / 1000,
      targetBots: opts.bots,
      point: p,
      errors: agg.errors(),
    });
  }, 1000);
  scrape();
  const durationTimer = setTimeout(requestStop, opts.durationMs);

  await stopRequested;
  clearTimeout(durationTimer);
  stopping = true;
  for (const w of workers) w.postMessage({ type: 'stop' });
  const deadline = clock.now() + opts.stopTimeoutMs + 5000;
  while (!agg.allFinal(workers.length) && exited.size < workers.length && clock.now() < deadline) {
    await sleep(50);
  }
  if (!agg.allFinal(workers.length)) note('some workers did not report their final figures in time; they were terminated');
  clearInterval(progressTimer);
  const finalServer = await scraper.scrape().catch(() => null);
  if (finalServer) lastServer = finalServer;
  takePoint();
  await Promise.all(workers.map((w) => w.terminate()));
  return buildReport({ opts, game, behaviors, agg, timeline, notes, scraper, startedAt, finishedAt: new Date(), elapsedSec: (clock.now() - startMs) / 1000 });
}
