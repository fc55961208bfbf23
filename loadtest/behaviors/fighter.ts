/**
 * fighter: aims at the nearest living enemy and shoots when in range; closes in when far,
 * strafes when near, wanders when alone. Re-targets every few ticks (cheap at thousands of bots).
 */
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { Behavior, Brain, BrainContext } from './types.ts';
import { Wanderer } from './wander.ts';
import { nearestEnemy, selfPosition } from './worldView.ts';

const FIRE_RANGE = 700;
const KEEP_DISTANCE = 250;
const RETARGET_EVERY_TICKS = 3;

class Fighter implements Brain {
  private readonly wanderer: Wanderer;
  private ticks = 0;
  private last: InputState = { mx: 0, my: 0, aim: 0, fire: false };
  private readonly strafe: number;

  constructor(private readonly random: () => number) {
    this.wanderer = new Wanderer(random);
    this.strafe = random() < 0.5 ? -1 : 1;
  }

  input(ctx: BrainContext): InputState {
    if (this.ticks++ % RETARGET_EVERY_TICKS !== 0) return this.last;
    const me = selfPosition(ctx.view, ctx.selfId);
    const enemy = me ? nearestEnemy(ctx.view, ctx.selfId, me) : null;
    if (!me || !enemy) {
      const w = this.wanderer.input(ctx); // reused by the wanderer: copy it, `last` outlives the call
      this.last = { mx: w.mx, my: w.my, aim: w.aim, fire: w.fire };
      return this.last;
    }
    const aim = Math.atan2(enemy.y - me.y, enemy.x - me.x);
    const toward = enemy.dist > KEEP_DISTANCE;
    const moveAngle = toward ? aim : aim + (this.strafe * Math.PI) / 2;
    this.last = { mx: Math.cos(moveAngle), my: Math.sin(moveAngle), aim, fire: enemy.dist < FIRE_RANGE };
    return this.last;
  }

  lifecycle(): 'stay' {
    return 'stay';
  }

  reconnectDelayMs(): number {
    return 1000;
  }

  jitter(): number {
    return this.random();
  }
}

export const fighter: Behavior = {
  name: 'fighter',
  description: 'aims at the nearest enemy and shoots in range; closes in, strafes, wanders when alone',
  reconnects: false,
  create: (random) => new Fighter(random),
};
