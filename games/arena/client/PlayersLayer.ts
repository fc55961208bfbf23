/** Keeps one PlayerSprite per player id: creates, updates and removes them each frame. */
import type Phaser from 'phaser';
import { PlayerSprite, type LabelBox, type PlayerLook, type ViewRect } from './PlayerSprite.ts';

export class PlayersLayer {
  private readonly sprites = new Map<number, PlayerSprite>();

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly selfId: number,
  ) {}

  private readonly placed: LabelBox[] = [];

  /**
   * Draw exactly these players this frame. Labels stay inside `view` (the camera's world view),
   * and a label that would cover one already placed (players nearer the bottom first, the own
   * player before all) moves up above it.
   */
  render(players: ReadonlyMap<number, PlayerLook>, view: ViewRect): void {
    for (const [id, look] of players) {
      let s = this.sprites.get(id);
      if (!s) {
        s = new PlayerSprite(this.scene, id === this.selfId);
        this.sprites.set(id, s);
      }
      s.update(look);
    }
    const order = [...players].filter(([, l]) => l.x >= view.x - 100 && l.x <= view.right + 100 && l.y >= view.y - 100 && l.y <= view.bottom + 100);
    order.sort(([a, la], [b, lb]) => (a === this.selfId ? -1 : b === this.selfId ? 1 : lb.y - la.y));
    this.placed.length = 0;
    for (const [id] of order) this.placed.push(this.sprites.get(id)!.placeLabel(view, this.placed));
    for (const [id, s] of this.sprites) {
      if (!players.has(id)) {
        s.destroy();
        this.sprites.delete(id);
      }
    }
  }

  get count(): number {
    return this.sprites.size;
  }
}
