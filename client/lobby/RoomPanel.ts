/**
 * In-game room panel: the room's code (private rooms), chat and system events (joins, leaves,
 * drops, kill feed), the reconnection status, and a Leave button. Every line is text, never HTML.
 */
import { LIMITS, type RoomEvent } from '../../shared/protocol.ts';
import type { ChatLine, GameClient } from '../../shared/sdk/GameClient.ts';
import { el, isolateKeys } from './dom.ts';

const MAX_LINES = 60;

export class RoomPanel {
  readonly root: HTMLElement;
  private readonly log: HTMLElement;
  private readonly status: HTMLElement;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly client: GameClient,
    /** notice: a first system line (e.g. "moved to a new room"). */
    opts: { code: string | null; onLeave: () => void; notice?: string },
  ) {
    this.log = el('div', { class: 'room-log', 'data-testid': 'chat-log' });
    this.status = el('div', { class: 'room-status', 'data-testid': 'room-status' });
    this.status.hidden = true;
    const input = el('input', { placeholder: 'Say something (Enter)', 'data-testid': 'chat-input' });
    input.maxLength = LIMITS.chatMaxLength;
    isolateKeys(input);
    const form = el('form', { class: 'room-chat' }, input);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = input.value.trim();
      if (text) client.sendChat(text);
      input.value = '';
      input.blur(); // back to the game's keys
    });
    const leave = el('button', { type: 'button', class: 'small', 'data-testid': 'leave' }, 'Leave');
    leave.addEventListener('click', () => opts.onLeave());
    const title = opts.code
      ? el('div', { class: 'room-title' }, 'Private room · code ', el('strong', { 'data-testid': 'room-code' }, opts.code), leave)
      : el('div', { class: 'room-title' }, 'Public room', leave);
    this.root = el('div', { class: 'room-panel', 'data-testid': 'room-panel' }, title, this.status, this.log, form);
    document.body.append(this.root);
    // Enter anywhere opens the chat field.
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key === 'Enter' && document.activeElement !== input) {
        ev.preventDefault();
        input.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    this.offs.push(() => window.removeEventListener('keydown', onKey));
    this.offs.push(
      client.on('chat', (line) => this.chat(line)),
      client.on('roomEvent', (e) => this.event(e)),
      client.on('disconnected', () => this.setStatus('Connection lost: reconnecting…')),
      client.on('reconnecting', (attempt, delayMs) => this.setStatus(`Connection lost: reconnecting (attempt ${attempt}, in ${(delayMs / 1000).toFixed(1)} s)…`)),
      client.on('reconnected', () => {
        this.setStatus(null);
        this.system('Reconnected.');
      }),
      client.on('close', () => this.setStatus('Disconnected.')),
    );
    if (opts.notice) this.system(opts.notice);
    if (opts.code) this.system(`Share the code ${opts.code} with your friends: they choose "Join by code".`);
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.root.remove();
  }

  private chat(line: ChatLine): void {
    this.append(el('div', { class: 'line' }, el('span', { class: 'who' }, `${line.name}: `), line.text));
  }

  private event(e: RoomEvent): void {
    const me = this.client.playerId;
    const who = (id: number, name: string): string => (id === me ? 'you' : name);
    switch (e.type) {
      case 'joined':
        return this.system(`${who(e.playerId, e.name)} joined`);
      case 'left':
        return this.system(`${e.name} ${e.reason === 'timeout' ? 'did not come back' : 'left'}`);
      case 'disconnected':
        return this.system(`${e.name} lost connection…`);
      case 'reconnected':
        return this.system(`${e.name} is back`);
      case 'announce':
        return; // the game's announcements are the game's to show (the arena's kill feed is in its HUD)
    }
  }

  private system(text: string): void {
    this.append(el('div', { class: 'line sys' }, text));
  }

  private append(line: HTMLElement): void {
    this.log.append(line);
    while (this.log.childElementCount > MAX_LINES) this.log.firstElementChild?.remove();
    this.log.scrollTop = this.log.scrollHeight;
  }

  private setStatus(text: string | null): void {
    this.status.hidden = text === null;
    this.status.textContent = text ?? '';
  }
}
