/** Pong's entity kinds: paddles (the seat kind), the ball, and the match (no position, seen by all). */
import { bool, defineSchema, fixed, int, str, uint, type Infer, type Schema } from '../../../shared/schema.ts';
import { ackFields, defineKind } from '../../../shared/game/defineGame.ts';
import { MAX_COURT, POS_SCALE } from './rules.ts';

const pos = fixed(POS_SCALE, 0, MAX_COURT);
/** Observed velocity, wire units (0.1 unit) per tick: the engine fills it; the client extrapolates by it. */
const vel = int(-2000, 2000);
/** Scores reach MAX_POINTS (99) at most. */
const score = uint(7);

export const PaddleSchema = defineSchema(
  'paddle',
  {
    x: pos,
    y: pos,
    vx: vel,
    vy: vel,
    ...ackFields(),
    /** 0 bottom, 1 top, 2 left, 3 right (SIDES). */
    side: uint(2),
    name: str(16),
  },
  { vel: { x: 'vx', y: 'vy', ack: 'ackRate' } },
);

export const BallSchema = defineSchema('ball', { x: pos, y: pos, vx: vel, vy: vel }, { vel: { x: 'vx', y: 'vy' } });

export const MatchSchema = defineSchema('match', {
  /** PHASE: 0 waiting, 1 countdown, 2 playing, 3 over. */
  phase: uint(2),
  /** Whole seconds left of the countdown or of the results (0 otherwise). */
  timer: uint(3),
  score0: score,
  score1: score,
  score2: score,
  score3: score,
  /** Two bits per side (side k at bits 2k): 0 wall, 1 player, 2 held (its player is reconnecting). */
  sides: uint(8),
  /** The winning side while `over`, else -1. */
  winner: int(-1, 3),
  pointsToWin: uint(7),
  /** True while the ball waits at the centre to be served. */
  serving: bool,
});

/** Every paddle and the ball are on screen for everyone: the whole court is one view. */
export const Paddle = defineKind(PaddleSchema, { position: { x: 'x', y: 'y' }, relevance: 'always', observed: { vx: 'x', vy: 'y' } });
export const Ball = defineKind(BallSchema, { position: { x: 'x', y: 'y' }, relevance: 'always', observed: { vx: 'x', vy: 'y' } });
export const Match = defineKind(MatchSchema, { position: null, relevance: 'always' });

export const KINDS = [Paddle, Ball, Match] as const;

export type PaddleView = Infer<typeof PaddleSchema>;
export type MatchView = Infer<typeof MatchSchema>;

/** Field indexes of the wire records (bots read records). */
export const PADDLE_FIELD = fieldIndexes(PaddleSchema);
export const BALL_FIELD = fieldIndexes(BallSchema);

function fieldIndexes<S extends Schema>(schema: S): Readonly<Record<keyof S['fields'], number>> {
  return Object.fromEntries(schema.keys.map((k, i) => [k, i])) as Record<keyof S['fields'], number>;
}
