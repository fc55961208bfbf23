/**
 * The replay viewer's first screen: open a recording from a file on this computer, or from the
 * server's recordings directory with the admin token (kept for the tab's session only,
 * adminToken.ts). Hands the bytes, a name and where they came from to `onOpen`; shows what went
 * wrong when opening fails. A deep link's recording (openLinked) is fetched at once when the
 * token is known, else once the user has typed it. Text only.
 */
import { readToken, storeToken } from './adminToken.ts';
import { quoteFile } from './deepLink.ts';
import { fetchRecording, listRecordings, type ListedRecording } from './recordingsApi.ts';

/** Where a recording's bytes came from: a file of this computer, or the server's recordings (its name is then the server's file name). */
export type OpenedFrom = 'file' | 'server';

export interface OpenPanelOptions {
  onOpen: (bytes: Uint8Array, name: string, from: OpenedFrom) => Promise<void>;
}

export class OpenPanel {
  readonly element: HTMLDivElement;
  private readonly status: HTMLParagraphElement;
  private readonly list: HTMLTableElement;
  private readonly token: HTMLInputElement;
  /** A deep link's file, waiting for the admin token. */
  private linked: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly opts: OpenPanelOptions,
  ) {
    this.element = div('replay-open');
    this.element.dataset.testid = 'replay-open';
    const h = document.createElement('h1');
    h.textContent = 'Replay a recorded room';
    const about = document.createElement('p');
    about.textContent = 'Open a recording (.rec) made with --record, or one of the server’s recordings with the admin token. Play it back with the game’s own renderer: seek, change the speed, follow a player.';

    const fileLabel = document.createElement('label');
    fileLabel.className = 'replay-file-label';
    fileLabel.textContent = 'From a file: ';
    const file = document.createElement('input');
    file.type = 'file';
    file.accept = '.rec,application/octet-stream';
    file.dataset.testid = 'replay-file';
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (f) void this.run(`Reading ${f.name}…`, async () => this.opts.onOpen(new Uint8Array(await f.arrayBuffer()), f.name, 'file'));
    });
    fileLabel.append(file);

    const server = document.createElement('form');
    server.className = 'replay-server';
    this.token = document.createElement('input');
    this.token.type = 'password';
    this.token.autocomplete = 'off';
    this.token.placeholder = 'admin token';
    this.token.dataset.testid = 'replay-token';
    this.token.value = readToken();
    const listButton = document.createElement('button');
    listButton.type = 'submit';
    listButton.textContent = 'List the server’s recordings';
    listButton.dataset.testid = 'replay-list-load';
    server.append('From the server: ', this.token, listButton);
    server.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.showList();
    });

    this.list = document.createElement('table');
    this.list.className = 'replay-list';
    this.list.dataset.testid = 'replay-list';
    this.status = document.createElement('p');
    this.status.className = 'replay-status';
    this.status.dataset.testid = 'replay-status';
    this.status.setAttribute('role', 'status');
    this.element.append(h, about, fileLabel, server, this.list, this.status);
    root.append(this.element);
  }

  set hidden(v: boolean) {
    this.element.hidden = v;
  }

  /** Show a message (an error of opening, say). */
  say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  /** Open a deep link's recording from the server: now with the token known, else when the user gives it (the list's button). */
  openLinked(file: string): void {
    const token = this.token.value.trim();
    this.linked = file;
    if (token === '') {
      this.say(`This link opens the server's recording ${quoteFile(file)}: type the admin token and list the server's recordings.`);
      this.token.focus();
      return;
    }
    void this.openFromServer(token, file);
  }

  private async openFromServer(token: string, file: string): Promise<void> {
    await this.run(`Downloading ${quoteFile(file)}…`, async () => {
      const bytes = await fetchRecording(token, file);
      this.linked = null;
      await this.opts.onOpen(bytes, file, 'server');
    });
  }

  private async showList(): Promise<void> {
    const token = this.token.value.trim();
    storeToken(token);
    let listed = false;
    await this.run('Listing…', async () => {
      const rows = await listRecordings(token);
      this.renderList(rows, token);
      this.say(rows.length === 0 ? 'The server has no recordings (it records with --record DIR, or when an operator starts one).' : `${rows.length} recording${rows.length === 1 ? '' : 's'}, newest first.`);
      listed = true;
    });
    if (listed && this.linked !== null) await this.openFromServer(token, this.linked);
  }

  private renderList(rows: readonly ListedRecording[], token: string): void {
    const head = document.createElement('tr');
    for (const t of ['Started', 'Game', 'Mode', 'Room', 'Part', 'Size', '', '']) head.append(cell('th', t));
    const trs = rows.map((r) => {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'replay-list-row';
      tr.dataset.file = r.file;
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = 'Open';
      open.dataset.testid = 'replay-list-open';
      open.addEventListener('click', () => void this.run(`Downloading ${r.file}…`, async () => this.opts.onOpen(await fetchRecording(token, r.file), r.file, 'server')));
      const openCell = document.createElement('td');
      openCell.append(open);
      tr.append(
        cell('td', new Date(r.startedAtMs).toLocaleString()),
        cell('td', r.game),
        cell('td', r.mode),
        cell('td', r.roomId),
        cell('td', String(r.part)),
        cell('td', sizeText(r.bytes)),
        cell('td', r.closed ? '' : 'being written'),
        openCell,
      );
      return tr;
    });
    this.list.replaceChildren(...(rows.length > 0 ? [head, ...trs] : []));
  }

  private async run(busy: string, task: () => Promise<void>): Promise<void> {
    this.say(busy);
    try {
      await task();
    } catch (e) {
      this.say(String((e as Error).message ?? e).slice(0, 300), true);
    }
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

function div(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}

function cell(tag: 'td' | 'th', text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}
