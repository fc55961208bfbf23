/**
 * The current room's reconnect token in sessionStorage, so a page reload within the server's
 * grace period (20 s by default) comes back as the same player instead of a new one.
 */
const KEY = 'arena.resume';

export interface StoredSeat {
  roomId: string;
  reconnectToken: string;
  name: string;
  /** The room's type (its game's name or a variant). */
  mode: string;
}

export function saveSeat(seat: StoredSeat): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(seat));
  } catch {
    // storage unavailable: a reload just starts fresh
  }
}

export function loadSeat(): StoredSeat | null {
  try {
    const v: unknown = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null');
    if (typeof v !== 'object' || v === null) return null;
    const { roomId, reconnectToken, name, mode } = v as Record<string, unknown>;
    return typeof roomId === 'string' && typeof reconnectToken === 'string' && typeof name === 'string' && typeof mode === 'string' ? { roomId, reconnectToken, name, mode } : null;
  } catch {
    return null;
  }
}

export function clearSeat(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
