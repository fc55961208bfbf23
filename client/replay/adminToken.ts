/**
 * The admin token of the replay viewer, kept for the tab's session only (sessionStorage): typed
 * in the open panel, or brought by a link's fragment (`#token=…`, deepLink.ts). Storage off: the
 * token is just not remembered.
 */
const TOKEN_KEY = 'arena.adminToken';

export function readToken(): string {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function storeToken(token: string): void {
  try {
    window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage off: the token is just not remembered
  }
}
