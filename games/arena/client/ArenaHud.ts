/**
 * The arena's HUD pieces, HTML in the shell's HUD layer over the canvas: the scoreboard (the
 * top few and you; every player while Tab is held), the kill feed, the "you died" banner with
 * the respawn countdown, the minimap and arrows toward players out of view. (The status line,
 * the controls card and the F3 overlay are the shell's.) DOM nodes are rewritten only when what
 * they show changes.
 */
import type { Announcement } from '../../../shared/game/GameDefinition.ts';
import type { GameMap } from '../shared/map.ts';
import { EdgeArrows, type OffscreenPlayer } from './EdgeArrows.ts';
import { KillFeed, type Kill } from './KillFeed.ts';
import { Minimap, type MinimapDot } from './Minimap.ts';

/** Rows of the compact scoreboard (the own row is added when it is not among them). */
export const TOP_ROWS = 5;

export interface ScoreRow {
  id: number;
  name: string;
  kills: number;
  deaths: number;
  alive: boolean;
}

export interface HudState {
  selfId: number;
  players: readonly ScoreRow[];
  /** Seconds until the own player respawns, or null while alive. */
  respawnInSec: number | null;
  /** Every player's position for the minimap. */
  dots: readonly MinimapDot[];
  /** Other living players out of view, in page pixels. */
  offscreen: readonly OffscreenPlayer[];
  nowMs: number;
}

/** The rows the scoreboard shows: everyone when expanded, else the top rows and the own row with its rank. */
export function visibleScores(sorted: readonly ScoreRow[], selfId: number, expanded: boolean): { row: ScoreRow; rank: number }[] {
  const ranked = sorted.map((row, i) => ({ row, rank: i + 1 }));
  if (expanded || ranked.length <= TOP_ROWS + 1) return ranked;
  const top = ranked.slice(0, TOP_ROWS);
  const me = ranked.find((r) => r.row.id === selfId);
  return me && me.rank > TOP_ROWS ? [...top, me] : top;
}

/** Most kills first, then fewest deaths, then name. */
export function sortScores(rows: readonly ScoreRow[]): ScoreRow[] {
  return [...rows].sort((a, b) => b.kills - a.kills || a.deaths - b.deaths || a.name.localeCompare(b.name) || a.id - b.id);
}

export class ArenaHud {
  private readonly scoreboard: HTMLDivElement;
  private readonly banner: HTMLDivElement;
  private readonly minimap: Minimap;
  readonly killFeed: KillFeed;
  readonly arrows: EdgeArrows;
  private expanded = false;
  private readonly pieces: Element[];
  private shown = { scores: '', banner: '' };
  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Tab') return;
    e.preventDefault(); // Tab would move the focus out of the game
    this.expanded = e.type === 'keydown';
  };
  private readonly onBlur = (): void => {
    this.expanded = false;
  };

  constructor(
    root: HTMLElement,
    map: GameMap,
    selfId: number,
  ) {
    this.minimap = new Minimap(map);
    this.scoreboard = panel('hud-scoreboard');
    this.scoreboard.dataset.testid = 'scoreboard';
    this.banner = panel('hud-banner');
    this.banner.hidden = true;
    root.append(this.scoreboard, this.banner, this.minimap.canvas);
    this.killFeed = new KillFeed(root, selfId);
    this.arrows = new EdgeArrows(root);
    this.pieces = [this.scoreboard, this.banner, this.minimap.canvas, this.killFeed.element];
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('keyup', this.onKey);
    window.addEventListener('blur', this.onBlur);
  }

  /** A game announcement: kills go to the kill feed. */
  announce(a: Announcement, nowMs: number): void {
    if (a.type === 'kill') this.killFeed.add(a as unknown as Kill, nowMs);
  }

  update(s: HudState): void {
    const rows = visibleScores(sortScores(s.players), s.selfId, this.expanded);
    const scoresKey = JSON.stringify([s.selfId, this.expanded, s.players.length, rows]);
    if (scoresKey !== this.shown.scores) {
      this.shown.scores = scoresKey;
      this.renderScores(rows, s.selfId, s.players.length);
    }
    this.killFeed.update(s.nowMs);
    this.arrows.update(s.offscreen, window.innerWidth, window.innerHeight);
    const bannerText = s.respawnInSec === null ? '' : `You were eliminated — respawning in ${Math.ceil(s.respawnInSec)} s`;
    if (bannerText !== this.shown.banner) {
      this.shown.banner = bannerText;
      this.banner.textContent = bannerText;
      this.banner.hidden = bannerText === '';
    }
    this.minimap.draw(s.dots, s.nowMs);
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('keyup', this.onKey);
    window.removeEventListener('blur', this.onBlur);
    for (const p of this.pieces) p.remove();
    this.arrows.destroy();
  }

  private renderScores(rows: readonly { row: ScoreRow; rank: number }[], selfId: number, total: number): void {
    const table = document.createElement('table');
    const head = document.createElement('tr');
    head.append(cell('th', '#', 'num'), cell('th', 'Player'), cell('th', 'K', 'num'), cell('th', 'D', 'num'));
    table.append(head);
    let last = 0;
    for (const { row: r, rank } of rows) {
      if (rank > last + 1) {
        const gap = document.createElement('tr');
        gap.className = 'gap';
        gap.append(cell('td', '⋯', 'num'));
        table.append(gap);
      }
      last = rank;
      const tr = document.createElement('tr');
      if (r.id === selfId) tr.classList.add('me');
      if (!r.alive) tr.classList.add('dead');
      tr.append(cell('td', String(rank), 'num rank'), cell('td', r.name, 'name'), cell('td', String(r.kills), 'num'), cell('td', String(r.deaths), 'num'));
      table.append(tr);
    }
    const parts: Node[] = [table];
    if (rows.length < total) {
      const more = document.createElement('div');
      more.className = 'more';
      more.textContent = `${total} players · hold Tab for all`;
      parts.push(more);
    }
    this.scoreboard.replaceChildren(...parts);
  }
}

function panel(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = `hud-panel ${cls}`;
  return d;
}

function cell(tag: 'td' | 'th', text: string, cls = ''): HTMLElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (cls) c.className = cls;
  return c;
}
