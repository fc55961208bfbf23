/**
 * Samples the player's controls once per server tick: WASD or arrow keys to move, the mouse to
 * aim (the angle from the player to the pointer in world coordinates), left button to fire.
 */
import type Phaser from 'phaser';
import type { GameInput } from '../../../client/shell/GameClientEntry.ts';
import type { arena } from '../index.ts';

export type ArenaInput = GameInput<typeof arena>;

type Keys = Record<'W' | 'A' | 'S' | 'D' | 'UP' | 'LEFT' | 'DOWN' | 'RIGHT', Phaser.Input.Keyboard.Key>;

export class InputSampler {
  private readonly keys: Keys | null;
  private lastAim = 0;

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly typing: () => boolean,
  ) {
    // No key capture: a text field on the page (chat, say) must still receive these letters.
    this.keys = (scene.input.keyboard?.addKeys('W,A,S,D,UP,LEFT,DOWN,RIGHT', false) as Keys | undefined) ?? null;
  }

  /** The controls now, for a player drawn at (x, y) in world coordinates. */
  sample(x: number, y: number): ArenaInput {
    let mx = 0;
    let my = 0;
    const k = this.keys;
    if (k && !this.typing()) {
      if (k.A.isDown || k.LEFT.isDown) mx -= 1;
      if (k.D.isDown || k.RIGHT.isDown) mx += 1;
      if (k.W.isDown || k.UP.isDown) my -= 1;
      if (k.S.isDown || k.DOWN.isDown) my += 1;
    }
    const pointer = this.scene.input.activePointer;
    const world = this.scene.cameras.main.getWorldPoint(pointer.x, pointer.y);
    const dx = world.x - x;
    const dy = world.y - y;
    // Keep the last aim while the pointer sits on the player (atan2 of ~0 is noise).
    if (dx * dx + dy * dy > 4) this.lastAim = Math.atan2(dy, dx);
    const fire = pointer.isDown && pointer.leftButtonDown();
    return { mx, my, aim: this.lastAim, fire };
  }
}
