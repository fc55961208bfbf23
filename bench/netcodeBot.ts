/**
 * One bot of the netcode benchmark: a GameClient and the browser's NetSession (prediction,
 * adaptive interpolation, view ticks on inputs), driven like the browser drives it: a 60 Hz
 * render loop that runs the fixed-step input accumulator (one input per server tick), then
 * samples the interpolation as a frame would. It moves (a new direction now and then), aims at
 * the nearest enemy where its screen shows it (leading it by its drawn velocity) and fires when
 * one is in range. It measures:
 * - own-player error: at each State, how far the own player on screen was from where the
 *   server state plus the replay of the unacknowledged inputs puts it (a shadow Predictor gives
 *   the truth, also when the session itself does not predict);
 * - interpolation starvation: frames whose render time was past the newest snapshot;
 * - shots: what each shot hit on its screen (bench/netcodeShots.ts), matched later with the
 *   server's hit events;
 * - observer hitches: the other players' drawn velocities frame to frame (bench/netcodeObserver.ts),
 *   judged after the run against each watched player's own record of its inputs (`track`).
 */
import { PlayerKind } from '../games/arena/shared/kinds.ts';
import { Predictor } from '../shared/netcode/Predictor.ts';
import { normalizeInput } from '../shared/game/inputPlan.ts';
import type { NetSimOptions } from '../shared/netcode/DelayQueue.ts';
import type { Clock } from '../shared/clock.ts';
import { GameClient } from '../shared/sdk/GameClient.ts';
import type { SocketFactory } from '../shared/sdk/socket.ts';
import { PositionHistory } from '../games/arena/shared/history.ts';
import { ObstacleIndex } from '../games/arena/shared/obstacleIndex.ts';
import { RULES } from '../games/arena/shared/world.ts';
import { NetSession } from '../client/net/NetSession.ts';
import { judgeOnScreen, type Shot } from './netcodeShots.ts';
import { arena } from '../games/arena/index.ts';
import type { ArenaInfo } from '../games/arena/index.ts';
import { ObserverTrack, PlayerTrack } from './netcodeObserver.ts';

export interface BotOptions {
  url: string;
  name: string;
  socketFactory: SocketFactory;
  clock: Clock;
  predict: boolean;
  /** Fixed interpolation delay; absent: adaptive. */
  interpDelayMs?: number;
  netSim: NetSimOptions | null;
  seed: number;
}

export interface BotResults {
  /** Own-player error at each State in steady movement (alive before and after), world units. */
  ownErrors: number[];
  frames: number;
  starvedFrames: number;
  interpDelaySumMs: number;
  /** Judged shots: the target hit on screen (null: missed on screen). */
  judged: { shot: Shot; screenTarget: number | null; step: number; targetAliveAtServerTick: boolean | null }[];
  corrections: number;
  /** The server's input timing reports while measuring: ticks, ticks that found no input (late), inputs beyond one per tick. */
  timing: { ticks: number; late: number; extra: number };
  /** The server's input buffer for this client (ticks of added input delay), over the timing reports while measuring. */
  buffer: { reports: number; sum: number; max: number };
}

const FIRE_EVERY_INPUTS = 8; // 8/30 s > the 0.25 s fire interval: the server always fires it
const FIRE_RANGE = 520;

export class NetcodeBot {
  readonly client: GameClient;
  session: NetSession<typeof arena> | null = null;
  readonly results: BotResults = { ownErrors: [], frames: 0, starvedFrames: 0, interpDelaySumMs: 0, judged: [], corrections: 0, timing: { ticks: 0, late: 0, extra: 0 }, buffer: { reports: 0, sum: 0, max: 0 } };
  /** This bot's own inputs and states (what observers' frames are judged against). */
  readonly track = new PlayerTrack();
  /** The other players as this bot drew them. */
  readonly observer = new ObserverTrack();
  private truth: Predictor | null = null;
  private readonly screen = new PositionHistory(160);
  private obstacles: ObstacleIndex | null = null;
  private readonly pending: Shot[] = [];
  private accMs = 0;
  private lastFrameMs = NaN;
  private sinceFire = FIRE_EVERY_INPUTS;
  private moveDir = 0;
  private moveUntilTick = 0;
  private inputs = 0;
  private rng: number;
  private shownBefore: { x: number; y: number } | null = null;
  private prevAlive = false;
  measuring = false;

  constructor(private readonly opts: BotOptions) {
    this.rng = opts.seed;
    this.client = new GameClient({ game: arena, url: opts.url, name: opts.name, socketFactory: opts.socketFactory, clock: opts.clock, netSim: opts.netSim, pingIntervalMs: 500 });
  }

  async connect(): Promise<void> {
    const welcome = await this.client.connect();
    const session = new NetSession(this.client, welcome, this.opts.clock, { game: arena, predict: this.opts.predict, alignInputs: this.opts.predict, ...(this.opts.interpDelayMs !== undefined ? { interpDelayMs: this.opts.interpDelayMs } : {}) });
    this.session = session;
    this.truth = new Predictor({ game: this.client.game, info: welcome.info, playerId: welcome.playerId, tickRate: session.tickRate });
    this.obstacles = new ObstacleIndex((welcome.info as ArenaInfo).map);
    // After the session's own listener: the session has reconciled (or not) by now.
    this.client.on('state', (info) => this.onState(info.tick, info.ackSeq));
    this.client.on('inputTiming', (r) => {
      if (!this.measuring) return;
      this.results.timing.ticks += r.ticks;
      this.results.timing.late += r.late;
      this.results.timing.extra += r.extra;
      if (r.bufferTicks !== undefined) {
        const b = this.results.buffer;
        b.reports++;
        b.sum += r.bufferTicks;
        b.max = Math.max(b.max, r.bufferTicks);
      }
    });
  }

  /** One 60 Hz frame: ping, inputs due, then what a render would sample. */
  frame(nowMs: number): void {
    const s = this.session;
    if (!s || !this.client.isOpen) return;
    this.client.maybePing();
    const frameMs = Number.isNaN(this.lastFrameMs) ? 0 : Math.min(250, nowMs - this.lastFrameMs);
    this.lastFrameMs = nowMs;
    this.accMs += frameMs + s.takeSendShiftMs();
    while (this.accMs >= s.tickMs) {
      this.accMs -= s.tickMs;
      this.sendInput(nowMs);
    }
    const before = s.interpolator.stats.extrapolated;
    const players: { id: number; x: number; y: number }[] = [];
    for (const e of s.drawn(PlayerKind, nowMs)) if (e.id !== s.playerId && e.alive) players.push(e);
    this.observer.frame(nowMs, s.interpolator.renderTick(nowMs), players, this.measuring);
    if (this.measuring && s.interpolator.size > 1) {
      this.results.frames++;
      this.results.starvedFrames += s.interpolator.stats.extrapolated - before;
      this.results.interpDelaySumMs += s.interpolator.delayMs;
    }
  }

  private sendInput(nowMs: number): void {
    const s = this.session!;
    const truth = this.truth!;
    this.inputs++;
    this.sinceFire++;
    if (this.inputs >= this.moveUntilTick) {
      this.moveDir = Math.floor(this.rand() * 9);
      this.moveUntilTick = this.inputs + 15 + Math.floor(this.rand() * 45);
    }
    const dirs = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1], [0, 0]] as const;
    const [mx, my] = dirs[this.moveDir]!;
    const me = truth.position;
    const aimAt = this.nearestEnemy(nowMs, me);
    const aim = aimAt ? Math.atan2(aimAt.y - me.y, aimAt.x - me.x) : this.inputs * 0.05;
    const alive = s.own?.alive === true;
    const fire = alive && aimAt !== null && aimAt.dist < FIRE_RANGE && this.sinceFire >= FIRE_EVERY_INPUTS;
    const viewTick = s.interpolator.renderTick(nowMs);
    const sent = s.sendInput({ mx, my, aim, fire });
    if (!sent) return;
    truth.applyInput(sent);
    this.track.sent(sent.seq, this.moveDir);
    // Without prediction the screen shows the last server state (set in onState).
    if (s.predictor) this.shownBefore = s.predictor.position;
    if (fire) {
      this.sinceFire = 0;
      const p = truth.position;
      const shot: Shot = { shooter: s.playerId, seq: sent.seq, x: p.x, y: p.y, aim: normalizeInput(this.client.game.input.plan, sent).aim as number, viewTick, firedAtTick: null, serverIgnored: false };
      if (this.measuring && Number.isFinite(viewTick)) this.pending.push(shot);
    }
  }

  /** The nearest living enemy as drawn now, led by its drawn velocity; null when there is none. */
  private nearestEnemy(nowMs: number, me: { x: number; y: number }): { x: number; y: number; dist: number } | null {
    let best: { x: number; y: number; dist: number } | null = null;
    for (const e of this.session!.drawn(PlayerKind, nowMs)) {
      if (e.id === this.session!.playerId || !e.alive) continue;
      const d = Math.hypot(e.x - me.x, e.y - me.y);
      if (best && d >= best.dist) continue;
      const flightTicks = d / (RULES.projectileSpeed / this.session!.tickRate);
      // vx, vy: wire units (0.1) per tick.
      best = { x: e.x + (e.vx / 10) * flightTicks, y: e.y + (e.vy / 10) * flightTicks, dist: d };
    }
    return best;
  }

  private onState(tick: number, ackSeq: number): void {
    const s = this.session!;
    const truth = this.truth!;
    this.screen.record(tick, s.latest(PlayerKind));
    const own = s.own;
    if (own) {
      this.track.state(tick, ackSeq, own.x, own.y, own.alive);
      truth.reconcile(own, ackSeq);
      const shownNow = s.predictor ? s.predictor.position : { x: own.x, y: own.y };
      const steady = this.prevAlive && own.alive;
      if (this.measuring && steady && this.shownBefore) {
        const truthNow = truth.position;
        this.results.ownErrors.push(Math.hypot(this.shownBefore.x - truthNow.x, this.shownBefore.y - truthNow.y));
      }
      this.shownBefore = shownNow;
      for (const shot of this.pending) {
        if (shot.firedAtTick === null && shot.seq <= ackSeq) {
          shot.firedAtTick = tick;
          shot.serverIgnored = !this.prevAlive;
        }
      }
      this.prevAlive = own.alive;
    }
    this.judgePending(s);
  }

  private judgePending(s: NetSession<typeof arena>): void {
    const ids = s.latest(PlayerKind).map((p) => p.id);
    for (let i = 0; i < this.pending.length; ) {
      const shot = this.pending[i]!;
      const v = judgeOnScreen(shot, this.screen, this.obstacles!, (s.welcome.info as ArenaInfo).map, ids, 1 / s.tickRate);
      if (v.done && shot.firedAtTick !== null) {
        const presentTick = shot.firedAtTick + v.step;
        if (v.target !== null && presentTick > this.screen.newestTick) {
          i++;
          continue; // wait until the screen record reaches the tick the server tested this at
        }
        // Alive in the state before the step that tested the hit (the step itself may kill it).
        const alive = v.target === null ? null : this.screen.positionAt(v.target, presentTick - 1) !== null;
        this.results.judged.push({ shot, screenTarget: v.target, step: v.step, targetAliveAtServerTick: alive });
        this.pending.splice(i, 1);
      } else i++;
    }
  }

  stop(): void {
    this.results.corrections = this.session?.predictor?.stats.corrections ?? 0;
    this.session?.dispose();
    this.client.leave();
  }

  private rand(): number {
    this.rng = (this.rng * 1664525 + 1013904223) >>> 0;
    return this.rng / 4294967296;
  }
}
