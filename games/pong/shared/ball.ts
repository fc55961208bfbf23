/**
 * The ball: serves, bounces off paddles and walls, and goals. Each side is handled in its own
 * frame: `depth` is the distance from that side's edge into the court, `along` the coordinate
 * along it, so one piece of code serves all four sides.
 */
import { nextFloat, nextRange } from '../../../shared/util/rng.ts';
import { SIDE_COUNT, type Side } from './rules.ts';
import { isPresent, type World } from './world.ts';

/** Distance from side k's edge into the court. */
export function depthOf(k: number, x: number, y: number, size: number): number {
  return k === 0 ? size - y : k === 1 ? y : k === 2 ? x : size - x;
}

/** The coordinate along side k (x for bottom and top, y for left and right). */
export function alongOf(k: number, x: number, y: number): number {
  return k < 2 ? x : y;
}

/** The unit normal of side k pointing into the court: (nx, ny). */
const NX = [0, 0, 1, -1] as const;
const NY = [-1, 1, 0, 0] as const;

/** The ball at rest in the centre, touched by nobody. */
export function centreBall(world: World): void {
  const b = world.ball;
  b.x = world.geo.courtSize / 2;
  b.y = b.x;
  b.vx = 0;
  b.vy = 0;
  b.lastHit = -1;
}

/** Send the ball from the centre towards `world.serveTo` (or a random player's side), a little off straight. Returns the side. */
export function serve(world: World): Side {
  let to = world.serveTo;
  if (!isPresent(world, to)) {
    let n = 0;
    for (let k = 0; k < SIDE_COUNT; k++) if (isPresent(world, k)) n++;
    let pick = Math.floor(nextFloat(world.rng) * n);
    for (let k = 0; k < SIDE_COUNT; k++) if (isPresent(world, k) && pick-- === 0) to = k;
  }
  const theta = nextRange(world.rng, -world.geo.maxServeRad, world.geo.maxServeRad);
  centreBall(world);
  aim(world, to, -1, theta, world.geo.ballServeSpeed);
  return to as Side;
}

/** Set the ball's velocity: `dir` +1 away from side k (a return), -1 towards it; theta turns it towards larger `along`. */
function aim(world: World, k: number, dir: number, theta: number, speed: number): void {
  const c = Math.cos(theta) * speed * dir;
  const s = Math.sin(theta) * speed;
  const b = world.ball;
  b.vx = NX[k]! * c + (k < 2 ? s : 0);
  b.vy = NY[k]! * c + (k < 2 ? 0 : s);
}

/** Put the ball at depth h and position a in side k's frame. */
function place(world: World, k: number, h: number, a: number): void {
  const size = world.geo.courtSize;
  const b = world.ball;
  if (k < 2) {
    b.x = a;
    b.y = k === 0 ? size - h : h;
  } else {
    b.y = a;
    b.x = k === 2 ? h : size - h;
  }
}

/**
 * Move the ball by one tick. A paddle returns it when the ball crosses the paddle's face within
 * its length (the further from its centre, the steeper the return, and a little faster); a wall
 * reflects it; a ball wholly past a player's edge is a goal. Returns the side that conceded, or -1.
 */
export function moveBall(world: World, dtSec: number): number {
  const g = world.geo;
  const b = world.ball;
  const size = g.courtSize;
  const r = g.ballRadius;
  const face = g.paddleInset + g.paddleThickness / 2 + r;
  const reach = g.paddleLength / 2 + r;
  let px = b.x;
  let py = b.y;
  b.x += b.vx * dtSec;
  b.y += b.vy * dtSec;
  for (let k = 0; k < SIDE_COUNT; k++) {
    const h0 = depthOf(k, px, py, size);
    const h1 = depthOf(k, b.x, b.y, size);
    if (h1 >= h0) continue; // not heading for this side
    const paddle = world.paddles[k];
    if (paddle !== null && paddle !== undefined && !paddle.held) {
      if (h0 >= face && h1 < face) {
        const a0 = alongOf(k, px, py);
        const a = a0 + (alongOf(k, b.x, b.y) - a0) * ((h0 - face) / (h0 - h1));
        const off = (a - paddle.along) / reach;
        if (off >= -1 && off <= 1) {
          const speed = Math.min(Math.hypot(b.vx, b.vy) * g.ballSpeedUp, g.ballMaxSpeed);
          aim(world, k, 1, off * g.maxBounceRad, speed);
          place(world, k, face, a);
          b.lastHit = k;
          px = b.x;
          py = b.y;
          continue;
        }
      }
      if (h1 < -r) return k;
    } else if (h1 < r) {
      place(world, k, 2 * r - h1, alongOf(k, b.x, b.y));
      if (k < 2) b.vy = -b.vy;
      else b.vx = -b.vx;
    }
  }
  return -1;
}
