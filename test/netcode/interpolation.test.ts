/**
 * The adaptive interpolation through the network simulator, on a manual clock: a server makes
 * a snapshot every tick (entity 1 at x = 10 · tick), States travel through a DelayQueue, and a
 * 60 Hz render loop samples the Interpolator. The drawn position is always the one of the
 * render tick (the right snapshot pair), never goes backwards, the buffer (almost) never
 * starves, and the delay follows the jitter and the snapshot rate.
 */
import { describe, expect, it } from 'vitest';
import { DelayQueue, type NetSimOptions } from '../../shared/netcode/DelayQueue.ts';
import { Interpolator, type Positioned } from '../../shared/netcode/Interpolator.ts';
import { ManualTimers, seededRandom } from './manualTimers.ts';

const TICK_RATE = 30;
const TICK_MS = 1000 / TICK_RATE;
const FRAME_MS = 1000 / 60;

interface Phase {
  frames: number;
  starved: number;
  wrongPair: number;
  backwards: number;
  meanDelayMs: number;
}

function harness() {
  const timers = new ManualTimers();
  const interp = new Interpolator<Positioned>({ tickRate: TICK_RATE });
  let tick = 0;
  let lastX = -Infinity;
  // The server's ticks follow the clock across phases (a phase only changes the network).
  let nextTick = timers.clock.now();
  let nextFrame = timers.clock.now() + 3;
  /** Run ms with the given network, a snapshot every `every` ticks; returns what the frames saw. */
  const run = (ms: number, net: NetSimOptions, every = 1, seed = 1): Phase => {
    const down = new DelayQueue<number>(net, { clock: timers.clock, schedule: timers.schedule, random: seededRandom(seed) }, (t) =>
      interp.push(t, timers.clock.now(), new Map([[1, { x: t * 10, y: 0 }]])),
    );
    const out: Phase = { frames: 0, starved: 0, wrongPair: 0, backwards: 0, meanDelayMs: 0 };
    const end = timers.clock.now() + ms;
    while (timers.clock.now() < end) {
      if (nextTick <= nextFrame) {
        timers.advance(nextTick - timers.clock.now());
        tick++;
        if (tick % every === 0) down.push(tick);
        nextTick += TICK_MS;
        continue;
      }
      timers.advance(nextFrame - timers.clock.now());
      nextFrame += FRAME_MS;
      const before = interp.stats.extrapolated;
      const x = interp.sample(timers.clock.now()).get(1)?.x;
      if (x === undefined || interp.size < 2) continue;
      out.frames++;
      out.meanDelayMs += interp.delayMs;
      const starved = interp.stats.extrapolated > before;
      if (starved) out.starved++;
      // Linear motion: the right pair of snapshots gives exactly 10 × the render tick.
      else if (Math.abs(x - 10 * interp.renderTick(timers.clock.now())) > 1e-6) out.wrongPair++;
      if (x < lastX - 1e-9) out.backwards++;
      lastX = x;
    }
    out.meanDelayMs /= Math.max(1, out.frames);
    return out;
  };
  return { run, interp };
}

describe('adaptive interpolation through the network simulator', () => {
  it('picks the right snapshot pair, never goes backwards, starves < 0.5 % of frames at 150 ms ± 30 ms', () => {
    const h = harness();
    h.run(2000, { lagMs: 150, jitterMs: 30 }); // settle
    const p = h.run(30_000, { lagMs: 150, jitterMs: 30 }, 1, 2);
    expect(p.frames).toBeGreaterThan(1700);
    expect(p.wrongPair).toBe(0);
    expect(p.backwards).toBe(0);
    expect(p.starved / p.frames).toBeLessThan(0.005);
    // The delay covers one interval plus the jitter, and not much more.
    expect(p.meanDelayMs).toBeGreaterThan(TICK_MS + 10);
    expect(p.meanDelayMs).toBeLessThan(TICK_MS + 60);
  });

  it('adapts the delay: smaller without jitter, larger at half the snapshot rate, no jumps back', () => {
    const h = harness();
    h.run(3000, { lagMs: 150, jitterMs: 30 });
    const jittery = h.run(5000, { lagMs: 150, jitterMs: 30 }, 1, 3);
    h.run(4000, { lagMs: 150, jitterMs: 0 }); // the window forgets the jitter
    const calm = h.run(5000, { lagMs: 150, jitterMs: 0 });
    h.run(4000, { lagMs: 150, jitterMs: 0 }, 2);
    const halfRate = h.run(5000, { lagMs: 150, jitterMs: 0 }, 2);
    expect(calm.meanDelayMs).toBeLessThan(jittery.meanDelayMs - 10);
    expect(calm.meanDelayMs).toBeLessThan(TICK_MS + 15);
    expect(halfRate.meanDelayMs).toBeGreaterThan(2 * TICK_MS);
    for (const p of [jittery, calm, halfRate]) {
      expect(p.backwards).toBe(0);
      expect(p.wrongPair).toBe(0);
      expect(p.starved / p.frames).toBeLessThan(0.005);
    }
  });
});
