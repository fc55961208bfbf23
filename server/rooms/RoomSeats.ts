/**
 * Who holds a seat in a room besides its connected players: seats reserved by the matchmaker
 * and not yet claimed, and players whose connection dropped and who are held for a grace
 * period. Also the reconnect token of every player. Expiry is judged against the time passed
 * in (the room's clock), so tests drive it with a ManualClock.
 */
import { randomBytes } from 'node:crypto';

export interface HeldPlayer {
  /** The player's id (its seat entity's). */
  id: number;
  /** What the game's seats.hold returned (restores the entity). */
  player: unknown;
  name: string;
  /** The player is gone for good after this time. */
  untilMs: number;
  /** Held because its page said it was unloading (a closed tab or a reload), not for a drop. */
  unloaded?: boolean;
}

/** 128 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(16).toString('base64url');
}

export class RoomSeats {
  /** seat token → expiresAtMs */
  private readonly pending = new Map<string, number>();
  /** reconnect token → held player */
  private readonly held = new Map<string, HeldPlayer>();
  /** reconnect token → player id, for connected and held players */
  private readonly owners = new Map<string, number>();
  /** player id → reconnect token */
  private readonly tokens = new Map<number, string>();

  reserve(token: string, expiresAtMs: number): void {
    this.pending.set(token, expiresAtMs);
  }

  /** Take a reserved seat; false when unknown or expired. */
  claim(token: string, nowMs: number): boolean {
    const expiresAtMs = this.pending.get(token);
    if (expiresAtMs === undefined) return false;
    this.pending.delete(token);
    return nowMs < expiresAtMs;
  }

  /** Is this seat reserved, unclaimed and unexpired? */
  isPending(token: string, nowMs: number): boolean {
    const expiresAtMs = this.pending.get(token);
    return expiresAtMs !== undefined && nowMs < expiresAtMs;
  }

  /** A new reconnect token for a player. */
  issue(playerId: number): string {
    const token = randomToken();
    this.owners.set(token, playerId);
    this.tokens.set(playerId, token);
    return token;
  }

  tokenOf(playerId: number): string | undefined {
    return this.tokens.get(playerId);
  }

  /** The player a reconnect token belongs to (connected or held), if any. */
  owner(token: string): number | undefined {
    return this.owners.get(token);
  }

  hold(token: string, held: HeldPlayer): void {
    this.held.set(token, held);
  }

  isHeld(token: string): boolean {
    return this.held.has(token);
  }

  /** Take a held player back; null when not held or the grace period is over. */
  resume(token: string, nowMs: number): HeldPlayer | null {
    const h = this.held.get(token);
    if (!h || nowMs >= h.untilMs) return null;
    this.held.delete(token);
    return h;
  }

  /** Forget a player's token (its seat is freed). */
  release(token: string): void {
    const playerId = this.owners.get(token);
    if (playerId !== undefined) this.tokens.delete(playerId);
    this.owners.delete(token);
    this.held.delete(token);
  }

  /** Drop expired reservations; remove and return held players whose grace is over. */
  expire(nowMs: number): HeldPlayer[] {
    for (const [token, expiresAtMs] of this.pending) if (nowMs >= expiresAtMs) this.pending.delete(token);
    const gone: HeldPlayer[] = [];
    for (const [token, h] of this.held) {
      if (nowMs < h.untilMs) continue;
      this.release(token);
      gone.push(h);
    }
    return gone;
  }

  /** Seats taken by unexpired reservations and held players. */
  count(nowMs: number): number {
    let n = 0;
    for (const expiresAtMs of this.pending.values()) if (nowMs < expiresAtMs) n++;
    for (const h of this.held.values()) if (nowMs < h.untilMs) n++;
    return n;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get heldCount(): number {
    return this.held.size;
  }

  heldPlayers(): IterableIterator<HeldPlayer> {
    return this.held.values();
  }
}
