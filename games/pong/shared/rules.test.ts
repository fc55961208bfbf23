import { describe, expect, it } from 'vitest';
import { pong } from '../index.ts';
import { NO_INPUTS, RecordingWriter } from '../testing.ts';
import type { PongEvent } from './events.ts';
import { Match, MatchSchema, Paddle } from './kinds.ts';
import { PHASE, TIMING } from './rules.ts';
import type { World } from './world.ts';

const DT = 1 / 60;
const SIZE = 600;

function court(pointsToWin = 3): World {
  return pong.create({ courtSize: SIZE, pointsToWin }, 1);
}

/** Step n ticks without inputs; the events of all of them. */
function steps(world: World, n: number): PongEvent[] {
  const out: PongEvent[] = [];
  for (let i = 0; i < n; i++) out.push(...(pong.step(world, NO_INPUTS, DT) as PongEvent[]));
  return out;
}

/** Step until an event matches (at most 10 s); the events up to and with it. */
function stepUntil(world: World, match: (e: PongEvent) => boolean): PongEvent[] {
  const out: PongEvent[] = [];
  for (let i = 0; i < 600; i++) {
    out.push(...(pong.step(world, NO_INPUTS, DT) as PongEvent[]));
    if (out.some(match)) return out;
  }
  throw new Error('no such event');
}

/** Straight into the playing phase with the ball served. */
function playing(world: World): void {
  steps(world, Math.round(TIMING.countdownSec / DT) + 1);
  expect(world.phase).toBe(PHASE.playing);
}

function matchRecord(world: World): Record<string, unknown> {
  const w = new RecordingWriter();
  pong.write(world, w);
  const m = w.take().find((e) => e.kind === Match.code)!;
  return Object.fromEntries(MatchSchema.keys.map((k, i) => [k, m.rec[i]]));
}

describe('pong sides', () => {
  it('players take bottom, top, left, right in turn; a fifth is refused', () => {
    const w = court();
    const ids = ['a', 'b', 'c', 'd'].map((n) => pong.seats.join(w, n));
    expect(w.paddles.map((p) => p?.id)).toEqual(ids);
    expect(w.paddles.map((p) => p?.side)).toEqual([0, 1, 2, 3]);
    expect(new Set(ids).size).toBe(4);
    expect(() => pong.seats.join(w, 'e')).toThrow(/full/);
  });

  it('a side left free is taken by the next to join; its id is not reused at once', () => {
    const w = court();
    const a = pong.seats.join(w, 'a');
    pong.seats.join(w, 'b');
    pong.seats.join(w, 'c');
    pong.seats.leave(w, a);
    const d = pong.seats.join(w, 'd');
    expect(w.paddles[0]!.id).toBe(d);
    expect(d).not.toBe(a);
  });

  it('paddles sit on their sides: bottom and top move in x, left and right in y', () => {
    const w = court();
    for (const n of ['a', 'b', 'c', 'd']) pong.seats.join(w, n);
    const out = new RecordingWriter();
    pong.write(w, out);
    const inset = w.geo.paddleInset;
    const pads = out
      .take()
      .filter((e) => e.kind === Paddle.code)
      .map((e) => [e.rec[0], e.rec[1], e.rec[6]]);
    expect(pads).toEqual([
      [3000, (SIZE - inset) * 10, 0],
      [3000, inset * 10, 1],
      [inset * 10, 3000, 2],
      [(SIZE - inset) * 10, 3000, 3],
    ]);
  });

  it('join and leave come out of the next step as events, and are announced', () => {
    const w = court();
    const a = pong.seats.join(w, 'ann');
    const events = steps(w, 1);
    expect(events).toEqual([{ type: 'joined', player: a, side: 0 }]);
    expect(pong.announce!(events[0]!, () => 'ann')).toEqual({ type: 'joined', name: 'ann', side: 'bottom' });
  });
});

describe('pong phases', () => {
  it('waits for two players, counts down 3 s, then serves', () => {
    const w = court();
    pong.seats.join(w, 'a');
    steps(w, 300);
    expect(w.phase).toBe(PHASE.waiting);
    pong.seats.join(w, 'b');
    expect(steps(w, 1).some((e) => e.type === 'countdown')).toBe(true);
    expect(matchRecord(w)).toMatchObject({ phase: PHASE.countdown, timer: 3, serving: true });
    steps(w, Math.round(TIMING.countdownSec / DT) - 1);
    expect(w.phase).toBe(PHASE.countdown);
    const events = steps(w, 1);
    expect(w.phase).toBe(PHASE.playing);
    expect(events.some((e) => e.type === 'serve')).toBe(true);
    expect(Math.hypot(w.ball.vx, w.ball.vy)).toBeCloseTo(w.geo.ballServeSpeed);
  });

  it('a missed ball is a point for the other side; the first to N wins, shown 5 s, then a new match', () => {
    const w = court(2);
    const a = pong.seats.join(w, 'a');
    const b = pong.seats.join(w, 'b');
    playing(w);
    const names = new Map([
      [a, 'ann'],
      [b, 'bob'],
    ]);
    const all: PongEvent[] = [];
    for (let n = 0; n < 2; n++) {
      // Put the ball just above the bottom paddle's far end, heading for the bottom edge: bottom misses.
      w.timerSec = 0;
      w.ball.x = 20;
      w.ball.y = SIZE - 60;
      w.ball.vx = 0;
      w.ball.vy = 600;
      all.push(...stepUntil(w, (e) => e.type === 'point'));
    }
    const points = all.filter((e) => e.type === 'point');
    expect(points.map((p) => [p.conceded, p.scorer, p.score])).toEqual([
      [0, 1, 1],
      [0, 1, 2],
    ]);
    expect(pong.announce!(points[0]!, (id) => names.get(id)!)).toMatchObject({ type: 'goal', conceded: 'bottom', scorer: 'top', scorerName: 'bob' });
    const won = all.find((e) => e.type === 'won')!;
    expect(won).toEqual({ type: 'won', side: 1, player: b, score: 2 });
    expect(pong.announce!(won, (id) => names.get(id)!)).toMatchObject({ type: 'won', name: 'bob', side: 'top' });
    expect(w.phase).toBe(PHASE.over);
    expect(matchRecord(w)).toMatchObject({ phase: PHASE.over, winner: 1, score1: 2, score0: 0 });
    steps(w, Math.round(TIMING.overSec / DT) - 1);
    expect(w.phase).toBe(PHASE.over);
    steps(w, 1);
    expect(w.phase).toBe(PHASE.countdown);
    expect(w.scores).toEqual([0, 0, 0, 0]);
    expect(w.winner).toBe(-1);
  });

  it('with three players, the point goes to the side that touched the ball last', () => {
    const w = court(9);
    for (const n of ['a', 'b', 'c']) pong.seats.join(w, n);
    playing(w);
    w.timerSec = 0;
    w.ball.x = 20;
    w.ball.y = SIZE - 60;
    w.ball.vx = 0;
    w.ball.vy = 600;
    w.ball.lastHit = 2;
    const p = steps(w, 30).find((e) => e.type === 'point')!;
    expect(p).toMatchObject({ conceded: 0, scorer: 2, score: 1 });
    expect(w.serveTo).toBe(0);
  });

  it('drops back to waiting when fewer than two players are in the court', () => {
    const w = court();
    const a = pong.seats.join(w, 'a');
    pong.seats.join(w, 'b');
    playing(w);
    pong.seats.hold(w, a);
    expect(steps(w, 1).some((e) => e.type === 'paused')).toBe(true);
    expect(w.phase).toBe(PHASE.waiting);
  });
});

describe('pong ball', () => {
  function served(): World {
    const w = court();
    pong.seats.join(w, 'a');
    pong.seats.join(w, 'b');
    playing(w);
    w.timerSec = 0;
    return w;
  }

  it('a paddle returns it, faster, and steeper the further from its centre it hits', () => {
    const w = served();
    const pad = w.paddles[0]!;
    w.ball.x = pad.along + 30;
    w.ball.y = SIZE / 2;
    w.ball.vx = 0;
    w.ball.vy = 500;
    steps(w, 60);
    expect(w.ball.vy).toBeLessThan(0);
    expect(w.ball.vx).toBeGreaterThan(0);
    expect(Math.hypot(w.ball.vx, w.ball.vy)).toBeCloseTo(500 * w.geo.ballSpeedUp);
    expect(w.ball.lastHit).toBe(0);
  });

  it('a side with no player is a wall', () => {
    const w = served();
    w.ball.x = 100;
    w.ball.y = SIZE / 2;
    w.ball.vx = -500;
    w.ball.vy = 0;
    steps(w, 30);
    expect(w.ball.vx).toBe(500);
    expect(w.ball.x).toBeGreaterThan(w.geo.ballRadius);
    expect(w.phase).toBe(PHASE.playing);
  });
});

describe('pong hold and restore', () => {
  it('a held paddle leaves the court (its side a wall) and comes back on its side with its score', () => {
    const w = court(9);
    const a = pong.seats.join(w, 'a');
    const b = pong.seats.join(w, 'b');
    pong.seats.join(w, 'c');
    playing(w);
    w.scores[1] = 4;
    const held = pong.seats.hold(w, b);
    expect(held).toEqual({ id: b, side: 1 });
    // Held: not written, shown as held in the match, its side not given to a newcomer.
    const out = new RecordingWriter();
    pong.write(w, out);
    expect(out.take().some((e) => e.id === b)).toBe(false);
    expect(matchRecord(w)).toMatchObject({ sides: 1 | (2 << 2) | (1 << 4), score1: 4 });
    const d = pong.seats.join(w, 'd');
    expect(w.paddles[3]!.id).toBe(d);
    // The ball bounces off the held side.
    w.timerSec = 0;
    w.ball.x = SIZE / 2;
    w.ball.y = 60;
    w.ball.vx = 0;
    w.ball.vy = -600;
    steps(w, 20);
    expect(w.ball.vy).toBeGreaterThan(0);
    pong.seats.restore(w, held);
    expect(w.paddles[1]).toMatchObject({ id: b, side: 1, held: false });
    expect(w.scores[1]).toBe(4);
    pong.write(w, out);
    expect(out.take().some((e) => e.id === b && e.kind === Paddle.code)).toBe(true);
    pong.seats.expire(w, pong.seats.hold(w, a));
    expect(w.paddles[0]).toBeNull();
    expect(w.scores[1]).toBe(4);
  });

  it('a match abandoned by all but one player loses its scores', () => {
    const w = court(9);
    const a = pong.seats.join(w, 'a');
    pong.seats.join(w, 'b');
    playing(w);
    w.scores[1] = 3;
    pong.seats.leave(w, a);
    expect(w.scores).toEqual([0, 0, 0, 0]);
  });
});
