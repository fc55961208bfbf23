/** Keeps one PlayerSprite per player id: creates, updates and removes them each frame. */
import type Phaser from 'phaser';
import { PlayerSprite, type PlayerLook } from './PlayerSprite.ts';

export class PlayersLayer {
  private readonly sprites = new Map<number, PlayerSprite>();

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly selfId: number,
  ) {}

  /** Draw exactly these players this frame. */
  render(players: ReadonlyMap<number, PlayerLook>): void {
    for (const [id, look] of players) {
      let s = this.sprites.get(id);
      if (!s) {
        s = new PlayerSprite(this.scene, id === this.selfId);
        this.sprites.set(id, s);
      }
      s.update(look);
    }
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
