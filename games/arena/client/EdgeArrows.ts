/**
 * Arrows at the screen's edge toward the other players out of view (the nearest few), so a
 * player who spawned far from everyone knows where to go. Screen points come in page pixels;
 * an arrow sits where the line from the screen's centre to the player leaves the screen.
 */
export interface OffscreenPlayer {
  /** Page position of the player (outside the viewport). */
  x: number;
  y: number;
  /** World distance from the own player (nearer ones win). */
  dist: number;
}

const MAX_ARROWS = 6;
const INSET_PX = 22;

export class EdgeArrows {
  private readonly arrows: HTMLDivElement[] = [];

  constructor(private readonly root: HTMLElement) {}

  update(players: readonly OffscreenPlayer[], width: number, height: number): void {
    const shown = [...players].sort((a, b) => a.dist - b.dist).slice(0, MAX_ARROWS);
    while (this.arrows.length < shown.length) {
      const a = document.createElement('div');
      a.className = 'hud-edge-arrow';
      a.dataset.testid = 'edge-arrow';
      this.root.append(a);
      this.arrows.push(a);
    }
    const cx = width / 2;
    const cy = height / 2;
    for (let i = 0; i < this.arrows.length; i++) {
      const a = this.arrows[i]!;
      const p = shown[i];
      if (!p) {
        a.hidden = true;
        continue;
      }
      const dx = p.x - cx;
      const dy = p.y - cy;
      // Scale the direction to the inset rectangle's border.
      const s = Math.min(Math.abs(dx) > 0 ? (cx - INSET_PX) / Math.abs(dx) : Infinity, Math.abs(dy) > 0 ? (cy - INSET_PX) / Math.abs(dy) : Infinity);
      a.hidden = false;
      a.style.transform = `translate(${(cx + dx * s).toFixed(0)}px, ${(cy + dy * s).toFixed(0)}px) rotate(${Math.atan2(dy, dx).toFixed(3)}rad)`;
      a.style.opacity = p.dist < 1200 ? '0.95' : '0.55';
    }
  }

  destroy(): void {
    for (const a of this.arrows) a.remove();
    this.arrows.length = 0;
  }

  get visibleCount(): number {
    return this.arrows.filter((a) => !a.hidden).length;
  }
}
