/**
 * A recording's states as a NetSession's source (client/net/StateSource.ts): the Timeline's view
 * (shared/replay/Timeline.ts) moved by seek and advance, each move announced as the State a live
 * client would have taken, received at the tick's own time (tick × tick length), so the
 * interpolation timeline of a session fed from here is the recording's ticks, with no offset.
 *
 * A recorded state that does not apply (a recording damaged past its CRCs, or written wrong)
 * ends the playable recording before that tick: the timeline is rebuilt over the ticks before it,
 * and the error is thrown to the caller (Playback reports it).
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { TickRecord } from '../../shared/replay/format.ts';
import { Timeline } from '../../shared/replay/Timeline.ts';
import { RecordingError } from '../../shared/replay/bytes.ts';
import { Emitter } from '../../shared/sdk/Emitter.ts';
import type { ClientView } from '../../shared/sync/clientView.ts';
import type { StateSource, StateSourceEvents } from '../net/StateSource.ts';

export class RecordedStates extends Emitter<StateSourceEvents> implements StateSource {
  /** A recording sends no input: nothing is ever acknowledged. */
  readonly ackSeq = 0;
  readonly tickMs: number;
  private timeline: Timeline;

  constructor(
    readonly game: AnyGame,
    ticks: readonly TickRecord[],
    tickRate: number,
  ) {
    super();
    this.tickMs = 1000 / tickRate;
    this.timeline = new Timeline(ticks, game.kinds);
  }

  get view(): ClientView {
    return this.timeline.view;
  }

  /** The tick the view holds (0 before the first seek). */
  get tick(): number {
    return this.timeline.tick;
  }

  get firstTick(): number {
    return this.timeline.firstTick;
  }

  /** The last tick that can be shown (earlier than the recording's after a state that did not apply). */
  get lastTick(): number {
    return this.timeline.lastTick;
  }

  /** Where a tick is on the interpolation timeline, ms. */
  timeOfTick(tick: number): number {
    return tick * this.tickMs;
  }

  record(tick: number): TickRecord | undefined {
    return this.timeline.record(tick);
  }

  /** The room events recorded at a tick (joins, leaves, announcements). */
  events(tick: number): ReturnType<Timeline['events']> {
    return this.timeline.events(tick);
  }

  /** Show `tick` (clamped): the view goes there from its keyframe; taken as a full state. */
  seek(tick: number): void {
    this.guard(() => this.timeline.seek(tick));
    this.emitState(true);
  }

  /** Show the next tick (false at the end). */
  advance(): boolean {
    if (!this.guard(() => this.timeline.advance())) return false;
    this.emitState(false);
    return true;
  }

  private guard<T>(move: () => T): T {
    const from = this.timeline.tick;
    try {
      return move();
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      const failed = Number(/^tick (\d+)/.exec(e.message)?.[1] ?? from + 1);
      const t = this.timeline;
      // The ticks before the one that failed stay playable (none when the first fails).
      this.timeline = new Timeline(t.ticks.slice(0, Math.max(0, failed - t.firstTick)), this.game.kinds);
      throw e;
    }
  }

  private emitState(full: boolean): void {
    const tick = this.timeline.tick;
    this.emit('state', { tick, baseTick: full ? 0 : tick - 1, ackSeq: 0, full, bytes: this.record(tick)?.state.length ?? 0, receivedAtMs: this.timeOfTick(tick) });
  }
}
