/**
 * "Did this shot hit on the shooter's screen?" for the netcode benchmark: the shot's projectile,
 * moved exactly as the shared step moves it, against the other players where the shooter's
 * interpolation drew them tick by tick from the moment it fired (its view tick V, then V+1, …).
 * The screen record is a PositionHistory of the snapshots the shooter received, sampled at
 * fractional ticks like its Interpolator samples them.
 */
import { snapPos } from '../games/arena/shared/kinds.ts';
import { circleOverlapsRect, segmentHitsCircle } from '../games/arena/shared/collide.ts';
import type { PositionHistory } from '../games/arena/shared/history.ts';
import type { ObstacleIndex } from '../games/arena/shared/obstacleIndex.ts';
import { RULES } from '../games/arena/shared/world.ts';

export interface Shot {
  shooter: number;
  seq: number;
  /** The shooter's position after the input that fired (its prediction = the server's). */
  x: number;
  y: number;
  /** Aim, wrapped to [0, 2π) as the server wraps it. */
  aim: number;
  /** The (fractional) tick the shooter's screen showed when it fired. */
  viewTick: number;
  /** Tick of the State that acknowledged the input: the tick the server fired at (null until then). */
  firedAtTick: number | null;
  /** The shooter was dead on the server before that tick (its input was ignored). */
  serverIgnored: boolean;
}

export type Verdict = { done: false } | { done: true; target: number | null; step: number };

/** Follow the shot's projectile on the shooter's screen; not done while the screen has not shown far enough yet. */
export function judgeOnScreen(shot: Shot, screen: PositionHistory, obstacles: ObstacleIndex, map: { width: number; height: number }, players: Iterable<number>, dtSec: number): Verdict {
  const cos = Math.cos(shot.aim);
  const sin = Math.sin(shot.aim);
  const spawn = RULES.playerRadius + RULES.projectileRadius + 1;
  let x0 = snapPos(shot.x + cos * spawn);
  let y0 = snapPos(shot.y + sin * spawn);
  const vx = snapPos(cos * RULES.projectileSpeed);
  const vy = snapPos(sin * RULES.projectileSpeed);
  const reach = RULES.playerRadius + RULES.projectileRadius;
  const ids = [...players].filter((id) => id !== shot.shooter);
  let ttl: number = RULES.projectileLifetimeSec;
  for (let k = 0; ; k++) {
    const x1 = snapPos(x0 + vx * dtSec);
    const y1 = snapPos(y0 + vy * dtSec);
    ttl -= dtSec;
    if (ttl <= 0 || x1 < 0 || y1 < 0 || x1 > map.width || y1 > map.height) return { done: true, target: null, step: k };
    const seenAt = shot.viewTick + k;
    if (seenAt > screen.newestTick) return { done: false };
    let target: number | null = null;
    let best = Infinity;
    for (const id of ids) {
      const at = screen.positionAt(id, seenAt);
      if (at && segmentHitsCircle(x0, y0, x1, y1, at.x, at.y, reach)) {
        const d = (at.x - x0) ** 2 + (at.y - y0) ** 2;
        if (d < best) {
          best = d;
          target = id;
        }
      }
    }
    if (target !== null) return { done: true, target, step: k };
    const r = RULES.projectileRadius;
    const near = obstacles.query(x1 - r, y1 - r, x1 + r, y1 + r);
    for (let i = 0; i < near.n; i++) if (circleOverlapsRect(x1, y1, r, near.items[i]!)) return { done: true, target: null, step: k };
    x0 = x1;
    y0 = y1;
  }
}
