import { describe, expect, it } from 'vitest';
import { fromRecord } from '../schema.ts';
import { createFixtureWorld, fixtureGame, MoverSchema, RULES, step, type FixtureInput, type FixtureWorld, type MoverState, type MoverView } from '../game/testing/fixtureGame.ts';
import { GameHarness, TestInputs } from '../game/testing/testKit.ts';
import type { StepInput } from '../game/inputs.ts';
import { Predictor } from './Predictor.ts';

const TICK_RATE = 30;
const DT = 1 / TICK_RATE;
/** A field small enough that the moves below run into its walls (where prediction is easiest to get wrong). */
const SIZE = 300;
const info = { size: SIZE };
type Input = StepInput<FixtureInput>;

/** A server that runs the game's step, takes inputs after a latency, acks what it applied. */
class FakeServer {
  readonly h = new GameHarness(fixtureGame, { size: SIZE }, 11, TICK_RATE);
  readonly id: number;
  private readonly queue: Input[] = [];
  private lastAppliedSeq = 0;
  constructor() {
    this.id = this.h.join('me');
    const m = this.player;
    // Near a corner: the moves below run into both walls.
    m.x = 5;
    m.y = 5;
  }
  get player(): MoverState {
    return this.h.world.movers.get(this.id)!;
  }
  receive(input: Input): void {
    this.queue.push(input);
  }
  /** One tick taking `take` queued inputs; returns what the client decodes from the State (the engine's snapshot record). */
  tick(take = 1): { state: MoverView; ackSeq: number } {
    const list = this.queue.splice(0, take);
    if (list.length > 0) this.lastAppliedSeq = list[list.length - 1]!.seq;
    this.h.step(list.length > 0 ? new Map([[this.id, list]]) : new Map());
    const decoded = fromRecord(MoverSchema, [...this.h.snapshot.entities.get(this.id)!.rec]);
    return { state: decoded, ackSeq: this.lastAppliedSeq };
  }
}

const kit = new GameHarness(fixtureGame, { size: SIZE });
const normalize = (i: Partial<FixtureInput> & { seq: number }): Input => kit.normalize(i);

/** Moves that change direction every 15 ticks, long enough to run into the walls; throttle and brake vary. */
function inputAt(seq: number): Input {
  const dirs = [
    [1, 0],
    [1, 1],
    [0, 1],
    [-1, 1],
    [-1, 0],
    [-1, -1],
    [0, -1],
    [1, -1],
    [0, 0],
  ] as const;
  const [mx, my] = dirs[Math.floor(seq / 15) % dirs.length]!;
  // (Through the engine's normalization, as the server's queue would: the diagonal's length is capped by the rule.)
  return normalize({ seq, mx, my, aim: seq * 0.3, throttle: 2 - (seq % 3) * 0.4, fire: seq % 7 === 0, brake: seq % 5 === 0 });
}

interface Harness {
  server: FakeServer;
  predictor: Predictor;
  /** The client's own offline simulation of every input: what prediction must equal. */
  reference: FixtureWorld;
  run(ticks: number, opts?: { upTicks?: number; downTicks?: number; takeAt?: (t: number) => number; check?: boolean }): void;
  /** Deliver everything in flight with no new inputs. */
  flush(): void;
  /** Ticks in which the reference moved less than free movement would (walls). */
  blockedTicks: number;
}

function harness(): Harness {
  const server = new FakeServer();
  const predictor = new Predictor({ game: fixtureGame, info, playerId: server.id, tickRate: TICK_RATE });
  const reference = createFixtureWorld({ size: SIZE }, 0);
  reference.movers.set(server.id, { ...server.player, target: { ...server.player.target } });
  const refInputs = new TestInputs<FixtureInput>();
  const up: { at: number; input: Input }[] = [];
  const down: { at: number; msg: { state: MoverView; ackSeq: number } }[] = [];
  let t = 0;
  let seq = 0;
  // The first State arrives before any input (as after Welcome).
  predictor.reconcile(server.tick(0).state, 0);
  const h: Harness = {
    server,
    predictor,
    reference,
    blockedTicks: 0,
    flush() {
      while (up.length > 0) server.receive(up.shift()!.input);
      for (const d of down.splice(0)) predictor.reconcile(d.msg.state, d.msg.ackSeq);
      const { state, ackSeq } = server.tick(1000);
      predictor.reconcile(state, ackSeq);
    },
    run(ticks, opts = {}) {
      const upTicks = opts.upTicks ?? 3;
      const downTicks = opts.downTicks ?? 3;
      for (let i = 0; i < ticks; i++, t++) {
        const input = inputAt(++seq);
        predictor.applyInput(input);
        const ref = reference.movers.get(server.id)!;
        const [x0, y0] = [ref.x, ref.y];
        refInputs.clear();
        step(reference, refInputs.set(server.id, [input]), DT);
        const free = RULES.speed * input.throttle * (input.brake ? 0.5 : 1) * DT * Math.min(1, Math.hypot(input.mx, input.my));
        if (ref.alive && Math.hypot(ref.x - x0, ref.y - y0) < free - 0.5) h.blockedTicks++;
        up.push({ at: t + upTicks, input });
        while (up.length > 0 && up[0]!.at <= t) server.receive(up.shift()!.input);
        down.push({ at: t + downTicks, msg: server.tick(opts.takeAt ? opts.takeAt(t) : 1) });
        while (down.length > 0 && down[0]!.at <= t) {
          const { state, ackSeq } = down.shift()!.msg;
          predictor.reconcile(state, ackSeq);
          if (opts.check !== false) {
            const ref = reference.movers.get(server.id)!;
            expect(predictor.position).toEqual({ x: ref.x, y: ref.y });
            expect(predictor.pendingCount).toBe(seq - ackSeq);
          }
        }
      }
    },
  };
  return h;
}

describe('Predictor', () => {
  it('replays unacknowledged inputs onto the server state and lands exactly on the prediction', () => {
    const h = harness();
    h.run(400);
    expect(h.predictor.stats.reconciles).toBeGreaterThan(390);
    expect(h.predictor.stats.corrections).toBe(0);
    // The run did slide along walls, where prediction is easiest to get wrong.
    expect(h.blockedTicks).toBeGreaterThan(10);
    h.flush();
    expect(h.predictor.pendingCount).toBe(0);
    expect(h.predictor.position).toEqual({ x: h.server.player.x, y: h.server.player.y });
    expect(h.predictor.renderPosition(1)).toEqual(h.predictor.position);
  });

  it('stays exact when the server applies zero or several inputs in a tick (jitter, backlog)', () => {
    const h = harness();
    h.run(300, { upTicks: 2, downTicks: 4, takeAt: (t) => (t % 5 === 0 ? 0 : t % 5 === 1 ? 2 : 1) });
    expect(h.predictor.stats.corrections).toBe(0);
    expect(h.predictor.stats.reconciles).toBeGreaterThan(290);
  });

  it('blends a small server correction away over a few frames', () => {
    const h = harness();
    h.run(60);
    const before = h.predictor.renderPosition(1);
    const shove = h.server.player.x < SIZE / 2 ? 6 : -6; // away from the wall, so nothing clamps it
    h.server.player.x += shove; // the server knows better (say, a shove the client did not predict)
    h.reference.movers.get(h.server.id)!.x += shove;
    h.run(20, { check: false });
    expect(h.predictor.stats.corrections).toBe(1);
    expect(h.predictor.stats.snaps).toBe(0);
    expect(h.predictor.stats.lastErrorUnits).toBeCloseTo(6, 5);
    const ref = h.reference.movers.get(h.server.id)!;
    expect(h.predictor.position).toEqual({ x: ref.x, y: ref.y });
    // Part of the correction is still on screen, then it decays to nothing.
    expect(Math.abs(h.predictor.correctionOffset.x)).toBeGreaterThan(0);
    for (let i = 0; i < 60; i++) h.predictor.advanceFrame(1 / 60);
    expect(h.predictor.correctionOffset).toEqual({ x: 0, y: 0 });
    expect(h.predictor.renderPosition(1)).toEqual(h.predictor.position);
    expect(before).not.toEqual(h.predictor.renderPosition(1));
  });

  it('snaps on a large correction (teleport)', () => {
    const h = harness();
    h.run(30);
    const p = h.server.player;
    const target = { x: p.x < SIZE / 2 ? p.x + 150 : p.x - 150, y: p.y };
    p.x = target.x;
    const refP = h.reference.movers.get(p.id)!;
    refP.x = target.x;
    refP.y = p.y;
    h.run(10, { check: false });
    expect(h.predictor.stats.snaps).toBe(1);
    expect(h.predictor.correctionOffset).toEqual({ x: 0, y: 0 });
    expect(h.predictor.renderPosition(1)).toEqual(h.predictor.position);
  });

  it("does not move a dead seat (the game's predict) and takes the server's respawn spot", () => {
    const h = harness();
    h.run(20);
    const p = h.server.player;
    p.alive = false;
    p.respawnTicks = 60;
    h.run(10, { check: false });
    expect(h.predictor.entity?.['alive']).toBe(false);
    const dead = h.predictor.position;
    h.run(10, { check: false });
    expect(h.predictor.position).toEqual(dead);
    for (let i = 0; i < 60; i++) h.predictor.advanceFrame(1 / 60);
    expect(h.predictor.renderPosition(0.5)).toEqual(dead);
    h.run(60, { check: false });
    h.flush();
    expect(h.predictor.entity?.['alive']).toBe(true);
    expect(h.predictor.position).toEqual({ x: p.x, y: p.y });
  });

  it('drops inputs up to ackSeq and keeps at most maxPending', () => {
    const predictor = new Predictor({ game: fixtureGame, info, playerId: 2, tickRate: TICK_RATE, maxPending: 4 });
    for (let s = 1; s <= 10; s++) predictor.applyInput(inputAt(s));
    expect(predictor.ready).toBe(false);
    expect(predictor.pendingCount).toBe(4);
    predictor.reconcile({ x: 200, y: 60, aim: 0, alive: true }, 8);
    expect(predictor.pendingCount).toBe(2);
    expect(predictor.ready).toBe(true);
    predictor.discardPending();
    predictor.reconcile({ x: 200, y: 60, aim: 0, alive: true }, 8);
    expect(predictor.position).toEqual({ x: 200, y: 60 });
  });

  it('normalizes what it is given as the server would (the clamp, the rule, the neutral throttle)', () => {
    const predictor = new Predictor({ game: fixtureGame, info, playerId: 2, tickRate: TICK_RATE });
    predictor.reconcile({ x: 200, y: 200, aim: 0, alive: true }, 0);
    // mx 5 is clamped to 1, (1, 1) capped to length 1, a missing throttle is its neutral 1.
    predictor.applyInput({ seq: 1, mx: 5, my: 1 });
    const d = RULES.speed * DT * Math.SQRT1_2;
    expect(predictor.position.x).toBeCloseTo(200 + d, 1);
    expect(predictor.position.y).toBeCloseTo(200 + d, 1);
  });

  it('refuses a game without prediction, or whose seat has no position', () => {
    expect(() => new Predictor({ game: { ...fixtureGame, predict: undefined }, info, playerId: 2, tickRate: TICK_RATE })).toThrow(/predicts nothing/);
    expect(() => new Predictor({ game: { ...fixtureGame, seat: { ...fixtureGame.seat, position: null } }, info, playerId: 2, tickRate: TICK_RATE })).toThrow(/needs a position/);
    expect(() => new Predictor({ game: fixtureGame, info: {}, playerId: 2, tickRate: TICK_RATE })).toThrow(/field size/);
  });
});

describe('Predictor.renderAhead', () => {
  const at = (x: number, y: number): Predictor => {
    const p = new Predictor({ game: fixtureGame, info, playerId: 2, tickRate: TICK_RATE });
    p.reconcile({ x, y, aim: 0, alive: true }, 0);
    return p;
  };
  const tickUnits = RULES.speed * DT;

  it('previews the fraction of a tick with the input held now, commits nothing, and meets the committed step', () => {
    const p = at(200, 200);
    expect(p.renderAhead({ mx: 0, my: 0 }, 0.5)).toEqual({ x: 200, y: 200 });
    expect(p.renderAhead({ mx: 1, my: 0 }, 0.5)).toEqual({ x: 200 + tickUnits / 2, y: 200 });
    expect(p.position).toEqual({ x: 200, y: 200 });
    const end = p.renderAhead({ mx: 1, my: 0 }, 1);
    p.applyInput({ seq: 1, mx: 1, my: 0 });
    expect(p.renderAhead({ mx: 1, my: 0 }, 0)).toEqual(end);
  });

  it('stops at the walls like the step does', () => {
    expect(at(SIZE - 1, 200).renderAhead({ mx: 1, my: 0 }, 1).x).toBe(SIZE);
  });

  it('slides back instead of jumping when the input is released mid-tick', () => {
    const p = at(200, 200);
    const moving = p.renderAhead({ mx: 0, my: 1 }, 0.6);
    expect(moving.y).toBeGreaterThan(200);
    expect(p.renderAhead({ mx: 0, my: 0 }, 0.7)).toEqual(moving);
    for (let i = 0; i < 60; i++) p.advanceFrame(1 / 60);
    expect(p.renderAhead({ mx: 0, my: 0 }, 0.9)).toEqual({ x: 200, y: 200 });
  });
});
