/** Pong's rules as numbers: the court's geometry, derived from its size, and the match's timings. */

/** Room parameters (what `create` gets). */
export interface PongParams {
  /** The court's side, world units (a square from (0, 0) to (courtSize, courtSize)). */
  readonly courtSize: number;
  /** The first side to this many points wins the match. */
  readonly pointsToWin: number;
}

export const MIN_COURT = 200;
export const MAX_COURT = 2000;
export const MAX_POINTS = 99;

/** Sides are seats, taken in this order: a side with no player is a wall. */
export const SIDES = ['bottom', 'top', 'left', 'right'] as const;
export type Side = 0 | 1 | 2 | 3;
export const SIDE_COUNT = 4;

export const PHASE = { waiting: 0, countdown: 1, playing: 2, over: 3 } as const;
export type Phase = (typeof PHASE)[keyof typeof PHASE];
export const PHASE_NAMES = ['waiting', 'countdown', 'playing', 'over'] as const;

export const TIMING = {
  countdownSec: 3,
  overSec: 5,
  /** The pause between a point and the next serve. */
  serveDelaySec: 1,
} as const;

/** Everything the step and the client's prediction need to know about a court (also sent in the Welcome). */
export interface Geometry {
  readonly courtSize: number;
  /** A paddle's length along its side and its thickness. */
  readonly paddleLength: number;
  readonly paddleThickness: number;
  /** Distance from the court's edge to the paddle's centre line. */
  readonly paddleInset: number;
  /** The range of a paddle's centre along its side (so paddles never meet in a corner). */
  readonly paddleMin: number;
  readonly paddleMax: number;
  /** World units per second at full stick. */
  readonly paddleSpeed: number;
  readonly ballRadius: number;
  /** The ball's serve speed and its cap (world units per second); each paddle hit speeds it up by `ballSpeedUp`. */
  readonly ballServeSpeed: number;
  readonly ballMaxSpeed: number;
  readonly ballSpeedUp: number;
  /** The largest angle (radians) off the paddle's normal a ball leaves at (hit at a paddle's end). */
  readonly maxBounceRad: number;
  /** The largest angle off the normal a serve takes. */
  readonly maxServeRad: number;
}

/** The ball never goes faster than this, whatever the court (it keeps the observed velocity in its wire range). */
export const BALL_SPEED_LIMIT = 1500;

export function geometryOf(courtSize: number): Geometry {
  const s = courtSize;
  const paddleLength = round1(s * 0.18);
  const paddleThickness = round1(s * 0.02);
  const paddleInset = round1(s * 0.04);
  const corner = paddleInset + paddleThickness;
  const ballServeSpeed = Math.min(BALL_SPEED_LIMIT, s * 0.6);
  return {
    courtSize: s,
    paddleLength,
    paddleThickness,
    paddleInset,
    paddleMin: round1(corner + paddleLength / 2),
    paddleMax: round1(s - corner - paddleLength / 2),
    paddleSpeed: round1(s * 1.2),
    ballRadius: round1(s * 0.015),
    ballServeSpeed,
    ballMaxSpeed: Math.min(BALL_SPEED_LIMIT, ballServeSpeed * 2.2),
    ballSpeedUp: 1.06,
    maxBounceRad: (60 * Math.PI) / 180,
    maxServeRad: (35 * Math.PI) / 180,
  };
}

/** Room parameters checked (they are a developer's data: a bad one is a bug, reported by name). */
export function checkParams(p: PongParams): PongParams {
  if (!Number.isFinite(p.courtSize) || p.courtSize < MIN_COURT || p.courtSize > MAX_COURT) {
    throw new Error(`pong: courtSize must be in [${MIN_COURT}, ${MAX_COURT}], got ${p.courtSize}`);
  }
  if (!Number.isInteger(p.pointsToWin) || p.pointsToWin < 1 || p.pointsToWin > MAX_POINTS) {
    throw new Error(`pong: pointsToWin must be an integer in [1, ${MAX_POINTS}], got ${p.pointsToWin}`);
  }
  return p;
}

/** Positions go on the wire at 0.1 unit: the step keeps a paddle on that grid, so the client's prediction matches it exactly. */
export const POS_SCALE = 10;

export function snap(v: number): number {
  return Math.round(v * POS_SCALE) / POS_SCALE;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
