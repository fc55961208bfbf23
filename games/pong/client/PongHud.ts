/**
 * Pong's HUD pieces, HTML in the shell's HUD layer: the scores by side (names, the own side
 * highlighted, `data-testid=pong-scores`), the phase line (waiting, the countdown, the winner;
 * `data-testid=pong-phase`, with `data-phase`) and the announcements (goals, wins, who took
 * which side; `data-testid=pong-feed`), each line fading out. Text only, never HTML; nodes are
 * rewritten only when what they show changes.
 */
import type { Announcement } from '../../../shared/game/GameDefinition.ts';
import { PHASE_NAMES, SIDES } from '../shared/rules.ts';
import type { MatchView } from '../shared/kinds.ts';

const FEED_LINES = 4;
const FEED_SHOW_MS = 4000;
const FEED_FADE_MS = 1000;

export interface ScoreSide {
  side: number;
  name: string;
  score: number;
  /** 0 wall, 1 player, 2 held (reconnecting). */
  state: number;
  self: boolean;
}

export class PongHud {
  private readonly scores: HTMLDivElement;
  private readonly phase: HTMLDivElement;
  private readonly feed: HTMLDivElement;
  private readonly lines: { el: HTMLDivElement; atMs: number }[] = [];
  private shown = { scores: '', phase: '' };

  constructor(root: HTMLElement) {
    this.scores = div('hud-panel pong-scores', 'pong-scores');
    this.phase = div('pong-phase', 'pong-phase');
    this.feed = div('pong-feed', 'pong-feed');
    root.append(this.scores, this.phase, this.feed);
  }

  update(match: MatchView | null, sides: readonly ScoreSide[], ownSide: number | null, nowMs: number): void {
    const key = JSON.stringify(sides);
    if (key !== this.shown.scores) {
      this.shown.scores = key;
      this.scores.replaceChildren(
        ...sides.map((s) => {
          const row = div(`row${s.self ? ' me' : ''}${s.state === 2 ? ' held' : ''}`);
          row.dataset.side = SIDES[s.side] ?? String(s.side);
          row.append(span(SIDES[s.side] ?? '', 'side'), span(s.self ? `${s.name} (you)` : s.name, 'name'), span(String(s.score), 'score'));
          return row;
        }),
      );
    }
    const text = phaseText(match, sides, ownSide);
    const phaseName = match ? (PHASE_NAMES[match.phase] ?? '') : '';
    if (text + phaseName !== this.shown.phase) {
      this.shown.phase = text + phaseName;
      this.phase.textContent = text;
      this.phase.hidden = text === '';
      this.phase.dataset.phase = phaseName;
    }
    while (this.lines.length > 0 && nowMs - this.lines[0]!.atMs > FEED_SHOW_MS + FEED_FADE_MS) this.lines.shift()!.el.remove();
    for (const l of this.lines) {
      const age = nowMs - l.atMs;
      const opacity = age <= FEED_SHOW_MS ? '1' : (1 - (age - FEED_SHOW_MS) / FEED_FADE_MS).toFixed(2);
      if (l.el.style.opacity !== opacity) l.el.style.opacity = opacity;
    }
  }

  /** A game announcement: a line in the feed. */
  announce(a: Announcement, ownName: string, nowMs: number): void {
    const text = announcementText(a, ownName);
    if (text === null) return;
    const line = div(a.type === 'won' ? 'won' : '');
    line.textContent = text;
    this.feed.append(line);
    this.lines.push({ el: line, atMs: nowMs });
    while (this.lines.length > FEED_LINES) this.lines.shift()!.el.remove();
  }

  destroy(): void {
    this.scores.remove();
    this.phase.remove();
    this.feed.remove();
  }
}

function phaseText(match: MatchView | null, sides: readonly ScoreSide[], ownSide: number | null): string {
  if (!match) return '';
  switch (PHASE_NAMES[match.phase]) {
    case 'waiting':
      return sides.some((s) => s.state === 2) ? 'Paused: waiting for a player to come back…' : 'Waiting for another player…';
    case 'countdown':
      return `Get ready… ${match.timer}`;
    case 'over': {
      const w = sides.find((s) => s.side === match.winner);
      const who = w ? (w.side === ownSide ? 'You win!' : `${w.name} wins!`) : 'Game over';
      return `${who} · next match in ${match.timer}`;
    }
    default:
      return '';
  }
}

/** The feed's words for pong's announcements (games/pong/shared/events.ts). */
export function announcementText(a: Announcement, ownName: string): string | null {
  const you = (name: unknown): string => (name === ownName ? 'you' : String(name));
  switch (a.type) {
    case 'joined':
      return `${you(a['name'])} took the ${String(a['side'])} side`;
    case 'goal': {
      const scorer = a['scorerName'] ? you(a['scorerName']) : '';
      const missed = a['concededBy'] ? you(a['concededBy']) : `the ${String(a['conceded'])} side`;
      return scorer ? `Goal! ${scorer} scored (${String(a['score'])}) — ${missed} missed` : `${missed} missed`;
    }
    case 'won': {
      const who = a['name'] ? you(a['name']) : `The ${String(a['side'])} side`;
      return `${who === 'you' ? 'You' : who} won the match with ${String(a['score'])} points`;
    }
    default:
      return null;
  }
}

function div(cls: string, testId?: string): HTMLDivElement {
  const d = document.createElement('div');
  if (cls) d.className = cls;
  if (testId) d.dataset.testid = testId;
  return d;
}

function span(text: string, cls: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.textContent = text;
  s.className = cls;
  return s;
}
