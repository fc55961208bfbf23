/** Geometry used by the rules: circle against rectangle, segment against circle. */
import type { Rect } from './map.ts';

/**
 * Push a circle out of a rectangle. Returns the corrected centre, or null when they do not
 * overlap. A centre inside the rectangle leaves through the nearest side.
 */
export function pushOutOfRect(x: number, y: number, r: number, o: Rect): { x: number; y: number } | null {
  const cx = Math.min(Math.max(x, o.x), o.x + o.w);
  const cy = Math.min(Math.max(y, o.y), o.y + o.h);
  const dx = x - cx;
  const dy = y - cy;
  const d2 = dx * dx + dy * dy;
  if (d2 >= r * r) return null;
  if (d2 > 0) {
    const d = Math.sqrt(d2);
    return { x: cx + (dx / d) * r, y: cy + (dy / d) * r };
  }
  // Centre inside: leave through the nearest side.
  const left = x - o.x;
  const right = o.x + o.w - x;
  const top = y - o.y;
  const bottom = o.y + o.h - y;
  const m = Math.min(left, right, top, bottom);
  if (m === left) return { x: o.x - r, y };
  if (m === right) return { x: o.x + o.w + r, y };
  if (m === top) return { x, y: o.y - r };
  return { x, y: o.y + o.h + r };
}

export function circleOverlapsRect(x: number, y: number, r: number, o: Rect): boolean {
  const cx = Math.min(Math.max(x, o.x), o.x + o.w);
  const cy = Math.min(Math.max(y, o.y), o.y + o.h);
  const dx = x - cx;
  const dy = y - cy;
  return dx * dx + dy * dy < r * r;
}

/** Does the segment (x0,y0)→(x1,y1) pass within r of (cx,cy)? */
export function segmentHitsCircle(x0: number, y0: number, x1: number, y1: number, cx: number, cy: number, r: number): boolean {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((cx - x0) * dx + (cy - y0) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const px = x0 + t * dx - cx;
  const py = y0 + t * dy - cy;
  return px * px + py * py <= r * r;
}
