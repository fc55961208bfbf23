/** The page's side of a view: where a world point is on screen, and whether keys are text. (Games get these through ViewContext.) */
import type Phaser from 'phaser';
import type { Point } from './GameClientEntry.ts';

/** Page (CSS pixel) position of a world point under the scene's main camera; null before the scene is created. */
export function worldToScreen(scene: Phaser.Scene, x: number, y: number): Point | null {
  const cam = scene.cameras?.main;
  if (!cam) return null;
  const rect = scene.game.canvas.getBoundingClientRect();
  const sx = rect.width / scene.scale.width;
  const sy = rect.height / scene.scale.height;
  return { x: rect.left + (cam.x + (x - cam.worldView.x) * cam.zoom) * sx, y: rect.top + (cam.y + (y - cam.worldView.y) * cam.zoom) * sy };
}

/** True while the keyboard focus is in a text field: the keys are text then, not controls. */
export function isTyping(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
}
