/**
 * The arena's bot policies for the load tester: wander walks in a heading that changes every one
 * to three seconds; fighter aims at the nearest living enemy and shoots in range, closes in when
 * far, strafes when near, wanders when alone (re-targeting every few ticks: cheap at thousands).
 */
import type { BotPolicy, BotView } from '../../../shared/game/GameDefinition.ts';
import { PlayerSchema, KIND } from './kinds.ts';
import type { Input } from './world.ts';

export type BotInput = Omit<Input, 'seq' | 'rewindTicks'>;

const X = PlayerSchema.keys.indexOf('x');
const Y = PlayerSchema.keys.indexOf('y');
const ALIVE = PlayerSchema.keys.indexOf('alive');

export interface Point {
  x: number;
  y: number;
}

/** The bot's own position, or null when it holds no entity of its own yet. */
export function selfPosition(view: BotView): Point | null {
  const e = view.entities.get(view.selfId);
  if (!e || e.kind !== KIND.Player) return null;
  return { x: e.rec[X] as number, y: e.rec[Y] as number };
}

export function isAlive(view: BotView): boolean {
  const e = view.entities.get(view.selfId);
  return e !== undefined && e.rec[ALIVE] === true;
}

/** The nearest living player other than the bot, with its distance; null when alone. */
export function nearestEnemy(view: BotView, from: Point): (Point & { id: number; dist: number }) | null {
  let best: (Point & { id: number; dist: number }) | null = null;
  for (const [id, e] of view.entities) {
    if (id === view.selfId || e.kind !== KIND.Player || e.rec[ALIVE] !== true) continue;
    const x = e.rec[X] as number;
    const y = e.rec[Y] as number;
    const dist = Math.hypot(x - from.x, y - from.y);
    if (!best || dist < best.dist) best = { id, x, y, dist };
  }
  return best;
}

export class Wanderer {
  private turnAtMs = -Infinity;
  /** The input, reused from tick to tick (the SDK copies what it sends): one object per bot, not per tick. */
  private readonly out: BotInput = { mx: 0, my: 0, aim: 0, fire: false };

  constructor(private readonly random: () => number) {
    this.turn(random() * Math.PI * 2);
  }

  /** This tick's input; valid until the next call. */
  input(nowMs: number, fire = false): BotInput {
    if (nowMs >= this.turnAtMs) {
      this.turn(this.random() * Math.PI * 2);
      this.turnAtMs = nowMs + 1000 + this.random() * 2000;
    }
    this.out.fire = fire;
    return this.out;
  }

  private turn(heading: number): void {
    this.out.mx = Math.cos(heading);
    this.out.my = Math.sin(heading);
    this.out.aim = heading;
  }
}

const FIRE_RANGE = 700;
const KEEP_DISTANCE = 250;
const RETARGET_EVERY_TICKS = 3;

export class Fighter {
  private readonly wanderer: Wanderer;
  private ticks = 0;
  private last: BotInput = { mx: 0, my: 0, aim: 0, fire: false };
  private readonly strafe: number;

  constructor(random: () => number) {
    this.wanderer = new Wanderer(random);
    this.strafe = random() < 0.5 ? -1 : 1;
  }

  input(view: BotView): BotInput {
    if (this.ticks++ % RETARGET_EVERY_TICKS !== 0) return this.last;
    const me = selfPosition(view);
    const enemy = me ? nearestEnemy(view, me) : null;
    if (!me || !enemy) {
      const w = this.wanderer.input(view.nowMs); // reused by the wanderer: copy it, `last` outlives the call
      this.last = { mx: w.mx, my: w.my, aim: w.aim, fire: w.fire };
      return this.last;
    }
    const aim = Math.atan2(enemy.y - me.y, enemy.x - me.x);
    const toward = enemy.dist > KEEP_DISTANCE;
    const moveAngle = toward ? aim : aim + (this.strafe * Math.PI) / 2;
    this.last = { mx: Math.cos(moveAngle), my: Math.sin(moveAngle), aim, fire: enemy.dist < FIRE_RANGE };
    return this.last;
  }
}

export const BOTS: Readonly<Record<string, BotPolicy<BotInput>>> = {
  fighter: {
    description: 'aims at the nearest enemy and shoots in range; closes in, strafes, wanders when alone',
    create(random) {
      const f = new Fighter(random);
      return (view) => f.input(view);
    },
  },
  wander: {
    description: 'walks in a random heading that changes every 1–3 s; never shoots',
    create(random) {
      const w = new Wanderer(random);
      return (view) => w.input(view.nowMs);
    },
  },
};
