/**
 * Load-test bot policies: `tracker` follows the ball with a seeded error and a reaction delay,
 * `jitter` wiggles at random, `idle` stands still. A bot reads only what a client holds.
 */
import type { BotPolicy, BotView } from '../../../shared/game/GameDefinition.ts';
import type { WireValue } from '../../../shared/schema.ts';
import type { PongInput } from './input.ts';
import { BALL_FIELD, Ball, PADDLE_FIELD, Paddle } from './kinds.ts';
import { POS_SCALE } from './rules.ts';

/** The tracker aims this far off the ball at most (world units), a new error every so often. */
const TRACKER_ERROR = 40;
const TRACKER_REROLL_MS = 800;
/** How often it looks at the ball again (its reaction time). */
const TRACKER_REACT_MS = 120;
/** Full stick when the ball is this far off; proportional within. */
const TRACKER_GAIN_DIST = 30;

function own(view: BotView): readonly WireValue[] | null {
  const e = view.entities.get(view.selfId);
  return e !== undefined && e.kind === Paddle.code ? e.rec : null;
}

function ball(view: BotView): readonly WireValue[] | null {
  for (const e of view.entities.values()) if (e.kind === Ball.code) return e.rec;
  return null;
}

const tracker: BotPolicy<PongInput> = {
  description: 'follows the ball along its side, a little off and a little late',
  create(random) {
    const out: PongInput = { move: 0 };
    let error = 0;
    let rerollAtMs = -Infinity;
    let lookAtMs = -Infinity;
    let target = -1;
    return (view) => {
      const me = own(view);
      const b = ball(view);
      if (me === null || b === null) {
        out.move = 0;
        return out;
      }
      const horizontal = (me[PADDLE_FIELD.side] as number) < 2;
      if (view.nowMs >= rerollAtMs) {
        error = (random() * 2 - 1) * TRACKER_ERROR;
        rerollAtMs = view.nowMs + TRACKER_REROLL_MS * (0.5 + random());
      }
      if (view.nowMs >= lookAtMs || target < 0) {
        target = ((horizontal ? b[BALL_FIELD.x] : b[BALL_FIELD.y]) as number) / POS_SCALE + error;
        lookAtMs = view.nowMs + TRACKER_REACT_MS;
      }
      const at = ((horizontal ? me[PADDLE_FIELD.x] : me[PADDLE_FIELD.y]) as number) / POS_SCALE;
      const m = (target - at) / TRACKER_GAIN_DIST;
      out.move = m > 1 ? 1 : m < -1 ? -1 : m;
      return out;
    };
  },
};

const jitter: BotPolicy<PongInput> = {
  description: 'moves at random, changing its mind every few hundred ms',
  create(random) {
    const out: PongInput = { move: 0 };
    let changeAtMs = -Infinity;
    return (view) => {
      if (view.nowMs >= changeAtMs) {
        out.move = random() * 2 - 1;
        changeAtMs = view.nowMs + 200 + random() * 300;
      }
      return out;
    };
  },
};

const idle: BotPolicy<PongInput> = {
  description: 'holds still (a seat that only costs its connection)',
  create() {
    const out: PongInput = { move: 0 };
    return () => out;
  },
};

export const bots = { tracker, jitter, idle } as const;
