/** Arena maps: a rectangle with rectangular obstacles, generated from a seed. */
import { createRng, nextRange } from '../../../shared/util/rng.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface GameMap {
  width: number;
  height: number;
  obstacles: Rect[];
}

export interface MapOptions {
  width: number;
  height: number;
  /** Obstacles per million square units (the default gives 28 on a 2400×2400 map). */
  obstacleDensity?: number;
}

/** Deterministic map: the same seed and options give the same obstacles, none overlapping. */
export function generateMap(seed: number, opts: MapOptions): GameMap {
  const rng = createRng(seed ^ 0x5eed);
  const { width, height } = opts;
  const count = Math.round(((opts.obstacleDensity ?? 4.9) * width * height) / 1e6);
  const obstacles: Rect[] = [];
  const margin = 120;
  for (let tries = 0; obstacles.length < count && tries < count * 20; tries++) {
    const long = nextRange(rng, 120, 360);
    const short = nextRange(rng, 40, 80);
    const horizontal = nextRange(rng, 0, 1) < 0.5;
    const w = Math.round(horizontal ? long : short);
    const h = Math.round(horizontal ? short : long);
    const x = Math.round(nextRange(rng, margin, width - margin - w));
    const y = Math.round(nextRange(rng, margin, height - margin - h));
    const gap = 90; // room for a player to pass between obstacles
    const clash = obstacles.some(
      (o) => x < o.x + o.w + gap && x + w + gap > o.x && y < o.y + o.h + gap && y + h + gap > o.y,
    );
    if (!clash) obstacles.push({ x, y, w, h });
  }
  return { width, height, obstacles };
}
