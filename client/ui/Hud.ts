/**
 * The heads-up display as HTML over the canvas: the scoreboard (kills/deaths, sorted), the ping
 * and connection status, the "you died" banner with the respawn countdown, and the minimap.
 * DOM nodes are rewritten only when what they show changes.
 */
import type { GameMap } from '../../shared/sim/map.ts';
import { Minimap, type MinimapDot } from './Minimap.ts';

export interface ScoreRow {
  id: number;
  name: string;
  kills: number;
  deaths: number;
  alive: boolean;
}

export interface HudState {
  selfId: number;
  roomId: string;
  players: readonly ScoreRow[];
  rttMs: number;
  connected: boolean;
  /** Connection lost, the client is trying to resume. */
  reconnecting: boolean;
  closeReason: string | null;
  /** Seconds until the own player respawns, or null while alive. */
  respawnInSec: number | null;
  /** Every player's position for the minimap. */
  dots: readonly MinimapDot[];
  nowMs: number;
}

/** Most kills first, then fewest deaths, then name. */
export function sortScores(rows: readonly ScoreRow[]): ScoreRow[] {
  return [...rows].sort((a, b) => b.kills - a.kills || a.deaths - b.deaths || a.name.localeCompare(b.name) || a.id - b.id);
}

export class Hud {
  private readonly scoreboard: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly banner: HTMLDivElement;
  private readonly minimap: Minimap;
  private shown = { scores: '', status: '', banner: '' };

  constructor(
    private readonly root: HTMLElement,
    map: GameMap,
  ) {
    root.hidden = false;
    this.minimap = new Minimap(map);
    this.scoreboard = panel('hud-scoreboard');
    this.status = panel('hud-status');
    this.banner = panel('hud-banner');
    this.banner.hidden = true;
    root.append(this.scoreboard, this.status, this.banner, this.minimap.canvas);
  }

  update(s: HudState): void {
    const rows = sortScores(s.players);
    const scoresKey = JSON.stringify([s.selfId, rows]);
    if (scoresKey !== this.shown.scores) {
      this.shown.scores = scoresKey;
      this.renderScores(rows, s.selfId);
    }
    const ping = Number.isFinite(s.rttMs) ? `${Math.round(s.rttMs)} ms` : '… ms';
    const statusText = s.connected
      ? `ping ${ping} · room ${s.roomId}`
      : s.reconnecting
        ? 'connection lost: reconnecting…'
        : `disconnected${s.closeReason ? ` (${s.closeReason})` : ''}`;
    if (statusText !== this.shown.status) {
      this.shown.status = statusText;
      this.status.replaceChildren(span(statusText, s.connected ? '' : 'bad'));
      this.status.dataset.rttMs = Number.isFinite(s.rttMs) ? String(Math.round(s.rttMs)) : '';
    }
    const bannerText = s.respawnInSec === null ? '' : `You were eliminated — respawning in ${Math.ceil(s.respawnInSec)} s`;
    if (bannerText !== this.shown.banner) {
      this.shown.banner = bannerText;
      this.banner.textContent = bannerText;
      this.banner.hidden = bannerText === '';
    }
    this.minimap.draw(s.dots, s.nowMs);
  }

  destroy(): void {
    this.root.replaceChildren();
    this.root.hidden = true;
  }

  private renderScores(rows: readonly ScoreRow[], selfId: number): void {
    const table = document.createElement('table');
    const head = document.createElement('tr');
    head.append(cell('th', 'Player'), cell('th', 'K', 'num'), cell('th', 'D', 'num'));
    table.append(head);
    for (const r of rows) {
      const tr = document.createElement('tr');
      if (r.id === selfId) tr.classList.add('me');
      if (!r.alive) tr.classList.add('dead');
      tr.append(cell('td', r.name), cell('td', String(r.kills), 'num'), cell('td', String(r.deaths), 'num'));
      table.append(tr);
    }
    this.scoreboard.replaceChildren(table);
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

function span(text: string, cls: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.textContent = text;
  if (cls) s.className = cls;
  return s;
}
