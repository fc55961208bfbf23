/**
 * The net-stats overlay, toggled with F3: one line per figure of NetStats, refreshed four
 * times a second while shown. Its `data-*` attributes carry the figures for tests (see
 * OVERLAY_DATA): the RTT, the frame rate, and the feel figures as totals since the session
 * began (starved frames of frames, corrections, late input ticks of ticks) and the input delay.
 */
import type { NetStatsView } from '../net/NetStats.ts';

const REFRESH_MS = 250;

export class NetStatsOverlay {
  readonly element: HTMLPreElement;
  private lastDrawMs = -Infinity;
  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'F3') return;
    e.preventDefault(); // F3 is "find" in some browsers
    this.toggle();
  };

  constructor(root: HTMLElement) {
    this.element = document.createElement('pre');
    this.element.className = 'net-stats';
    this.element.hidden = true;
    root.append(this.element);
    window.addEventListener('keydown', this.onKey);
  }

  get shown(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
    this.lastDrawMs = -Infinity;
  }

  /** Redraw when shown and due. `frame` gives the page's frame rate and frame time. */
  update(nowMs: number, read: () => NetStatsView, frame: { fps: number; frameMs: number }): void {
    if (this.element.hidden || nowMs - this.lastDrawMs < REFRESH_MS) return;
    this.lastDrawMs = nowMs;
    const v = read();
    this.element.textContent = overlayLines(v, frame).join('\n');
    this.element.dataset.rttMs = Number.isFinite(v.rttMs) ? String(Math.round(v.rttMs)) : '';
    this.element.dataset.fps = Number.isFinite(frame.fps) ? frame.fps.toFixed(1) : '';
    for (const [key, of] of OVERLAY_DATA) {
      const x = of(v);
      this.element.dataset[key] = Number.isFinite(x) ? String(x) : '';
    }
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }
}

/** The overlay's figures as data attributes (camelCase: `starvedFrames` is data-starved-frames). */
export const OVERLAY_DATA: readonly (readonly [string, (v: NetStatsView) => number])[] = [
  ['frames', (v) => v.frames],
  ['starvedFrames', (v) => v.starvedFrames],
  ['corrections', (v) => v.corrections],
  ['inputTicks', (v) => v.inputTicksTotal],
  ['lateInputs', (v) => v.inputsLateTotal],
  ['inputDelayTicks', (v) => v.inputHeldTicks],
  ['interpDelayMs', (v) => Math.round(v.interpDelayMs)],
];

const n = (x: number, digits = 0, unit = ''): string => (Number.isFinite(x) ? `${x.toFixed(digits)}${unit}` : '–');
const kb = (x: number): string => (Number.isFinite(x) ? (x / 1024).toFixed(1) : '–');
/** A clock difference: ms while small, seconds when large (the server counts from its own start). */
const offset = (ms: number): string => (!Number.isFinite(ms) ? '–' : Math.abs(ms) < 10_000 ? `${ms >= 0 ? '+' : ''}${ms.toFixed(1)} ms` : `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s`);

/** The overlay's lines: each figure with its unit and a few words on what it is. */
export function overlayLines(v: NetStatsView, frame: { fps: number; frameMs: number }): string[] {
  const row = (label: string, value: string, what: string): string => `${label.padEnd(13)} ${value.padEnd(20)} ${what}`;
  return [
    'net stats (F3 to hide)',
    row('frame rate', `${n(frame.fps, 0, ' fps')} (${n(frame.frameMs, 1, ' ms')})`, 'frames drawn a second (time per frame)'),
    row('ping RTT', n(v.rttMs, 0, ' ms'), 'round trip to the server (the HUD shows the same)'),
    row('jitter', n(v.jitterMs, 1, ' ms'), 'how much the round trip varies'),
    row('server clock', offset(v.clockOffsetMs), "server time minus this page's (only changes matter)"),
    row('server ticks', n(v.serverTickRate, 1, ' /s'), 'simulation steps a second'),
    row('snapshots', n(v.snapshotRate, 1, ' /s'), 'world updates received a second'),
    row('interp delay', n(v.interpDelayMs, 1, ' ms'), 'others are drawn this far behind, to move smoothly'),
    row('starved', `${v.starvedFrames} (${n(v.starvedPercent, 2, ' %')})`, 'frames drawn past the newest update'),
    row('corrections', `${n(v.correctionsPerSec, 1, ' /s')} · ${n(v.correctionUnits, 1, ' u')}`, 'fixes to your predicted position (mean size)'),
    row('data in/out', `${kb(v.bytesInPerSec)} / ${kb(v.bytesOutPerSec)} KiB/s`, 'bytes received / sent a second'),
    row('input buffer', `${n(v.inputBufferTicks, 2, ' ticks')}`, 'your inputs waiting at the server for their tick'),
    row('input delay', `${n(v.inputHeldTicks, 0, ' ticks')}`, 'held back by the server so jitter does not make you stutter'),
    row('late inputs', `${n(v.inputsLate)} · ${n(v.inputsLatePercent, 2, ' %')}`, 'ticks that found no input of yours (last report · since joining)'),
  ];
}
