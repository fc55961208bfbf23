/** One player on screen: a circle with an aim barrel, the name above and an hp bar. */
import type Phaser from 'phaser';
import { RULES } from '../shared/world.ts';
import { PALETTE } from './palette.ts';

export interface PlayerLook {
  x: number;
  y: number;
  aim: number;
  hp: number;
  alive: boolean;
  name: string;
  /** Seconds to respawn while dead, if known. */
  respawnInSec: number | null;
}

/** The camera's view in world units (Phaser's worldView has these). */
export interface ViewRect {
  x: number;
  y: number;
  right: number;
  bottom: number;
}

/** Where a label was drawn, in world units (for the next labels to keep clear of). */
export interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const R = RULES.playerRadius;
const LABEL_GAP = 20;
const EDGE = 4;
const BAR_W = 44;
const BAR_H = 5;

export class PlayerSprite {
  private readonly container: Phaser.GameObjects.Container;
  private readonly body: Phaser.GameObjects.Graphics;
  private readonly barrel: Phaser.GameObjects.Graphics;
  private readonly hpBar: Phaser.GameObjects.Graphics;
  private readonly label: Phaser.GameObjects.Text;
  private drawn = { hp: -1, alive: true, label: '' };

  constructor(
    scene: Phaser.Scene,
    private readonly isSelf: boolean,
  ) {
    this.barrel = scene.add.graphics();
    this.barrel.fillStyle(PALETTE.barrel, 1);
    this.barrel.fillRect(R - 4, -3, 14, 6);
    this.body = scene.add.graphics();
    this.hpBar = scene.add.graphics();
    this.label = scene.add
      .text(0, -R - 20, '', { fontFamily: 'system-ui, sans-serif', fontSize: '13px', color: '#e8ecf3', stroke: '#000000', strokeThickness: 3 })
      .setOrigin(0.5, 1);
    this.container = scene.add.container(0, 0, [this.barrel, this.body, this.hpBar, this.label]);
    this.container.setDepth(isSelf ? 10 : 5);
    this.drawBody(true);
  }

  update(look: PlayerLook): void {
    this.container.setPosition(look.x, look.y);
    this.barrel.setRotation(look.aim);
    this.barrel.setVisible(look.alive);
    if (look.alive !== this.drawn.alive) this.drawBody(look.alive);
    if (look.hp !== this.drawn.hp || look.alive !== this.drawn.alive) this.drawHp(look.alive ? look.hp : 0);
    this.drawn.alive = look.alive;
    this.drawn.hp = look.hp;
    const label = look.alive ? look.name : `${look.name} ✝ ${look.respawnInSec === null ? '' : Math.ceil(look.respawnInSec) + 's'}`.trim();
    if (label !== this.drawn.label) {
      this.label.setText(label);
      this.drawn.label = label;
    }
    this.container.setAlpha(look.alive ? 1 : 0.45);
  }

  /**
   * Put the name label above the player, moved inward so it stays inside `view` (below the
   * player at the top edge) and up past any of `taken` it would cover; returns its box.
   */
  placeLabel(view: ViewRect, taken: readonly LabelBox[]): LabelBox {
    const px = this.container.x;
    const py = this.container.y;
    const w = this.label.width;
    const h = this.label.height;
    let left = Math.min(Math.max(px - w / 2, view.x + EDGE), view.right - EDGE - w);
    let bottom = py - R - LABEL_GAP;
    for (let moved = true, guard = 0; moved && guard < 8; guard++) {
      moved = false;
      for (const t of taken) {
        if (left < t.right && left + w > t.left && bottom - h < t.bottom && bottom > t.top) {
          bottom = t.top;
          moved = true;
        }
      }
    }
    if (bottom - h < view.y + EDGE) bottom = Math.max(py + R + 6 + h, view.y + EDGE + h);
    bottom = Math.min(bottom, view.bottom - EDGE);
    left = Math.min(Math.max(left, view.x + EDGE), view.right - EDGE - w);
    this.label.setPosition(left + w / 2 - px, bottom - py);
    return { left, top: bottom - h, right: left + w, bottom };
  }

  destroy(): void {
    this.container.destroy();
  }

  private drawBody(alive: boolean): void {
    const color = !alive ? PALETTE.dead : this.isSelf ? PALETTE.self : PALETTE.other;
    this.body.clear();
    this.body.fillStyle(color, 1);
    this.body.fillCircle(0, 0, R);
    this.body.lineStyle(2, 0x000000, 0.6);
    this.body.strokeCircle(0, 0, R);
  }

  private drawHp(hp: number): void {
    const f = Math.max(0, Math.min(1, hp / RULES.maxHp));
    const g = this.hpBar;
    g.clear();
    g.fillStyle(PALETTE.hpBack, 0.9);
    g.fillRect(-BAR_W / 2, -R - 14, BAR_W, BAR_H);
    g.fillStyle(f > 0.35 ? PALETTE.hpGood : PALETTE.hpLow, 1);
    g.fillRect(-BAR_W / 2, -R - 14, BAR_W * f, BAR_H);
  }
}
