/**
 * This process's own event-loop stalls, so a late /healthz answer or State is not blamed on the
 * server when the fuzzer itself (or the machine, for it) was not running: a 10 ms beat whose
 * gaps are kept for a few seconds. Between t0 and t1 (performance.now() times), `blockedMs` is
 * the time the beats were late in all (what a measured latency includes), `longestMs` the
 * longest single gap beyond the beat (what compares with another process's worst delay).
 */
const BEAT_MS = 10;
const KEEP = 1024;

export class SelfDelay {
  private readonly beats = new Float64Array(KEEP);
  private n = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  start(): void {
    this.beats[this.n++ % KEEP] = performance.now();
    this.timer = setInterval(() => (this.beats[this.n++ % KEEP] = performance.now()), BEAT_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  blockedMs(t0: number, t1: number): number {
    return this.scan(t0, t1, true);
  }

  longestMs(t0: number, t1: number): number {
    return this.scan(t0, t1, false);
  }

  private scan(t0: number, t1: number, sum: boolean): number {
    let worst = 0;
    const oldest = Math.max(1, this.n - KEEP + 1);
    for (let i = this.n - 1; i >= oldest; i--) {
      const at = this.beats[i % KEEP]!;
      if (at < t0) break;
      if (at > t1 + BEAT_MS * 2) continue;
      const late = Math.max(0, at - this.beats[(i - 1) % KEEP]! - BEAT_MS);
      worst = sum ? worst + late : Math.max(worst, late);
    }
    return worst;
  }
}
