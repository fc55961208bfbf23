/**
 * What one client address holds without playing: seats reserved and not yet claimed, and rooms
 * it created that nobody has joined yet. Both are bounded per address, so one address cannot
 * fill the server with rooms or lock rooms with seats nobody takes.
 *
 * Holdings are checked lazily: a seat counts while its room still has it pending (claimed,
 * expired or disposed: it no longer does), a room while it is live and has never had a player.
 * So nothing has to report a claim or an expiry, and each check reads at most the cap's worth.
 */
import type { Room } from '../rooms/Room.ts';

export interface AddressLimits {
  /** Unclaimed seats one address may hold. */
  maxPendingPerAddress: number;
  /** Live rooms created by one address that have never had a player. */
  maxUnjoinedRoomsPerAddress: number;
}

interface Holdings {
  seats: { room: Room; token: string }[];
  rooms: Room[];
}

export class AddressQuota {
  private readonly byAddress = new Map<string, Holdings>();

  constructor(
    private readonly limits: AddressLimits,
    /** False for addresses the caps do not apply to (loopback, unless configured otherwise). */
    private readonly limited: (address: string) => boolean,
  ) {}

  /** Why `address` may not reserve one more seat now (null: it may). */
  seatRefusal(address: string, nowMs: number): string | null {
    const h = this.prune(address, nowMs);
    const max = this.limits.maxPendingPerAddress;
    if (h === null || h.seats.length < max) return null;
    return `this address holds ${h.seats.length} seats not claimed yet (at most ${max}): join with them, or wait for them to expire`;
  }

  /** Why `address` may not create one more room now (null: it may). */
  roomRefusal(address: string, nowMs: number): string | null {
    const h = this.prune(address, nowMs);
    const max = this.limits.maxUnjoinedRoomsPerAddress;
    if (h === null || h.rooms.length < max) return null;
    return `this address created ${h.rooms.length} rooms nobody has joined yet (at most ${max}): join one first`;
  }

  /** (An address the caps do not apply to is not tracked: a load test's thousands of seats cost nothing.) */
  recordSeat(address: string, room: Room, token: string): void {
    if (this.limited(address)) this.holdings(address).seats.push({ room, token });
  }

  recordRoom(address: string, room: Room): void {
    if (this.limited(address)) this.holdings(address).rooms.push(room);
  }

  /** Forget addresses that hold nothing any more (the server's one-second sweep). */
  sweep(nowMs: number): void {
    for (const address of [...this.byAddress.keys()]) this.prune(address, nowMs);
  }

  get addresses(): number {
    return this.byAddress.size;
  }

  private holdings(address: string): Holdings {
    let h = this.byAddress.get(address);
    if (!h) this.byAddress.set(address, (h = { seats: [], rooms: [] }));
    return h;
  }

  /** Drop what no longer counts; null (and forgotten) when nothing does. */
  private prune(address: string, nowMs: number): Holdings | null {
    const h = this.byAddress.get(address);
    if (!h) return null;
    h.seats = h.seats.filter((s) => !s.room.isDisposed && s.room.seats.isPending(s.token, nowMs));
    h.rooms = h.rooms.filter((r) => !r.isDisposed && !r.hasHadPlayer);
    if (h.seats.length > 0 || h.rooms.length > 0) return h;
    this.byAddress.delete(address);
    return null;
  }
}
