/** A small overview of the whole arena (obstacles and every player) in a corner canvas. */
import type { GameMap } from '../shared/map.ts';

export interface MinimapDot {
  x: number;
  y: number;
  alive: boolean;
  self: boolean;
}

const SIDE_PX = 150;
const REDRAW_EVERY_MS = 100;

export class Minimap {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly scale: number;
  private lastDrawMs = -Infinity;

  constructor(private readonly map: GameMap) {
    this.scale = SIDE_PX / Math.max(map.width, map.height);
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'hud-panel hud-minimap';
    this.canvas.width = Math.round(map.width * this.scale);
    this.canvas.height = Math.round(map.height * this.scale);
    this.ctx = this.canvas.getContext('2d');
  }

  draw(dots: readonly MinimapDot[], nowMs: number): void {
    const ctx = this.ctx;
    if (!ctx || nowMs - this.lastDrawMs < REDRAW_EVERY_MS) return;
    this.lastDrawMs = nowMs;
    const k = this.scale;
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.fillStyle = 'rgba(26, 33, 48, 0.9)';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.fillStyle = '#4a5b78';
    for (const o of this.map.obstacles) ctx.fillRect(o.x * k, o.y * k, Math.max(1, o.w * k), Math.max(1, o.h * k));
    for (const d of [...dots].sort((a, b) => Number(a.self) - Number(b.self))) {
      ctx.fillStyle = !d.alive ? '#7a8090' : d.self ? '#39d98a' : '#f0883e';
      ctx.beginPath();
      ctx.arc(d.x * k, d.y * k, d.self ? 3.5 : 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}
