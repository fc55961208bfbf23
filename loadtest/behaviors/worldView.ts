/** Reading the bot's decoded ClientView: its own position and the nearest living enemy. */
import { KIND, PlayerSchema } from '../../games/arena/shared/kinds.ts';
import type { ClientView } from '../../shared/sync/clientView.ts';

const X = PlayerSchema.keys.indexOf('x');
const Y = PlayerSchema.keys.indexOf('y');
const ALIVE = PlayerSchema.keys.indexOf('alive');

export interface Point {
  x: number;
  y: number;
}

export function selfPosition(view: ClientView, selfId: number): Point | null {
  const e = view.entities.get(selfId);
  if (!e || e.kind !== KIND.Player) return null;
  return { x: e.rec[X] as number, y: e.rec[Y] as number };
}

export function isAlive(view: ClientView, selfId: number): boolean {
  const e = view.entities.get(selfId);
  return e !== undefined && e.rec[ALIVE] === true;
}

/** The nearest living player other than `selfId`, with its distance; null when alone. */
export function nearestEnemy(view: ClientView, selfId: number, from: Point): (Point & { id: number; dist: number }) | null {
  let best: (Point & { id: number; dist: number }) | null = null;
  for (const [id, e] of view.entities) {
    if (id === selfId || e.kind !== KIND.Player || e.rec[ALIVE] !== true) continue;
    const x = e.rec[X] as number;
    const y = e.rec[Y] as number;
    const dist = Math.hypot(x - from.x, y - from.y);
    if (!best || dist < best.dist) best = { id, x, y, dist };
  }
  return best;
}
