/** The table of public rooms: mode, players/capacity, age, and a Join button (or "full"). */
import type { RoomListing } from '../../shared/sdk/api.ts';
import { el, formatAge } from './dom.ts';

export class RoomList {
  readonly root: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLElement;

  constructor(private readonly onJoin: (room: RoomListing) => void) {
    this.body = el('tbody');
    this.empty = el('p', { class: 'lobby-empty' }, 'No public rooms yet: Quick play opens one.');
    const head = el('thead', {}, el('tr', {}, el('th', {}, 'Mode'), el('th', { class: 'num' }, 'Players'), el('th', { class: 'num' }, 'Age'), el('th', {})));
    this.root = el('div', { class: 'lobby-rooms', 'data-testid': 'room-list' }, el('table', {}, head, this.body), this.empty);
  }

  show(rooms: readonly RoomListing[]): void {
    this.empty.hidden = rooms.length > 0;
    this.body.replaceChildren(
      ...rooms.map((room) => {
        const action = room.locked ? el('span', { class: 'lobby-full' }, 'full') : el('button', { type: 'button', class: 'small' }, 'Join');
        if (!room.locked) action.addEventListener('click', () => this.onJoin(room));
        const row = el(
          'tr',
          { 'data-testid': 'room-row' },
          el('td', {}, room.mode),
          el('td', { class: 'num' }, `${room.players}/${room.capacity}`),
          el('td', { class: 'num' }, formatAge(room.ageSec)),
          el('td', { class: 'act' }, action),
        );
        return row;
      }),
    );
  }
}
