/**
 * The lobby: a game and mode picker (the installed games and their room variants), a name, the
 * live list of public rooms of every game (polled), Quick play, Create private room and Join
 * by code for the picked mode. Each action reserves a seat over HTTP (POST /api/matchmake),
 * joins it with a GameClient of the room's game (reconnection on), and hands the welcomed
 * client to the start function. Failures (full room, wrong code, expired seat, room limit) are
 * shown as a sentence.
 * The socket goes to the seat's wsUrl: in a cluster, the node that owns the room. A Quick play
 * client re-matchmakes by itself when its room is lost for good (its node died or drained: SDK
 * rematch), and the game restarts on the new room with a line saying so.
 */
import { netSimFromParams } from '../../shared/netcode/DelayQueue.ts';
import { LIMITS, sanitizeName } from '../../shared/protocol.ts';
import type { MatchmakeAction, MatchmakeOptions, SeatReservation } from '../../shared/sdk/api.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { quickPlayAgain, type Rematch } from '../../shared/sdk/rematch.ts';
import { listRooms, matchmake } from '../../shared/sdk/rooms.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { el, isolateKeys } from './dom.ts';
import { explain } from './messages.ts';
import { RoomList } from './RoomList.ts';
import { showConnectionLost } from './ConnectionLostDialog.ts';
import { clearSeat, loadSeat, saveSeat } from './resume.ts';
import { RoomPanel } from './RoomPanel.ts';
import { installLobbyStyles } from './styles.ts';
import type { PlayableGame } from '../games.ts';
import { GamePicker } from './GamePicker.ts';

/** What the game's start function returns that the lobby needs: a way to end the game. */
export interface StartedGame {
  destroy(opts?: { keepClient?: boolean }): void;
}

export interface LobbyOptions {
  host: HTMLElement;
  initialName: string;
  /** Start the game on a client that is already welcomed. */
  start: (client: GameClient, name: string, game: PlayableGame) => Promise<StartedGame>;
  onName?: (name: string) => void;
  /** The games to offer (client/games.ts), the first the default. */
  games: readonly PlayableGame[];
  /** The game and mode picked at first (?game=, ?mode=). */
  game?: string;
  mode?: string;
  /** The picked game changed (to fetch its code ahead). */
  onPick?: (game: PlayableGame) => void;
  /** Base URL of the HTTP API ('' = this page's origin). */
  httpBase?: string;
  /** WebSocket URL of the game server (this page's origin by default). */
  wsUrl?: string;
  pollMs?: number;
}

const socketFactory = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

export class Lobby {
  private readonly root: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly codeInput: HTMLInputElement;
  private readonly message: HTMLElement;
  private readonly rooms: RoomList;
  private readonly picker: GamePicker;
  private readonly title: HTMLElement;
  private readonly about: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(private readonly opts: LobbyOptions) {
    installLobbyStyles();
    this.nameInput = el('input', { placeholder: 'Your name', 'data-testid': 'name' });
    this.nameInput.maxLength = LIMITS.nameMaxLength;
    this.nameInput.value = opts.initialName;
    this.codeInput = el('input', { placeholder: 'CODE', class: 'code', 'data-testid': 'code' });
    this.codeInput.maxLength = 7;
    for (const input of [this.nameInput, this.codeInput]) isolateKeys(input);
    this.message = el('p', { class: 'lobby-message', 'data-testid': 'lobby-message' });
    this.title = el('h1', {});
    this.about = el('p', { class: 'lobby-about', 'data-testid': 'lobby-about' });
    this.picker = new GamePicker(opts.games, { game: opts.game, mode: opts.mode }, (game) => {
      this.showGame(game);
      opts.onPick?.(game);
    });
    this.rooms = new RoomList(opts.games, (room) => void this.go('joinById', { roomId: room.roomId }, room.mode));
    const quick = this.button('Quick play', 'quick-play', () => this.go('joinOrCreate', {}));
    quick.classList.add('primary');
    const create = this.button('Create private room', 'create-private', () => this.go('create', { private: true }));
    const byCode = this.button('Join by code', 'join-code', () => this.joinByCode());
    this.codeInput.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') void this.joinByCode();
    });
    this.root = el(
      'div',
      { class: 'lobby', 'data-testid': 'lobby' },
      this.title,
      this.picker.root,
      this.about,
      el('label', {}, 'Name ', this.nameInput),
      el('div', { class: 'lobby-actions' }, quick, create),
      el('div', { class: 'lobby-actions' }, this.codeInput, byCode),
      this.message,
      el('h2', {}, 'Public rooms'),
      this.rooms.root,
    );
    this.showGame(this.picker.game);
  }

  private showGame(game: PlayableGame): void {
    this.title.textContent = game.game.title;
    document.title = game.game.title;
    this.about.textContent = game.lobby.about;
  }

  /** Show the lobby; first try to resume the seat of this tab's last room (after a reload). */
  async show(): Promise<void> {
    if (await this.resumeStored()) return;
    this.opts.host.append(this.root);
    this.nameInput.focus();
    void this.refresh();
    this.pollTimer = setInterval(() => void this.refresh(), this.opts.pollMs ?? 2000);
  }

  /** Resume this tab's stored seat, if any and still held; true when back in the game. */
  private async resumeStored(): Promise<boolean> {
    const stored = loadSeat();
    if (!stored) return false;
    const client = this.client(stored.name, stored.mode, { resume: { roomId: stored.roomId, reconnectToken: stored.reconnectToken } });
    try {
      await client.connect();
    } catch {
      clearSeat();
      return false;
    }
    await this.enter(client, stored.name, stored.mode);
    return true;
  }

  private hide(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.root.remove();
  }

  private button(label: string, testId: string, onClick: () => Promise<void>): HTMLButtonElement {
    const b = el('button', { type: 'button', 'data-testid': testId }, label);
    b.addEventListener('click', () => void onClick());
    this.buttons.push(b);
    return b;
  }

  private async refresh(): Promise<void> {
    try {
      this.rooms.show(await listRooms(this.opts.httpBase ?? ''));
    } catch {
      // the next poll tries again; joining shows its own error
    }
  }

  private async joinByCode(): Promise<void> {
    const code = this.codeInput.value.trim().toUpperCase();
    if (code === '') return this.say('Type the 6-character code of the room first.');
    await this.go('joinByCode', { code }, this.picker.mode, code);
  }

  private async go(action: MatchmakeAction, options: MatchmakeOptions, mode: string = this.picker.mode, code?: string): Promise<void> {
    if (this.busy) return;
    const name = sanitizeName(this.nameInput.value);
    this.nameInput.value = name;
    this.opts.onName?.(name);
    this.setBusy(true);
    this.say(action === 'create' ? 'Creating a room…' : 'Finding your seat…');
    let seat: SeatReservation;
    let client: GameClient;
    try {
      seat = await matchmake(this.opts.httpBase ?? '', { mode, action, options: { ...options, name } });
      const httpBase = this.opts.httpBase ?? '';
      client = this.client(name, seat.mode, {
        seat: seat.seatToken,
        url: seat.wsUrl,
        ...(action === 'joinOrCreate' ? { rematch: quickPlayAgain(httpBase === '' ? location.origin : httpBase, { name }) } : {}),
      });
      await client.connect();
    } catch (e) {
      this.setBusy(false);
      this.say(explain(e, code ? { code } : {}));
      void this.refresh();
      return;
    }
    this.setBusy(false);
    this.say('');
    await this.enter(client, name, seat.mode);
  }

  /** Into the game with a welcomed client; the room panel's Leave comes back here. */
  private async enter(client: GameClient, name: string, mode: string, notice?: string): Promise<void> {
    this.hide();
    const w = client.welcome!;
    if (w.reconnectToken) saveSeat({ roomId: w.roomId, reconnectToken: w.reconnectToken, name, mode });
    const loading = el('div', { class: 'loading', 'data-testid': 'loading' }, 'Loading the game…');
    this.opts.host.append(loading);
    let game: StartedGame;
    try {
      game = await this.opts.start(client, name, this.gameOf(mode));
    } finally {
      loading.remove();
    }
    const end = (opts: { keepClient?: boolean } = {}): void => {
      offClose();
      offMoved();
      panel.destroy();
      game.destroy(opts);
    };
    // The room was lost for good and the SDK found a new one (another node): a new map and player.
    const offMoved = client.on('moved', () => {
      end({ keepClient: true });
      void this.enter(client, name, client.roomType, 'Your server went away: you were moved to a new room.');
    });
    // The connection ended for good (not a Leave): say why, and offer a retry and the lobby.
    const offClose = client.on('close', (code, reason) => {
      showConnectionLost(code, reason, {
        onRetry: () => {
          end();
          void this.retry(name, mode);
        },
        onLobby: () => {
          end();
          clearSeat();
          void this.show();
        },
      });
    });
    const panel = new RoomPanel(client, {
      code: w.code ?? null,
      ...(notice !== undefined ? { notice } : {}),
      onLeave: () => {
        end();
        clearSeat();
        void this.show();
      },
    });
  }

  /** Try again after the game's connection ended: the same seat if it is still held, else Quick play with the same name. */
  private async retry(name: string, mode: string): Promise<void> {
    if (await this.resumeStored()) return;
    this.nameInput.value = name;
    await this.show();
    await this.go('joinOrCreate', {}, mode);
  }

  /** The game a room type belongs to (the picked one when no game lists it: the server then refuses the mode in words). */
  private gameOf(mode: string): PlayableGame {
    return this.opts.games.find((g) => Object.hasOwn(g.game.rooms, mode)) ?? this.picker.game;
  }

  private client(name: string, mode: string, extra: { seat?: string; url?: string; rematch?: Rematch; resume?: { roomId: string; reconnectToken: string } }): GameClient {
    const url = this.opts.wsUrl ?? extra.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    // `?lag=150&jitter=30`: the network simulator delays this client's messages both ways.
    const netSim = netSimFromParams(new URLSearchParams(location.search));
    return new GameClient({ game: this.gameOf(mode).game, url, name, socketFactory, reconnect: true, mode, netSim, ...extra });
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    for (const b of this.buttons) b.disabled = busy;
    this.picker.setDisabled(busy);
  }

  private say(text: string): void {
    this.message.textContent = text;
  }
}
