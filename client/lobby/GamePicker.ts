/**
 * The lobby's game and mode picker: one button per installed game (`data-testid=game-<name>`,
 * `aria-pressed` on the picked one) and a select of the picked game's room variants
 * (`data-testid=mode`). With one game the buttons hide; with one variant the select does.
 */
import type { PlayableGame } from '../games.ts';
import { el } from './dom.ts';

export class GamePicker {
  readonly root: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly select: HTMLSelectElement;
  private picked: PlayableGame;

  constructor(
    private readonly games: readonly PlayableGame[],
    initial: { game?: string | undefined; mode?: string | undefined },
    private readonly onPick: (game: PlayableGame) => void,
  ) {
    this.picked = games.find((g) => g.game.name === initial.game) ?? games[0]!;
    this.buttons = games.map((g) => {
      const b = el('button', { type: 'button', class: 'game', 'data-testid': `game-${g.game.name}` }, g.game.title);
      b.addEventListener('click', () => this.pick(g));
      return b;
    });
    this.select = el('select', { 'data-testid': 'mode', title: 'Room type' });
    const games_ = el('div', { class: 'lobby-games', 'data-testid': 'game-picker' }, ...this.buttons);
    games_.hidden = games.length < 2;
    this.root = el('div', { class: 'lobby-picker' }, games_, this.select);
    this.render(initial.mode);
  }

  get game(): PlayableGame {
    return this.picked;
  }

  /** The picked room type (a mode of the picked game). */
  get mode(): string {
    return this.select.value || this.picked.game.name;
  }

  setDisabled(disabled: boolean): void {
    for (const b of this.buttons) b.disabled = disabled;
    this.select.disabled = disabled;
  }

  private pick(game: PlayableGame): void {
    if (game === this.picked) return;
    this.picked = game;
    this.render(undefined);
    this.onPick(game);
  }

  private render(mode: string | undefined): void {
    this.buttons.forEach((b, i) => {
      const on = this.games[i] === this.picked;
      b.setAttribute('aria-pressed', String(on));
      b.classList.toggle('primary', on);
    });
    this.select.replaceChildren(...this.picked.modes.map((m) => {
      const o = el('option', {}, m.label);
      o.value = m.mode;
      return o;
    }));
    this.select.value = this.picked.modes.some((m) => m.mode === mode) ? mode! : this.picked.game.name;
    this.select.hidden = this.picked.modes.length < 2;
  }
}
