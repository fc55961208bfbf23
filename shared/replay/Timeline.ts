/**
 * The recorded states of a recording as a client view at any tick: seek goes to the keyframe at
 * or before the tick and applies the recorded deltas from there (the viewer's seek, and how
 * verification rebuilds what was recorded); advance applies the next one.
 */
import { decode } from '../codec.ts';
import type { EntityKind } from '../game/GameDefinition.ts';
import type { RoomEvent } from '../protocol.ts';
import { ClientView } from '../sync/clientView.ts';
import { readStateHeader } from '../sync/stateHeader.ts';
import { RecordingError } from './bytes.ts';
import type { TickRecord } from './format.ts';

/** Apply a recorded State message (msgpack bytes) to a view. Throws RecordingError when it does not fit. */
export function applyState(view: ClientView, bytes: Uint8Array, tick: number): void {
  let msg: unknown;
  try {
    msg = decode(bytes);
  } catch {
    throw new RecordingError(`tick ${tick}: the recorded state is not msgpack`);
  }
  const m = Array.isArray(msg) ? msg : [];
  const h = readStateHeader(m);
  if (h === null || h.tick !== tick) throw new RecordingError(`tick ${tick}: the recorded state is not a State of this tick`);
  try {
    view.apply(h.tick, h.baseTick, m[3], m[4], m[5], m[6]);
  } catch (e) {
    throw new RecordingError(`tick ${tick}: the recorded state does not apply (${(e as Error).message.slice(0, 120)})`);
  }
}

export class Timeline {
  readonly view: ClientView;
  /** The tick the view shows (0: none yet). */
  tick = 0;
  /** Ticks with a keyframe, ascending. */
  readonly keyframes: readonly number[];
  readonly firstTick: number;
  readonly lastTick: number;

  constructor(
    readonly ticks: readonly TickRecord[],
    kinds: readonly EntityKind[],
  ) {
    this.view = new ClientView(kinds);
    this.keyframes = ticks.filter((t) => t.keyframe !== null).map((t) => t.tick);
    this.firstTick = ticks[0]?.tick ?? 0;
    this.lastTick = ticks[ticks.length - 1]?.tick ?? 0;
  }

  record(tick: number): TickRecord | undefined {
    return this.ticks[tick - this.firstTick];
  }

  /** Show `tick` (clamped to the recording): from the nearest keyframe at or before it, or onward from where the view is when that is nearer. */
  seek(tick: number): ClientView {
    const t = Math.max(this.firstTick, Math.min(this.lastTick, Math.floor(tick)));
    const key = this.keyframeAtOrBefore(t);
    if (!(this.tick > 0 && this.tick <= t && this.tick >= key)) {
      const rec = this.record(key)!;
      applyState(this.view, rec.keyframe ?? rec.state, key);
      this.tick = key;
    }
    while (this.tick < t) this.advance();
    return this.view;
  }

  /** Apply the next tick's recorded delta (false at the end). */
  advance(): boolean {
    if (this.tick === 0) {
      this.seek(this.firstTick);
      return true;
    }
    const rec = this.record(this.tick + 1);
    if (!rec) return false;
    applyState(this.view, rec.state, rec.tick);
    this.tick = rec.tick;
    return true;
  }

  /** The room events recorded at a tick (joins, leaves, announcements), decoded. */
  events(tick: number): RoomEvent[] {
    const out: RoomEvent[] = [];
    for (const b of this.record(tick)?.events ?? []) {
      try {
        const m = decode(b) as unknown[];
        if (Array.isArray(m) && typeof m[1] === 'object' && m[1] !== null) out.push(m[1] as RoomEvent);
      } catch {
        // (an undecodable event is shown as nothing; verification reports damage by CRC)
      }
    }
    return out;
  }

  private keyframeAtOrBefore(t: number): number {
    const k = this.keyframes;
    let lo = 0;
    let hi = k.length - 1;
    let best = this.firstTick;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (k[mid]! <= t) {
        best = k[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }
}
