/** The table of public rooms of every game: game and mode, players/capacity, age, and a Join button (or "full"). */
import type { RoomListing } from '../../shared/sdk/api.ts';
import type { PlayableGame } from '../games.ts';
import { el, formatAge } from './dom.ts';

export class RoomList {
  readonly root: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLElement;

  constructor(
    private readonly games: readonly PlayableGame[],
    private readonly onJoin: (room: RoomListing) => void,
  ) {
    this.body = el('tbody');
    this.empty = el('p', { class: 'lobby-empty' }, 'No public rooms yet: Quick play opens one.');
    const head = el('thead', {}, el('tr', {}, el('th', {}, 'Game'), el('th', { class: 'num' }, 'Players'), el('th', { class: 'num' }, 'Age'), el('th', {})));
    this.root = el('div', { class: 'lobby-rooms', 'data-testid': 'room-list' }, el('table', {}, head, this.body), this.empty);
  }

  show(rooms: readonly RoomListing[]): void {
    // Rooms of games this page cannot play are not offered.
    const playable = rooms.flatMap((room) => {
      const g = this.games.find((p) => Object.hasOwn(p.game.rooms, room.mode));
      return g ? [{ room, label: room.mode === g.game.name ? g.game.title : `${g.game.title} · ${g.modes.find((m) => m.mode === room.mode)?.label ?? room.mode}` }] : [];
    });
    this.empty.hidden = playable.length > 0;
    this.body.replaceChildren(
      ...playable.map(({ room, label }) => {
        const action = room.locked ? el('span', { class: 'lobby-full' }, 'full') : el('button', { type: 'button', class: 'small' }, 'Join');
        if (!room.locked) action.addEventListener('click', () => this.onJoin(room));
        const row = el(
          'tr',
          { 'data-testid': 'room-row' },
          el('td', {}, label),
          el('td', { class: 'num' }, `${room.players}/${room.capacity}`),
          el('td', { class: 'num' }, formatAge(room.ageSec)),
          el('td', { class: 'act' }, action),
        );
        row.dataset.mode = room.mode;
        return row;
      }),
    );
  }
}
