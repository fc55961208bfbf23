/**
 * The kill feed: the last few kills, top right under the scoreboard, each line fading out a few
 * seconds after it came. Text only, never HTML.
 */

const MAX_LINES = 4;
const SHOW_MS = 5000;
const FADE_MS = 1000;

/** A kill as the arena announces it (games/arena/index.ts announce). */
export interface Kill {
  type: 'kill';
  killer: number;
  victim: number;
  killerName: string;
  victimName: string;
}

export class KillFeed {
  readonly element: HTMLDivElement;
  private lines: { el: HTMLDivElement; atMs: number }[] = [];

  constructor(
    root: HTMLElement,
    private readonly selfId: number,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'hud-killfeed';
    this.element.dataset.testid = 'kill-feed';
    root.append(this.element);
  }

  add(e: Kill, nowMs: number): void {
    const who = (id: number, name: string): string => (id === this.selfId ? 'you' : name);
    const line = document.createElement('div');
    line.className = e.killer === this.selfId ? 'mine' : e.victim === this.selfId ? 'me-hit' : '';
    line.textContent = e.killer === e.victim ? `${who(e.victim, e.victimName)} died` : `${who(e.killer, e.killerName)} ✕ ${who(e.victim, e.victimName)}`;
    this.element.append(line);
    this.lines.push({ el: line, atMs: nowMs });
    while (this.lines.length > MAX_LINES) this.lines.shift()!.el.remove();
  }

  /** Fade and drop old lines (every frame). */
  update(nowMs: number): void {
    while (this.lines.length > 0 && nowMs - this.lines[0]!.atMs > SHOW_MS + FADE_MS) this.lines.shift()!.el.remove();
    for (const l of this.lines) {
      const age = nowMs - l.atMs;
      const opacity = age <= SHOW_MS ? '1' : (1 - (age - SHOW_MS) / FADE_MS).toFixed(2);
      if (l.el.style.opacity !== opacity) l.el.style.opacity = opacity;
    }
  }

  get count(): number {
    return this.lines.length;
  }
}
