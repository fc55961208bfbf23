/**
 * The replay viewer's player, without Phaser or the DOM: a virtual clock over a recording's
 * ticks (play, pause, speed, seek, step), the NetSession the game's view draws from, fed with the
 * recorded states on that clock, and whose eyes the view looks through (a player's, or none for
 * the free camera).
 *
 * Time is a fractional tick `at`; the clock reads at × tick length, the same scale the recorded
 * states are received on (RecordedStates), and the session interpolates with no delay: at a
 * whole tick the view draws exactly that tick's recorded state, between two ticks it interpolates
 * them as the live game does. The session always holds the tick after `at`'s (the pair to
 * interpolate), so its latest state (the scoreboard) is that one.
 *
 * A seek backward or far forward, and a change of whose view, make a new session and a new view
 * (the host calls open then catchUp): the session is fed from HISTORY_SEC before the target, so
 * the kill feed, the respawn timers and the like show what they showed at that moment.
 */
import type { Clock } from '../../shared/clock.ts';
import type { Announcement, AnyGame } from '../../shared/game/GameDefinition.ts';
import type { WelcomeInfo } from '../../shared/protocol.ts';
import type { Problem, Recording } from '../../shared/replay/frames.ts';
import { RecordingError } from '../../shared/replay/bytes.ts';
import { NetSession, type ViewSession } from '../net/NetSession.ts';
import { RecordedStates } from './RecordedStates.ts';

/** How much of the recording a new session is fed before the moment it shows. */
export const HISTORY_SEC = 8;
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export type Announce = (a: Announcement, nowMs: number) => void;

export interface PlayerEntry {
  readonly id: number;
  readonly name: string;
}

export class Playback<G extends AnyGame = AnyGame> {
  readonly source: RecordedStates;
  readonly tickRate: number;
  readonly clock: Clock = { now: () => this.source.timeOfTick(this.at) };
  /** Recording problems: the reader's, then any found while playing. */
  readonly problems: Problem[];
  /** The virtual time, a fractional tick. */
  at: number;
  speed = 1;
  playing = false;
  /** Whose view: a player's id, or 0 (free camera, nobody's). */
  follow = 0;
  session: ViewSession<G> | null = null;
  private rebuild = true;
  private announce: Announce | null = null;
  private readonly historyTicks: number;
  private readonly names = new Map<number, string>();
  private readonly problemListeners: ((p: Problem) => void)[] = [];

  constructor(
    readonly game: G,
    readonly recording: Recording,
    opts: { historySec?: number } = {},
  ) {
    const h = recording.header;
    this.tickRate = h.tickRate > 0 ? h.tickRate : 30;
    this.source = new RecordedStates(game, recording.ticks, this.tickRate);
    this.problems = [...recording.problems];
    this.historyTicks = Math.ceil((opts.historySec ?? HISTORY_SEC) * this.tickRate);
    this.at = this.source.firstTick;
    for (const t of recording.ticks) for (const op of t.ops) if (op.op === 'join') this.names.set(op.id, op.name);
  }

  get firstTick(): number {
    return this.source.firstTick;
  }

  get lastTick(): number {
    return this.source.lastTick;
  }

  /** The whole tick shown. */
  get tick(): number {
    return Math.floor(this.at);
  }

  /** True when the view must be made anew (open, then catchUp): the host restarts its scene. */
  get needsRebuild(): boolean {
    return this.rebuild;
  }

  onProblem(listener: (p: Problem) => void): void {
    this.problemListeners.push(listener);
  }

  /** A problem found outside the recording's states (the game's view cannot draw it, say). */
  report(message: string, fatal = true): void {
    const problem = { fatal, message };
    this.problems.push(problem);
    for (const l of this.problemListeners) l(problem);
  }

  /** A new session at the current time, fed from HISTORY_SEC before it up to its first state (then the view is made, then catchUp). */
  open(): ViewSession<G> {
    this.session?.dispose();
    this.session = null;
    this.announce = null;
    const keep = this.at;
    // (A state that does not apply shortens the recording: seek again within what is left.)
    for (let tries = 0; tries < 8; tries++) {
      this.at = Math.max(this.firstTick, Math.min(this.lastTick, Math.floor(keep)) - this.historyTicks);
      if (this.guard(() => this.source.seek(this.at))) break;
    }
    const session: ViewSession<G> = new NetSession(this.source, this.welcome(), this.clock, { game: this.game, interpDelayMs: 0, predict: false, alignInputs: false });
    this.session = session;
    this.at = Math.min(keep, this.lastTick);
    this.rebuild = false;
    return session;
  }

  /** Feed the new session (and the view, through announce) from where open left it up to now. */
  catchUp(announce: Announce): void {
    this.announce = announce;
    const keep = this.at;
    this.announceAt(this.source.tick);
    while (this.source.tick < Math.min(this.lastTick, Math.floor(keep) + 1)) {
      this.at = this.source.tick + 1;
      if (!this.advanceOne()) break;
    }
    this.at = Math.min(keep, this.lastTick);
  }

  /** One frame of real time: the clock moves (when playing) and the session gets the states up to the next tick. */
  frame(realMs: number): void {
    if (this.playing) {
      this.at += (realMs / this.source.tickMs) * this.speed;
      if (this.at >= this.lastTick) {
        this.at = this.lastTick;
        this.playing = false;
      }
    }
    this.feed();
  }

  play(): void {
    if (this.at >= this.lastTick) this.seek(this.firstTick);
    this.playing = true;
  }

  /** Stop on the whole tick shown: the view then draws exactly that tick's recorded state. */
  pause(): void {
    this.playing = false;
    this.at = Math.floor(this.at);
  }

  setSpeed(speed: number): void {
    if (SPEEDS.includes(speed as (typeof SPEEDS)[number])) this.speed = speed;
  }

  /** Show a tick (clamped): forward by less than the history in place, else through a new session. */
  seek(tick: number): void {
    const t = Math.max(this.firstTick, Math.min(this.lastTick, Math.floor(tick)));
    const forward = t >= this.tick && t - this.tick <= this.historyTicks;
    this.at = t;
    if (forward && this.session && !this.rebuild) this.feed();
    else this.rebuild = true;
  }

  /** Pause and move one tick. */
  step(by: 1 | -1): void {
    this.pause();
    this.seek(this.tick + by);
  }

  /** Look through a player's eyes (its id), or nobody's (0: the free camera). */
  setFollow(id: number): void {
    if (id === this.follow) return;
    this.follow = id;
    this.rebuild = true;
  }

  /** The players in the world at the shown moment (the game's seat entities), by id. */
  players(): PlayerEntry[] {
    const out: PlayerEntry[] = [];
    for (const e of this.session?.latest(this.game.seat) ?? []) {
      const name = (e as Record<string, unknown>)['name'];
      out.push({ id: e.id, name: typeof name === 'string' && name !== '' ? name : (this.names.get(e.id) ?? `player ${e.id}`) });
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** A recorded player's name (from its join), or null. */
  nameOf(id: number): string | null {
    return this.names.get(id) ?? null;
  }

  /** The session holds the tick after the shown one (the pair to interpolate), or the last. */
  private feed(): void {
    if (!this.session || this.rebuild) return;
    const want = Math.min(this.lastTick, this.tick + 1);
    while (this.source.tick < want) if (!this.advanceOne()) break;
  }

  /** The source's next tick into the session, and its announcements into the view. */
  private advanceOne(): boolean {
    let moved = false;
    this.guard(() => (moved = this.source.advance()));
    if (moved) this.announceAt(this.source.tick);
    return moved;
  }

  private announceAt(tick: number): void {
    if (!this.announce) return;
    for (const e of this.source.events(tick)) if (e.type === 'announce') this.announce(e.announcement, this.source.timeOfTick(tick));
  }

  /** Run a move of the source; a state that does not apply ends the playable recording before it: reported, paused there (false). */
  private guard(move: () => unknown): boolean {
    try {
      move();
      return true;
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      this.report(e.message);
      this.playing = false;
      this.at = Math.min(this.at, this.lastTick);
      this.rebuild = true;
      return false;
    }
  }

  private welcome(): WelcomeInfo {
    const h = this.recording.header;
    return { protocol: h.protocol, roomId: h.roomId, playerId: this.follow, tickRate: this.tickRate, game: h.game, info: h.info, roomType: h.mode };
  }
}
