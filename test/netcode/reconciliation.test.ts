/**
 * Prediction and reconciliation through the network simulator, on a manual clock: the client
 * predicts every input with the shared step; the server (the same step, the real InputQueue,
 * which batches inputs that arrive together) acknowledges what it applied; States and inputs
 * travel through DelayQueues at 150 ms RTT ± 30 ms. Steady movement, walls included, never
 * needs a correction; a server-side push is blended; a teleport snaps.
 */
import { describe, expect, it } from 'vitest';
import { PlayerSchema } from '../../games/arena/shared/kinds.ts';
import { DelayQueue } from '../../shared/netcode/DelayQueue.ts';
import { Predictor } from '../../shared/netcode/Predictor.ts';
import { fromRecord, toRecord } from '../../shared/schema.ts';
import { generateMap } from '../../games/arena/shared/map.ts';
import { addPlayer, step } from '../../games/arena/shared/step.ts';
import { createWorld, RULES, type Input } from '../../games/arena/shared/world.ts';
import { InputQueue } from '../../server/InputQueue.ts';
import { ManualTimers, seededRandom } from './manualTimers.ts';
import { arena } from '../../games/arena/index.ts';
import type { PlayerView } from '../../games/arena/shared/kinds.ts';

const TICK_RATE = 30;
const TICK_MS = 1000 / TICK_RATE;
const map = generateMap(5, { width: 1000, height: 1000, obstacleDensity: 10 });

function setup() {
  const timers = new ManualTimers();
  const deps = { clock: timers.clock, schedule: timers.schedule, random: seededRandom(3) };
  const world = createWorld(map, 9);
  const player = addPlayer(world, 'me');
  const queue = new InputQueue();
  const predictor = new Predictor({ game: arena, info: { map }, playerId: player.id, tickRate: TICK_RATE });
  let errors = 0;
  let blocked = 0;
  const down = new DelayQueue<{ state: PlayerView; ack: number }>({ lagMs: 150, jitterMs: 30 }, deps, (m) => {
    const before = predictor.stats.corrections;
    predictor.reconcile(m.state, m.ack);
    errors += predictor.stats.corrections - before;
  });
  const up = new DelayQueue<Input>({ lagMs: 150, jitterMs: 30 }, deps, (inp) => queue.push(arena.input.plan, inp));
  const serverTick = (): void => {
    const list = queue.take(arena.input.plan, world.tick + 1) as unknown as Input[];
    const [x0, y0] = [player.x, player.y];
    step(world, list.length ? new Map([[player.id, list]]) : new Map(), 1 / TICK_RATE);
    const free = list.reduce((d, i) => d + Math.min(1, Math.hypot(i.mx, i.my)) * RULES.playerSpeed / TICK_RATE, 0);
    if (Math.hypot(player.x - x0, player.y - y0) < free - 1) blocked++;
    const state = fromRecord(PlayerSchema, toRecord(PlayerSchema, { ...player, vx: 0, vy: 0, ack: 0, ackRate: 0 }));
    down.push({ state, ack: queue.lastAppliedSeq });
  };
  // The first state (as after Welcome), then the server ticks on its own phase.
  predictor.reconcile(fromRecord(PlayerSchema, toRecord(PlayerSchema, { ...player, vx: 0, vy: 0, ack: 0, ackRate: 0 })), 0);
  let seq = 0;
  /** Run for `ms`: server ticks at its phase, client inputs (unless null) at another (11 ms later). */
  const run = (ms: number, input: ((seq: number) => Omit<Input, 'seq'>) | null): void => {
    const end = timers.clock.now() + ms;
    let nextServer = Math.ceil(timers.clock.now() / TICK_MS) * TICK_MS;
    let nextClient = nextServer + 11;
    while (Math.min(nextServer, nextClient) < end) {
      if (nextServer <= nextClient) {
        timers.advance(nextServer - timers.clock.now());
        serverTick();
        nextServer += TICK_MS;
      } else {
        timers.advance(nextClient - timers.clock.now());
        if (input) {
          const inp = { seq: ++seq, ...input(seq) };
          predictor.applyInput(inp);
          up.push(inp);
        }
        nextClient += TICK_MS;
      }
    }
    timers.advance(end - timers.clock.now());
  };
  const idle = (): Omit<Input, 'seq'> => ({ mx: 0, my: 0, aim: 0, fire: false });
  return { timers, world, player, predictor, run, idle, errors: () => errors, blocked: () => blocked };
}

describe('reconciliation through the network simulator', () => {
  it('replays unacknowledged inputs and lands exactly on the prediction: no correction in steady movement', () => {
    const h = setup();
    const dirs = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]] as const;
    h.run(20_000, (seq) => {
      const [mx, my] = dirs[Math.floor(seq / 20) % dirs.length]!;
      return { mx, my, aim: seq * 0.1, fire: false };
    });
    h.run(1000, null); // no more inputs: let everything in flight arrive
    expect(h.predictor.stats.reconciles).toBeGreaterThan(550);
    expect(h.predictor.stats.inputs).toBeGreaterThan(550);
    expect(h.errors()).toBe(0);
    expect(h.predictor.pendingCount).toBe(0);
    expect(h.predictor.position).toEqual({ x: h.player.x, y: h.player.y });
    // It ran into walls and obstacles (where prediction is easiest to get wrong) many times.
    expect(h.blocked()).toBeGreaterThan(20);
  });

  it('blends a small server-side correction and snaps a teleport', () => {
    const h = setup();
    h.run(2000, () => ({ mx: 0, my: 0, aim: 0, fire: false }));
    // The server pushes the player 30 units (a hit's knock-back, say): the client blends it.
    h.player.x += h.player.x > 500 ? -30 : 30;
    h.run(300, h.idle);
    expect(h.predictor.stats.corrections).toBe(1);
    expect(h.predictor.stats.lastErrorUnits).toBeCloseTo(30, 5);
    expect(h.predictor.stats.snaps).toBe(0);
    const offset = h.predictor.correctionOffset;
    expect(Math.hypot(offset.x, offset.y)).toBeGreaterThan(0); // still on screen where it was
    for (let f = 0; f < 60; f++) h.predictor.advanceFrame(1 / 60);
    expect(h.predictor.correctionOffset).toEqual({ x: 0, y: 0 });
    expect(h.predictor.renderPosition(1)).toEqual({ x: h.player.x, y: h.player.y });
    // A respawn-sized jump snaps.
    h.player.x = h.player.x > 500 ? 100 : 900;
    h.player.y = h.player.y > 500 ? 100 : 900;
    h.run(300, h.idle);
    expect(h.predictor.stats.snaps).toBe(1);
    expect(h.predictor.renderPosition(1)).toEqual({ x: h.player.x, y: h.player.y });
  });
});
