/**
 * The bots of one worker thread, driven by ONE timer: at each firing every bot gets tick()
 * (inputs at the room's tick rate, pings every second, ramp starts, join timeouts) and once a
 * second the worker's sample goes to the coordinator. Also measures its own thread's load
 * (event-loop utilisation and delay) so the report can tell when the bots were the bottleneck.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Clock } from '../../shared/clock.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { behaviorFor, behaviorsOf } from '../behaviors/index.ts';
import { gameNamed } from '../games.ts';
import { Bot } from '../Bot.ts';
import type { FetchLike } from '../../shared/sdk/rooms.ts';
import { SeatSource } from '../SeatSource.ts';
import { mapToRecord, WorkerMetrics, type Counters, type WorkerSample } from '../metrics/WorkerMetrics.ts';
import { botSchedule, type WorkerConfig } from './protocol.ts';
import { seededRandom } from './random.ts';
import { TimerQueue } from './TimerQueue.ts';

export interface BotWorkerDeps {
  clock: Clock;
  socketFactory: (url: string) => SocketLike & { terminate(): void };
  fetchFn: FetchLike;
  post: (sample: WorkerSample) => void;
}

const DEFAULT_TICK_RATE = 30;

export class BotWorker {
  private readonly bots: { bot: Bot; startAfterMs: number }[] = [];
  private readonly metrics = new WorkerMetrics();
  private readonly timers: TimerQueue;
  private timer: ReturnType<typeof setInterval> | null = null;
  private tickRate = DEFAULT_TICK_RATE;
  private tickRateKnown = false;
  private nextSampleMs = Infinity;
  private elu: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private stopping: Promise<void> | null = null;
  private startedAtMs = 0;

  constructor(
    private readonly cfg: WorkerConfig,
    private readonly deps: BotWorkerDeps,
  ) {
    this.timers = new TimerQueue(deps.clock);
    const seats = new SeatSource(cfg.baseUrl, deps.fetchFn, cfg.plannedRooms);
    const game = gameNamed(cfg.game);
    if (!game) throw new Error(`the game "${cfg.game}" is not installed`);
    const behaviors = behaviorsOf(game);
    for (const { index, startAfterMs } of botSchedule(cfg)) {
      const behavior = behaviorFor(cfg.behaviors, index, behaviors);
      const brain = behavior.create(seededRandom(cfg.seed * 1_000_003 + index));
      const bot = new Bot(index, `${cfg.namePrefix}${index}`, brain, behavior.reconnects, {
        baseUrl: cfg.baseUrl,
        mode: cfg.mode,
        game,
        clock: deps.clock,
        socketFactory: deps.socketFactory,
        seats,
        metrics: this.metrics,
        joinTimeoutMs: cfg.joinTimeoutMs,
        schedule: this.timers.schedule,
        netSim: cfg.netSim,
      });
      this.bots.push({ bot, startAfterMs });
    }
  }

  /** Begin the ramp: bot i starts startAfterMs from now. */
  start(): void {
    const startMs = this.deps.clock.now();
    this.startedAtMs = epochMs();
    for (const { bot, startAfterMs } of this.bots) bot.startAt(startMs + startAfterMs);
    this.nextSampleMs = startMs + this.cfg.sampleIntervalMs;
    this.elu = performance.eventLoopUtilization();
    this.loopDelay.enable();
    this.schedule();
  }

  /** Stop every bot (Leave + close), wait for the closes (bounded), send the final sample. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    const closes = Promise.all(this.bots.map((b) => b.bot.stop()));
    let timedOut = false;
    await Promise.race([closes, new Promise<void>((r) => setTimeout(() => ((timedOut = true), r()), this.cfg.stopTimeoutMs))]);
    if (timedOut) for (const b of this.bots) b.bot.terminate();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.loopDelay.disable();
    this.deps.post(this.sample(true));
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.onTimer(), 1000 / this.tickRate);
  }

  private onTimer(): void {
    const now = this.deps.clock.now();
    this.timers.runDue(now);
    for (const b of this.bots) b.bot.tick(now);
    if (now >= this.nextSampleMs) {
      this.nextSampleMs += this.cfg.sampleIntervalMs;
      if (this.nextSampleMs < now) this.nextSampleMs = now + this.cfg.sampleIntervalMs;
      this.deps.post(this.sample(false));
    }
    // Inputs follow the room's tick rate: adopt it from the first Welcome.
    if (!this.tickRateKnown) {
      const rate = this.bots.find((b) => b.bot.isJoined)?.bot.tickRate ?? 0;
      if (rate > 0 && !this.stopping) {
        this.tickRateKnown = true;
        if (rate !== this.tickRate) {
          this.tickRate = rate;
          this.schedule();
        }
      }
    }
  }

  private sample(final: boolean): WorkerSample {
    const counters: Counters = { ...this.metrics.counters };
    const rooms: Record<string, number> = {};
    let started = 0;
    let connected = 0;
    const now = this.deps.clock.now();
    for (const { bot } of this.bots) {
      const t = bot.totals();
      counters.bytesIn += t.bytesIn;
      counters.bytesOut += t.bytesOut;
      counters.messagesIn += t.messagesIn;
      counters.messagesOut += t.messagesOut;
      counters.states += t.states;
      if (bot.hasStarted(now)) started++;
      const room = bot.roomId;
      if (room) {
        connected++;
        rooms[room] = (rooms[room] ?? 0) + 1;
      }
    }
    const elu = performance.eventLoopUtilization(this.elu);
    this.elu = performance.eventLoopUtilization();
    const sample: WorkerSample = {
      workerId: this.cfg.workerId,
      atMs: epochMs(),
      startedAtMs: this.startedAtMs,
      botsStarted: started,
      botsConnected: connected,
      counters,
      closeCodes: mapToRecord(this.metrics.closeCodes),
      serverErrors: mapToRecord(this.metrics.serverErrors),
      serverErrorExamples: Object.fromEntries(this.metrics.serverErrorExamples),
      rooms,
      joinFailures: mapToRecord(this.metrics.joinFailures),
      latency: this.metrics.takeLatency(),
      elu: elu.utilization,
      loopDelayP99Ms: nsToMs(this.loopDelay.percentile(99)),
      loopDelayMaxMs: nsToMs(this.loopDelay.max),
      tickRate: this.tickRate,
      joinsVia: { ...this.metrics.joinsVia },
      final,
    };
    this.loopDelay.reset();
    return sample;
  }
}

/** Milliseconds since the epoch at sub-millisecond resolution, the same in every thread. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

function nsToMs(ns: number): number {
  return Number.isFinite(ns) ? ns / 1e6 : 0;
}
