/** All projectiles, redrawn each frame into one Graphics (they are many, small and short-lived). */
import type Phaser from 'phaser';
import { RULES } from '../shared/world.ts';
import { PALETTE } from './palette.ts';

export interface ProjectileLook {
  x: number;
  y: number;
  vx: number;
  vy: number;
  owner: number;
}

export class ProjectilesLayer {
  private readonly g: Phaser.GameObjects.Graphics;

  constructor(
    scene: Phaser.Scene,
    private readonly selfId: number,
  ) {
    this.g = scene.add.graphics();
    this.g.setDepth(8);
  }

  render(projectiles: Iterable<ProjectileLook>): void {
    const g = this.g;
    g.clear();
    for (const p of projectiles) {
      const speed = Math.hypot(p.vx, p.vy) || 1;
      const tail = 14;
      const color = p.owner === this.selfId ? PALETTE.projectileOwn : PALETTE.projectileOther;
      g.lineStyle(2, color, 0.5);
      g.lineBetween(p.x, p.y, p.x - (p.vx / speed) * tail, p.y - (p.vy / speed) * tail);
      g.fillStyle(color, 1);
      g.fillCircle(p.x, p.y, RULES.projectileRadius);
    }
  }
}
