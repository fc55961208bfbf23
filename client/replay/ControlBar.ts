/**
 * The replay viewer's controls, HTML over the canvas (bottom): play/pause, a tick back and
 * forward, the seek bar, a tick to go to, the time (tick, match time, wall-clock time of the
 * moment), the speed and whose view (a player present, or the free camera); above them what the
 * recording is, "Copy link" (the moment's deep link, for a server recording: MomentLink) and its
 * problems. It follows the Playback each frame; what the user does goes
 * straight to the Playback. Space plays/pauses, comma and period step a tick. Text only, never
 * HTML: every string of a recording is the file's, not ours.
 */
import type { Problem } from '../../shared/replay/frames.ts';
import type { MomentLink } from './MomentLink.ts';
import { SPEEDS, type Playback, type PlayerEntry } from './Playback.ts';

/** How long "Copied" shows on the button. */
const COPIED_MS = 1500;

export interface ControlBarOptions {
  playback: Playback;
  /** The file's name (shown; for the user's own reference). */
  fileName: string;
  /** Open another recording. */
  onClose: () => void;
  /** The moment's link, for a recording opened from the server (null: a file of this computer has none). */
  link: MomentLink | null;
}

export class ControlBar {
  readonly element: HTMLDivElement;
  private readonly playback: Playback;
  private readonly playButton: HTMLButtonElement;
  private readonly seekBar: HTMLInputElement;
  private readonly tickField: HTMLInputElement;
  private readonly timeText: HTMLSpanElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly followSelect: HTMLSelectElement;
  private readonly problemList: HTMLUListElement;
  private readonly link: MomentLink | null;
  private readonly copyButton: HTMLButtonElement;
  private readonly linkField: HTMLInputElement;
  private copiedTimer: ReturnType<typeof setTimeout> | null = null;
  private seeking = false;
  private shown = { playing: false, tick: -1, players: '', follow: -1, problems: -1 };
  private readonly onKey = (e: KeyboardEvent): void => {
    const el = document.activeElement;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLButtonElement || el instanceof HTMLTextAreaElement) return;
    if (e.key === ' ') {
      e.preventDefault();
      this.toggle();
    } else if (e.key === ',') this.playback.step(-1);
    else if (e.key === '.') this.playback.step(1);
  };

  constructor(root: HTMLElement, opts: ControlBarOptions) {
    const pb = opts.playback;
    this.playback = pb;
    const h = pb.recording.header;
    this.element = el('div', 'replay-bar');
    this.element.dataset.testid = 'replay-bar';

    const info = el('div', 'replay-info');
    const title = el('span', 'replay-title');
    title.textContent = `${h.game} · ${h.mode.slice(0, 40)} · room ${h.roomId.slice(0, 64)}${h.part > 1 ? ` · part ${h.part}` : ''}`;
    const sub = el('span', 'replay-sub');
    sub.textContent = `${opts.fileName.slice(0, 120)} · recorded ${new Date(h.startedAtMs).toLocaleString()} · ticks ${pb.firstTick}–${pb.lastTick} at ${pb.tickRate} Hz`;
    const close = button('Open another', 'replay-close', () => opts.onClose());
    this.link = opts.link;
    this.copyButton = button('Copy link', 'replay-copy-link', () => void this.copyLink());
    this.copyButton.title = opts.link ? 'copy the link to this moment (the tick shown and whose view; the admin token is not in it)' : 'a recording opened from a file of this computer has no link: open it from the server’s list';
    this.copyButton.disabled = opts.link === null;
    this.linkField = el('input', 'replay-link');
    this.linkField.dataset.testid = 'replay-link';
    this.linkField.readOnly = true;
    this.linkField.hidden = true;
    this.linkField.setAttribute('aria-label', 'link to this moment');
    info.append(title, sub, this.copyButton, this.linkField, close);

    this.problemList = el('ul', 'replay-problems');
    this.problemList.dataset.testid = 'replay-problems';
    this.problemList.hidden = true;

    const row = el('div', 'replay-row');
    this.playButton = button('Play', 'replay-play', () => this.toggle(), 'play / pause (space)');
    const back = button('‹', 'replay-step-back', () => pb.step(-1), 'one tick back (,)');
    const fwd = button('›', 'replay-step-forward', () => pb.step(1), 'one tick forward (.)');
    this.seekBar = document.createElement('input');
    this.seekBar.type = 'range';
    this.seekBar.className = 'replay-seek';
    this.seekBar.dataset.testid = 'replay-seek';
    this.seekBar.min = String(pb.firstTick);
    this.seekBar.max = String(pb.lastTick);
    this.seekBar.step = '1';
    this.seekBar.setAttribute('aria-label', 'seek');
    this.seekBar.addEventListener('pointerdown', () => (this.seeking = true));
    this.seekBar.addEventListener('input', () => pb.seek(Number(this.seekBar.value)));
    this.seekBar.addEventListener('change', () => {
      this.seeking = false;
      pb.seek(Number(this.seekBar.value));
    });
    this.tickField = document.createElement('input');
    this.tickField.type = 'number';
    this.tickField.className = 'replay-tick';
    this.tickField.dataset.testid = 'replay-tick';
    this.tickField.min = this.seekBar.min;
    this.tickField.max = this.seekBar.max;
    this.tickField.setAttribute('aria-label', 'go to tick');
    this.tickField.addEventListener('change', () => {
      const t = Number(this.tickField.value);
      if (Number.isFinite(t)) pb.seek(t);
    });
    this.timeText = el('span', 'replay-time');
    this.timeText.dataset.testid = 'replay-time';
    this.speedSelect = select('replay-speed', 'speed', SPEEDS.map((s) => [String(s), `${s}×`]));
    this.speedSelect.value = String(pb.speed);
    this.speedSelect.addEventListener('change', () => pb.setSpeed(Number(this.speedSelect.value)));
    this.followSelect = select('replay-follow', 'whose view', []);
    this.followSelect.addEventListener('change', () => pb.setFollow(Number(this.followSelect.value)));
    row.append(this.playButton, back, fwd, this.seekBar, this.tickField, this.timeText, label('speed', this.speedSelect), label('view', this.followSelect));

    this.element.append(info, this.problemList, row);
    root.append(this.element);
    window.addEventListener('keydown', this.onKey);
    pb.onProblem(() => this.update());
    this.update();
  }

  /** Follow the playback (every frame; the DOM is written only where something changed). */
  update(): void {
    const pb = this.playback;
    const s = this.shown;
    if (pb.playing !== s.playing) {
      s.playing = pb.playing;
      this.playButton.textContent = pb.playing ? 'Pause' : 'Play';
      this.playButton.setAttribute('aria-pressed', String(pb.playing));
    }
    if (pb.tick !== s.tick) {
      s.tick = pb.tick;
      if (!this.seeking) this.seekBar.value = String(pb.tick);
      if (document.activeElement !== this.tickField) this.tickField.value = String(pb.tick);
      this.timeText.textContent = timeLine(pb);
    }
    this.updateFollow(pb.players());
    this.link?.update();
    if (pb.problems.length !== s.problems) {
      s.problems = pb.problems.length;
      this.problemList.replaceChildren(...pb.problems.map(problemItem));
      this.problemList.hidden = pb.problems.length === 0;
    }
  }

  destroy(): void {
    if (this.copiedTimer !== null) clearTimeout(this.copiedTimer);
    window.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }

  /** The moment's link to the clipboard; where the page may not write it (no secure context), shown selected to copy by hand. */
  private async copyLink(): Promise<void> {
    if (!this.link) return;
    const href = this.link.href;
    this.linkField.value = href;
    let copied = false;
    try {
      await navigator.clipboard.writeText(href);
      copied = true;
    } catch {
      // no clipboard here (http on another host, permission refused): the field below
    }
    this.linkField.hidden = copied;
    if (!copied) this.linkField.select();
    this.copyButton.textContent = copied ? 'Copied' : 'Copy it: Ctrl+C';
    if (this.copiedTimer !== null) clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => {
      this.copyButton.textContent = 'Copy link';
      this.copiedTimer = null;
    }, COPIED_MS);
  }

  private toggle(): void {
    if (this.playback.playing) this.playback.pause();
    else this.playback.play();
    this.update();
  }

  /** The players present, and the followed one even when it is not (it left, or has not joined yet). */
  private updateFollow(players: readonly PlayerEntry[]): void {
    const pb = this.playback;
    const list = [...players];
    if (pb.follow !== 0 && !list.some((p) => p.id === pb.follow)) list.push({ id: pb.follow, name: `${pb.nameOf(pb.follow) ?? `player ${pb.follow}`} (not in the world)` });
    const key = JSON.stringify(list);
    if (key !== this.shown.players) {
      this.shown.players = key;
      const options = [option('0', 'free camera'), ...list.map((p) => option(String(p.id), `${p.name} (#${p.id})`))];
      this.followSelect.replaceChildren(...options);
      this.shown.follow = -1;
    }
    if (pb.follow !== this.shown.follow) {
      this.shown.follow = pb.follow;
      this.followSelect.value = String(pb.follow);
    }
  }
}

/** "tick 1234 / 5678 · 0:41.1 / 3:09.3 · 12:31:05" (match time from the first tick; the wall clock of the moment). */
export function timeLine(pb: Playback): string {
  const h = pb.recording.header;
  const sec = (pb.tick - pb.firstTick) / pb.tickRate;
  const total = (pb.lastTick - pb.firstTick) / pb.tickRate;
  const wall = new Date(h.startedAtMs + ((pb.tick - h.startTick) / pb.tickRate) * 1000);
  return `tick ${pb.tick} / ${pb.lastTick} · ${clock(sec)} / ${clock(total)} · ${wall.toLocaleTimeString()}`;
}

function clock(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

function problemItem(p: Problem): HTMLLIElement {
  const li = el('li', p.fatal ? 'fatal' : 'warning');
  li.textContent = `${p.fatal ? 'Damaged: ' : 'Note: '}${p.message.slice(0, 300)}`;
  return li;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  return e;
}

function button(text: string, testid: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', testid);
  b.type = 'button';
  b.textContent = text;
  if (title !== undefined) {
    b.title = title;
    b.setAttribute('aria-label', title);
  }
  b.dataset.testid = testid;
  b.addEventListener('click', onClick);
  return b;
}

function select(testid: string, aria: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const s = el('select', testid);
  s.dataset.testid = testid;
  s.setAttribute('aria-label', aria);
  s.append(...options.map(([v, t]) => option(v, t)));
  return s;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function label(text: string, control: HTMLElement): HTMLLabelElement {
  const l = el('label', 'replay-label');
  l.append(`${text} `, control);
  return l;
}
