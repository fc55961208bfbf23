/**
 * Liveness of a connection from the traffic it brings: a joined client gets a State every tick
 * (30 a second by default), so a few hundred milliseconds of silence is news even when the
 * socket has not closed (a Wi-Fi dead spot, a mobile handover, a browser's offline mode all
 * stall a WebSocket without closing it). Pure: the caller passes the time.
 *
 * `check` reports 'stalled' once when the silence passes `stallAfterMs`, 'resumed' once when
 * traffic comes back, and 'dead' once when it passes `deadAfterMs` (then the caller drops the
 * connection and reconnects as after a real drop).
 */

export interface LivenessOptions {
  /** Silence after which the connection counts as stalled (ms). */
  stallAfterMs: number;
  /** Silence after which it is given up on and dropped (ms). */
  deadAfterMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { stallAfterMs: 400, deadAfterMs: 4000 };

export type LivenessChange = 'stalled' | 'resumed' | 'dead' | null;

export class Liveness {
  private lastHeardMs = NaN;
  private stalledSinceMs = NaN;
  private deadReported = false;
  private pendingResume = false;
  /** How long the last stall lasted, from the last traffic before it to the first after (ms). */
  lastStallMs = 0;

  constructor(private readonly opts: LivenessOptions = DEFAULT_LIVENESS) {}

  /** True between a 'stalled' and the traffic that ends it. */
  get stalled(): boolean {
    return !Number.isNaN(this.stalledSinceMs);
  }

  /** When the current silence began (NaN when not stalled). */
  get silentSinceMs(): number {
    return this.stalled ? this.lastHeardMs : NaN;
  }

  /** Traffic arrived (any message). */
  heard(nowMs: number): void {
    if (this.stalled) this.lastStallMs = nowMs - this.lastHeardMs;
    this.lastHeardMs = nowMs;
    if (this.stalled) {
      this.stalledSinceMs = NaN;
      this.pendingResume = true;
    }
    this.deadReported = false;
  }

  /** Start over (a new socket): silence is counted from now. */
  reset(nowMs: number): void {
    this.lastHeardMs = nowMs;
    this.stalledSinceMs = NaN;
    this.deadReported = false;
    this.pendingResume = false;
  }

  /** What changed since the last check (at most one change a call; call it every frame). */
  check(nowMs: number): LivenessChange {
    if (this.pendingResume) {
      this.pendingResume = false;
      return 'resumed';
    }
    if (Number.isNaN(this.lastHeardMs)) return null;
    const silentMs = nowMs - this.lastHeardMs;
    if (!this.stalled && silentMs >= this.opts.stallAfterMs) {
      this.stalledSinceMs = nowMs;
      return 'stalled';
    }
    if (this.stalled && !this.deadReported && silentMs >= this.opts.deadAfterMs) {
      this.deadReported = true;
      return 'dead';
    }
    return null;
  }
}
