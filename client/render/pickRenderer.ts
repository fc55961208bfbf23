/**
 * Which Phaser renderer to ask for. WebGL by default; but when the only WebGL is a software
 * rasterizer (SwiftShader, llvmpipe: no GPU, or a headless browser) Canvas 2D draws this game
 * several times faster and leaves the main thread free for the network, so prefer Canvas there.
 */
import Phaser from 'phaser';

export type RendererChoice = 'webgl' | 'canvas' | 'auto';

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software/i;

/** The WebGL renderer's name, or null without WebGL. */
export function webGlRendererName(): string | null {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

export function phaserRendererType(choice: RendererChoice): number {
  if (choice === 'webgl') return Phaser.WEBGL;
  if (choice === 'canvas') return Phaser.CANVAS;
  const name = webGlRendererName();
  return name !== null && SOFTWARE_GL.test(name) ? Phaser.CANVAS : Phaser.AUTO;
}
