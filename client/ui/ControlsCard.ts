/**
 * What the game is and how to play it, shown at a player's first game and remembered once
 * dismissed (localStorage); H brings it back. Text only.
 */
const SEEN_KEY = 'arena.controls-seen';

export const CONTROLS: readonly [string, string][] = [
  ['WASD / arrows', 'move'],
  ['mouse', 'aim'],
  ['click (hold)', 'shoot'],
  ['Enter', 'chat'],
  ['Tab (hold)', 'all scores'],
  ['F3', 'net stats'],
  ['H', 'this card'],
];

export class ControlsCard {
  readonly element: HTMLDivElement;
  private readonly onKey = (e: KeyboardEvent): void => {
    if ((e.key === 'h' || e.key === 'H') && !isTyping()) this.toggle();
  };

  constructor(root: HTMLElement) {
    const card = document.createElement('div');
    card.className = 'hud-panel hud-controls';
    card.dataset.testid = 'controls-card';
    const title = document.createElement('h3');
    title.textContent = 'Arena: a top-down shooter';
    const about = document.createElement('p');
    about.textContent = 'Hit the others, dodge their shots: 4 hits eliminate, you respawn 3 s later. Most eliminations leads the board. Arrows at the screen edge point to the others.';
    const table = document.createElement('table');
    for (const [keys, what] of CONTROLS) {
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
    card.hidden = readSeen();
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
      window.localStorage.setItem(SEEN_KEY, '1');
    } catch {
      // private mode: shown again next time
    }
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }
}

function readSeen(): boolean {
  try {
    return window.localStorage.getItem(SEEN_KEY) === '1';
  } catch {
    return false;
  }
}

function isTyping(): boolean {
  const a = document.activeElement;
  return a instanceof HTMLInputElement || a instanceof HTMLTextAreaElement;
}
