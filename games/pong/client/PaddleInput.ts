/**
 * Samples pong's one axis, `move` in [-1, 1], for the own side: the arrow keys or A/D on the
 * bottom and top sides, the arrow keys or W/S on the left and right (+1 is towards larger
 * coordinates: right, or down the screen), or the pointer (mouse, touch): the paddle goes to
 * where the pointer is along its side, at most at full speed. The last one used wins: a key
 * press takes over from the pointer, a pointer move or touch from the keys.
 */
import type Phaser from 'phaser';
import type { GameInput } from '../../../client/shell/GameClientEntry.ts';
import type { pong } from '../index.ts';

export type PongInput = GameInput<typeof pong>;

type Keys = Record<'W' | 'A' | 'S' | 'D' | 'UP' | 'LEFT' | 'DOWN' | 'RIGHT', Phaser.Input.Keyboard.Key>;

export class PaddleInput {
  private readonly keys: Keys | null;
  private usePointer = false;

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly typing: () => boolean,
  ) {
    // No key capture: a text field on the page (chat) must still receive these letters.
    this.keys = (scene.input.keyboard?.addKeys('W,A,S,D,UP,LEFT,DOWN,RIGHT', false) as Keys | undefined) ?? null;
    scene.input.keyboard?.on('keydown', () => (this.usePointer = false));
    scene.input.on('pointermove', () => (this.usePointer = true));
    scene.input.on('pointerdown', () => (this.usePointer = true));
  }

  /**
   * The input now for a paddle of `side` whose centre is at `along` (world units along its side);
   * `unitsPerTick` is how far full speed moves it in one tick (so the pointer's target is met, not overshot).
   */
  sample(side: number, along: number, unitsPerTick: number): PongInput {
    const horizontal = side < 2;
    let move = 0;
    const k = this.keys;
    if (k && !this.typing()) {
      if (horizontal) {
        if (k.A.isDown || k.LEFT.isDown) move -= 1;
        if (k.D.isDown || k.RIGHT.isDown) move += 1;
      } else {
        if (k.W.isDown || k.UP.isDown) move -= 1;
        if (k.S.isDown || k.DOWN.isDown) move += 1;
      }
    }
    if (move === 0 && this.usePointer) {
      const p = this.scene.input.activePointer;
      const world = this.scene.cameras.main.getWorldPoint(p.x, p.y);
      const target = horizontal ? world.x : world.y;
      const d = (target - along) / Math.max(1e-6, unitsPerTick);
      move = Math.abs(d) < 0.05 ? 0 : Math.max(-1, Math.min(1, d));
    }
    return { move };
  }

  /** The keys to show for a side (the controls card and the HUD say the same). */
  static keysFor(side: number): string {
    return side < 2 ? '← → or A D' : '↑ ↓ or W S';
  }
}
