/**
 * The net-stats overlay, toggled with F3: one line per figure of NetStats, refreshed four
 * times a second while shown. `data-rtt-ms` carries the RTT for tests.
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

  /** Redraw when shown and due. */
  update(nowMs: number, read: () => NetStatsView): void {
    if (this.element.hidden || nowMs - this.lastDrawMs < REFRESH_MS) return;
    this.lastDrawMs = nowMs;
    const v = read();
    const n = (x: number, digits = 0, unit = ''): string => (Number.isFinite(x) ? `${x.toFixed(digits)}${unit}` : '–');
    const kb = (x: number): string => (Number.isFinite(x) ? `${(x / 1024).toFixed(1)} KiB/s` : '–');
    this.element.textContent = [
      'net stats (F3)',
      `RTT            ${n(v.rttMs, 0, ' ms')}`,
      `jitter         ${n(v.jitterMs, 1, ' ms')}`,
      `clock offset   ${n(v.clockOffsetMs, 1, ' ms')}`,
      `server ticks   ${n(v.serverTickRate, 1, ' /s')}`,
      `snapshots      ${n(v.snapshotRate, 1, ' /s')}`,
      `interp delay   ${n(v.interpDelayMs, 1, ' ms')}`,
      `starved frames ${v.starvedFrames} (${n(v.starvedPercent, 2, ' %')})`,
      `corrections    ${n(v.correctionsPerSec, 1, ' /s')}, ${n(v.correctionUnits, 2, ' units')}`,
      `bytes in       ${kb(v.bytesInPerSec)}`,
      `bytes out      ${kb(v.bytesOutPerSec)}`,
      `input buffer   ${n(v.inputBufferTicks, 2, ' ticks')}, late ${n(v.inputsLate)}`,
    ].join('\n');
    this.element.dataset.rttMs = Number.isFinite(v.rttMs) ? String(Math.round(v.rttMs)) : '';
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }
}
