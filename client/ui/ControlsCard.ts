/**
 * What the game is and how to play it (the game's ControlsText, then the shell's own keys),
 * shown at a player's first game of it and remembered once dismissed (localStorage, per game);
 * H brings it back. Text only.
 */
import type { ControlsText } from '../shell/GameClientEntry.ts';

/** The shell's keys, the same in every game. */
export const SHELL_CONTROLS: readonly (readonly [string, string])[] = [
  ['Enter', 'chat'],
  ['F3', 'net stats'],
  ['H', 'this card'],
];

export class ControlsCard {
  readonly element: HTMLDivElement;
  private readonly onKey = (e: KeyboardEvent): void => {
    if ((e.key === 'h' || e.key === 'H') && !isTyping()) this.toggle();
  };

  private readonly seenKey: string;

  constructor(root: HTMLElement, game: string, text: ControlsText) {
    this.seenKey = `${game}.controls-seen`;
    const card = document.createElement('div');
    card.className = 'hud-panel hud-controls';
    card.dataset.testid = 'controls-card';
    const title = document.createElement('h3');
    title.textContent = text.title;
    const about = document.createElement('p');
    about.textContent = text.about;
    const table = document.createElement('table');
    for (const [keys, what] of [...text.keys, ...SHELL_CONTROLS]) {
      const tr = document.createElement('tr');
      const k = document.createElement('td');
      k.className = 'keys';
      k.textContent = keys;
      const w = document.createElement('td');
      w.textContent = what;
      tr.append(k, w);
      table.append(tr);
    }
    const ok = document.createElement('button');
    ok.type = 'button';
    ok.textContent = 'Got it';
    ok.dataset.testid = 'controls-dismiss';
    ok.addEventListener('click', () => this.dismiss());
    card.append(title, about, table, ok);
    this.element = card;
    card.hidden = readSeen(this.seenKey);
    root.append(card);
    window.addEventListener('keydown', this.onKey);
  }

  get shown(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    if (this.shown) this.dismiss();
    else this.element.hidden = false;
  }

  dismiss(): void {
    this.element.hidden = true;
    try {
      window.localStorage.setItem(this.seenKey, '1');
    } catch {
      // private mode: shown again next time
    }
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }
}

function readSeen(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function isTyping(): boolean {
  const a = document.activeElement;
  return a instanceof HTMLInputElement || a instanceof HTMLTextAreaElement;
}
