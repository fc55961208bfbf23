/**
 * The replay viewer's deep link: `/replay?file=<recording file>&tick=<tick>&follow=<player id>`
 * opens one of the server's recordings at a moment, paused there, seen from a player's seat (or
 * the free camera). The admin token never travels in the query (it would reach the server's
 * logs): a link may carry it in the fragment, `#token=…`, which the page takes into the tab's
 * storage and drops from the address. Parsing only (no DOM): what the address asks for, or why
 * it cannot be followed, in words for the page. Every value of a link is a stranger's: checked
 * before use (the file name by the server's own rule, shared/replay/fileName.ts) and quoted
 * shortened.
 */
import { isRecordingFileName, MAX_FILE_NAME_LENGTH } from '../../shared/replay/fileName.ts';

export type DeepLink =
  | { readonly kind: 'none' }
  | { readonly kind: 'bad'; readonly message: string }
  | { readonly kind: 'server'; readonly file: string; readonly tick: number | null; readonly follow: number | null };

/** A moment of a recording as a link says it: the tick and whose view (null: the recording's first tick, the free camera). */
export interface Moment {
  readonly tick: number | null;
  readonly follow: number | null;
}

/** The moment a recording can show, and what of the link it could not. */
export interface PlacedMoment {
  readonly tick: number | null;
  /** A player's id, or 0 (the free camera). */
  readonly follow: number;
  readonly notes: string[];
}

export const LINK_KEYS = ['file', 'tick', 'follow'] as const;
/** Ticks and player ids: whole numbers below 2^32 (the recording's tick is a u32). */
const WHOLE = /^[0-9]{1,10}$/;
const MAX_WHOLE = 0xffff_ffff;
const QUOTE_CHARS = 40;

/** A stranger's value in a message: quoted, cut short (a checked file name is short already: give its bound), control characters escaped. */
export function quote(value: string, maxChars = QUOTE_CHARS): string {
  return JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value);
}

/** A file name that passed FILE_NAME, whole. */
export const quoteFile = (name: string): string => quote(name, MAX_FILE_NAME_LENGTH);

function whole(value: string | null, what: string): { value: number | null } | { error: string } {
  if (value === null || value === '') return { value: null };
  const n = WHOLE.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_WHOLE) return { error: `The link's ${what} ${quote(value)} is not a whole number from 0 to ${MAX_WHOLE}.` };
  return { value: n };
}

/** What the page's query (location.search) asks for. */
export function parseDeepLink(search: string): DeepLink {
  const q = new URLSearchParams(search);
  const file = q.get('file');
  const tick = whole(q.get('tick'), 'tick');
  const follow = whole(q.get('follow'), 'player id (follow)');
  if (file === null || file === '') {
    if (q.get('tick') !== null || q.get('follow') !== null) return { kind: 'bad', message: 'The link names a moment but no recording (?file=<recording file name>): open one below.' };
    return { kind: 'none' };
  }
  if (!isRecordingFileName(file)) return { kind: 'bad', message: `The link's file ${quote(file)} is not a recording's file name (such as 20261204T004700Z-arena-<room>-<id>-p1.rec).` };
  if ('error' in tick) return { kind: 'bad', message: tick.error };
  if ('error' in follow) return { kind: 'bad', message: follow.error };
  return { kind: 'server', file, tick: tick.value, follow: follow.value };
}

/** The admin token a link carries in its fragment (`#token=…`), and the fragment without it. */
export function fragmentToken(hash: string): { token: string | null; rest: string } {
  const f = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = f.get('token');
  f.delete('token');
  const rest = f.toString();
  return { token: token !== null && token.trim() !== '' && token.length <= 1024 ? token.trim() : null, rest: rest === '' ? '' : `#${rest}` };
}

/** The link to a moment of a server recording: this page's address with file, tick and follow (0: none) first, its other parameters kept, no fragment. */
export function momentHref(href: string, file: string, tick: number, follow: number): string {
  const url = new URL(href);
  const q = new URLSearchParams({ file, tick: String(tick) });
  if (follow !== 0) q.set('follow', String(follow));
  for (const [k, v] of url.searchParams) if (!(LINK_KEYS as readonly string[]).includes(k)) q.append(k, v);
  url.search = q.toString();
  url.hash = '';
  return url.href;
}

/** This page's address without a moment (another recording is being picked). */
export function withoutMoment(href: string): string {
  const url = new URL(href);
  for (const k of LINK_KEYS) url.searchParams.delete(k);
  url.hash = '';
  return url.href;
}

/** A link's moment within a recording's ticks and players: a tick outside is brought to the nearest end, an unknown player is the free camera; each said in a note. */
export function placeMoment(want: Moment, rec: { firstTick: number; lastTick: number; hasPlayer: (id: number) => boolean }): PlacedMoment {
  const notes: string[] = [];
  let tick = want.tick;
  if (tick !== null && (tick < rec.firstTick || tick > rec.lastTick)) {
    const near = tick < rec.firstTick ? rec.firstTick : rec.lastTick;
    notes.push(`the link's tick ${tick} is not in this recording (ticks ${rec.firstTick}–${rec.lastTick}): showing tick ${near}`);
    tick = near;
  }
  let follow = want.follow ?? 0;
  if (follow !== 0 && !rec.hasPlayer(follow)) {
    notes.push(`the link's player #${follow} never joined this recording: showing the free camera`);
    follow = 0;
  }
  return { tick, follow, notes };
}
