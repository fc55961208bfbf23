/**
 * The arena's prediction on the engine's Predictor: exact while sliding along its walls and
 * obstacles, a dead player does not move and takes the server's respawn spot. (The Predictor's
 * own behaviour is tested with the engine's fixture game: shared/netcode/Predictor.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { PlayerSchema } from '../../games/arena/shared/kinds.ts';
import { fromRecord, toRecord } from '../../shared/schema.ts';
import { generateMap, type GameMap } from '../../games/arena/shared/map.ts';
import { addPlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld, RULES, type Input, type Player, type World } from '../../games/arena/shared/world.ts';
import { Predictor } from '../../shared/netcode/Predictor.ts';
import { arena } from '../../games/arena/index.ts';
import type { PlayerView } from '../../games/arena/shared/kinds.ts';

const TICK_RATE = 30;
const DT = 1 / TICK_RATE;
const map: GameMap = generateMap(3, { width: 900, height: 900, obstacleDensity: 12 });

/** A server that runs the same step, takes inputs after a latency, acks what it applied. */
class FakeServer {
  readonly world: World = createWorld(map, 11);
  readonly player: Player;
  private readonly queue: Input[] = [];
  private lastAppliedSeq = 0;
  constructor() {
    this.player = addPlayer(this.world, 'me');
  }
  receive(input: Input): void {
    this.queue.push(input);
  }
  /** One tick taking `take` queued inputs; returns what the client decodes from the State. */
  tick(take = 1): { state: PlayerView; ackSeq: number } {
    const list = this.queue.splice(0, take);
    if (list.length > 0) this.lastAppliedSeq = list[list.length - 1]!.seq;
    step(this.world, list.length > 0 ? new Map([[this.player.id, list]]) : new Map(), DT);
    const decoded = fromRecord(PlayerSchema, toRecord(PlayerSchema, { ...this.player, vx: 0, vy: 0, ack: 0, ackRate: 0 }));
    return { state: decoded, ackSeq: this.lastAppliedSeq };
  }
}

/** Moves that change direction every 15 ticks, long enough to run into obstacles and walls. */
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
  return { seq, mx, my, aim: seq * 0.3, fire: seq % 7 === 0 };
}

interface Harness {
  server: FakeServer;
  predictor: Predictor;
  /** The client's own offline simulation of every input: what prediction must equal. */
  reference: World;
  run(ticks: number, opts?: { upTicks?: number; downTicks?: number; takeAt?: (t: number) => number; check?: boolean }): void;
  /** Deliver everything in flight with no new inputs. */
  flush(): void;
  /** Ticks in which the reference moved less than free movement would (walls, obstacles). */
  blockedTicks: number;
}

function harness(): Harness {
  const server = new FakeServer();
  const predictor = new Predictor({ game: arena, info: { map }, playerId: server.player.id, tickRate: TICK_RATE });
  const reference = createWorld(map, 0);
  reference.players.set(server.player.id, { ...server.player });
  const up: { at: number; input: Input }[] = [];
  const down: { at: number; msg: { state: PlayerView; ackSeq: number } }[] = [];
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
        const ref = reference.players.get(server.player.id)!;
        const [x0, y0] = [ref.x, ref.y];
        step(reference, new Map([[server.player.id, [input]]]), DT);
        const free = RULES.playerSpeed * DT * Math.min(1, Math.hypot(input.mx, input.my));
        if (Math.hypot(ref.x - x0, ref.y - y0) < free - 0.5) h.blockedTicks++;
        up.push({ at: t + upTicks, input });
        while (up.length > 0 && up[0]!.at <= t) server.receive(up.shift()!.input);
        down.push({ at: t + downTicks, msg: server.tick(opts.takeAt ? opts.takeAt(t) : 1) });
        while (down.length > 0 && down[0]!.at <= t) {
          const { state, ackSeq } = down.shift()!.msg;
          predictor.reconcile(state, ackSeq);
          if (opts.check !== false) {
            const ref = reference.players.get(server.player.id)!;
            expect(predictor.position).toEqual({ x: ref.x, y: ref.y });
            expect(predictor.pendingCount).toBe(seq - ackSeq);
          }
        }
      }
    },
  };
  return h;
}

describe("the arena predicted by the engine's Predictor", () => {
  it('replays unacknowledged inputs onto the server state and lands exactly on the prediction', () => {
    const h = harness();
    h.run(400);
    expect(h.predictor.stats.reconciles).toBeGreaterThan(390);
    expect(h.predictor.stats.corrections).toBe(0);
    // The run did slide along walls or obstacles, where prediction is easiest to get wrong.
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
  });

  it('blends a small server correction away over a few frames', () => {
    const h = harness();
    h.run(60);
    const before = h.predictor.renderPosition(1);
    h.server.player.x += 6; // the server knows better (say, a shove the client did not predict)
    h.reference.players.get(h.server.player.id)!.x += 6;
    h.run(20, { check: false });
    expect(h.predictor.stats.corrections).toBe(1);
    expect(h.predictor.stats.snaps).toBe(0);
    expect(h.predictor.stats.lastErrorUnits).toBeCloseTo(6, 5);
    const ref = h.reference.players.get(h.server.player.id)!;
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
    const target = { x: p.x < 450 ? p.x + 300 : p.x - 300, y: p.y };
    p.x = target.x;
    const refP = h.reference.players.get(p.id)!;
    refP.x = target.x;
    refP.y = p.y;
    h.run(10, { check: false });
    expect(h.predictor.stats.snaps).toBe(1);
    expect(h.predictor.correctionOffset).toEqual({ x: 0, y: 0 });
    expect(h.predictor.renderPosition(1)).toEqual(h.predictor.position);
  });

  it('does not move a dead player and takes the server respawn spot', () => {
    const h = harness();
    h.run(20);
    const p = h.server.player;
    p.alive = false;
    p.hp = 0;
    p.respawnInSec = 2;
    h.run(10, { check: false });
    expect(h.predictor.entity?.alive).toBe(false);
    const dead = h.predictor.position;
    h.run(10, { check: false });
    expect(h.predictor.position).toEqual(dead);
    for (let i = 0; i < 60; i++) h.predictor.advanceFrame(1 / 60);
    expect(h.predictor.renderPosition(0.5)).toEqual(dead);
    h.run(60, { check: false });
    h.flush();
    expect(h.predictor.entity?.alive).toBe(true);
    expect(h.predictor.position).toEqual({ x: p.x, y: p.y });
  });

  it('drops inputs up to ackSeq and keeps at most maxPending', () => {
    const predictor = new Predictor({ game: arena, info: { map }, playerId: 1, tickRate: TICK_RATE, maxPending: 4 });
    for (let s = 1; s <= 10; s++) predictor.applyInput(inputAt(s));
    expect(predictor.ready).toBe(false);
    expect(predictor.pendingCount).toBe(4);
    predictor.reconcile({ x: 450, y: 60, aim: 0, hp: 100, alive: true }, 8);
    expect(predictor.pendingCount).toBe(2);
    expect(predictor.ready).toBe(true);
    predictor.discardPending();
    predictor.reconcile({ x: 450, y: 60, aim: 0, hp: 100, alive: true }, 8);
    expect(predictor.position).toEqual({ x: 450, y: 60 });
  });
});
