/** The arena floor, its grid, its border and the obstacles: drawn once from Welcome.map. */
import type Phaser from 'phaser';
import type { GameMap } from '../shared/map.ts';
import { PALETTE } from './palette.ts';

const GRID_UNITS = 100;

export function drawMap(scene: Phaser.Scene, map: GameMap): Phaser.GameObjects.Graphics {
  const g = scene.add.graphics();
  g.setDepth(-10);
  g.fillStyle(PALETTE.floor, 1);
  g.fillRect(0, 0, map.width, map.height);
  g.lineStyle(1, PALETTE.grid, 1);
  for (let x = GRID_UNITS; x < map.width; x += GRID_UNITS) g.lineBetween(x, 0, x, map.height);
  for (let y = GRID_UNITS; y < map.height; y += GRID_UNITS) g.lineBetween(0, y, map.width, y);
  for (const o of map.obstacles) {
    g.fillStyle(PALETTE.obstacle, 1);
    g.fillRect(o.x, o.y, o.w, o.h);
    g.lineStyle(2, PALETTE.obstacleEdge, 1);
    g.strokeRect(o.x, o.y, o.w, o.h);
  }
  g.lineStyle(4, PALETTE.border, 1);
  g.strokeRect(0, 0, map.width, map.height);
  return g;
}
