/**
 * The status line (top left), the same for every game: the ping and the room while connected,
 * else the connection's state in words. `data-state` and `data-rtt-ms` are for tests.
 * Rewritten only when what it shows changes.
 */
import type { GameClient } from '../../shared/sdk/GameClient.ts';

export class StatusLine {
  readonly element: HTMLDivElement;
  private shown = '';

  constructor(root: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'hud-panel hud-status';
    root.append(this.element);
  }

  update(client: Pick<GameClient, 'rttMs' | 'isOpen' | 'stalled' | 'reconnecting'>, roomId: string): void {
    const connected = client.isOpen;
    const ping = Number.isFinite(client.rttMs) ? `${Math.round(client.rttMs)} ms` : '… ms';
    const text = connected && client.stalled
      ? 'connection stalled: waiting for the server…'
      : connected
        ? `ping ${ping} · room ${roomId}`
        : client.reconnecting
          ? 'connection lost: reconnecting…'
          : 'disconnected'; // the connection-lost dialog says why, in words
    if (text === this.shown) return;
    this.shown = text;
    const span = document.createElement('span');
    span.textContent = text;
    if (!connected || client.stalled) span.className = 'bad';
    this.element.replaceChildren(span);
    this.element.dataset.state = connected ? (client.stalled ? 'stalled' : 'ok') : client.reconnecting ? 'reconnecting' : 'closed';
    this.element.dataset.rttMs = Number.isFinite(client.rttMs) ? String(Math.round(client.rttMs)) : '';
  }
}
