/**
 * This process as a node of a cluster that shares its rooms through Redis: the Redis
 * RoomDirectory (list, reserve) and the node's side of it (heartbeat, claim).
 *
 * - The heartbeat (a timer, every heartbeatMs) registers the node (id, WebSocket URL, capacity,
 *   load, draining) with a TTL of nodeTtlMs and writes every local room's live count and lock in
 *   one script call. A node that stops is gone when its key expires; the next heartbeat of any
 *   other node removes its rooms. After Redis lost its data (a restart) the next heartbeat
 *   registers everything again.
 * - A seat is reserved by one script (RESERVE) on any node: it picks the open room with the most
 *   seats taken, or a new room on the live, non-draining node with the most free rooms, and adds
 *   the seat to that room's reserved set. The reply names the owning node's WebSocket URL.
 * - The owning node learns of the seat when the client presents it: CLAIM moves it from the
 *   reserved set to the live count (only on the node that owns the room), and the node creates
 *   the room locally at its first claim (onCreate gets the creating request's options) and runs
 *   the room type's admission with the reserving request's options (claimSeat.ts).
 * - The per-address quotas (unclaimed seats, rooms nobody has joined) hold cluster-wide: RESERVE
 *   counts what the client's address holds in Redis and refuses beyond the caps in the same
 *   script, so requests spread over the nodes, even at once, get no more than one node gives.
 *
 * Nothing here runs in a tick: rooms tick whatever Redis does. While Redis is unreachable,
 * reserve, list and claim fail with ClusterUnavailableError (HTTP 503, ERR.ClusterUnavailable).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ERR } from '../../shared/protocol.ts';
import type { RoomListing } from '../../shared/sdk/api.ts';
import type { AddressLimits } from '../matchmaking/AddressQuota.ts';
import type { MatchError, MatchRequest } from '../matchmaking/Matchmaker.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import { normalizeRoomCode, randomRoomCode } from '../rooms/roomCode.ts';
import { randomToken } from '../rooms/RoomSeats.ts';
import type { RedisLink } from './redisClient.ts';
import { asArray, int, rows, text } from './replies.ts';
import type { DirectoryResult, RoomDirectory } from './RoomDirectory.ts';
import { CLAIM, HEARTBEAT, LEAVE, LIST, NODES, RESERVE } from './scripts.ts';
import { decodeSeatOptions, encodeSeatOptions, MAX_SEAT_OPTIONS_BYTES } from './seatOptions.ts';

export interface ClusterOptions {
  nodeId: string;
  /** Heartbeat period and the node key's time-to-live (a node silent this long is gone). */
  heartbeatMs: number;
  nodeTtlMs: number;
  seatExpiryMs: number;
  /** Rooms this node takes at most (its capacity in the registry). */
  maxRooms: number;
  /** Key prefix, `arena:` by default. */
  prefix?: string;
  /** Per-address caps of matchmaking (absent: none), held cluster-wide. */
  quota?: Partial<AddressLimits>;
}

export interface ClusterDeps {
  link: RedisLink;
  rooms: RoomManager;
  /** This node's WebSocket URL (from --public-url, else its host and port). */
  wsUrl: () => string;
  draining: () => boolean;
  /** Players connected to this node. */
  load: () => number;
  /** Called after each heartbeat (ok or not), for metrics and logs. */
  onHeartbeat?: (ok: boolean, deadNodes: number) => void;
  /** False for client addresses the quota does not apply to (loopback, unless configured otherwise); all by default. */
  limited?: (address: string) => boolean;
}

export interface NodeInfo {
  nodeId: string;
  wsUrl: string;
  capacity: number;
  load: number;
  draining: boolean;
  rooms: number;
}

export type ClaimResult =
  | {
      ok: true;
      roomId: string;
      mode: string;
      isPrivate: boolean;
      code: string | null;
      /** The reserving request's options (for admission) and the room's creating request's (for onCreate). */
      options: Readonly<Record<string, unknown>>;
      roomOptions: Readonly<Record<string, unknown>>;
    }
  | { ok: false; reason: 'seat' | 'node' | 'unavailable' };

export class ClusterUnavailableError extends Error {
  override readonly name = 'ClusterUnavailableError';
}

const RESERVE_ERRORS: Readonly<Record<string, MatchError>> = {
  nosuch: { code: ERR.RoomUnavailable, message: 'no such room: it may have closed' },
  full: { code: ERR.RoomFull, message: 'the room is full' },
  badcode: { code: ERR.BadCode, message: 'no room of this mode has this code: check it, or the room may have closed' },
  nonode: { code: ERR.MaxRooms, message: 'every node of the cluster is full or draining: try again later' },
};
/** Redis keys of a client address: a hash (fixed length, whatever the address looks like). */
const addressKey = (address: string): string => createHash('sha256').update(address).digest('base64url').slice(0, 22);
/** A cap as the script takes it: -1 for none. */
const cap = (n: number | undefined): number => (n === undefined || !Number.isFinite(n) ? -1 : n);
const UNAVAILABLE: MatchError = { code: ERR.ClusterUnavailable, message: 'the room directory (Redis) is unreachable: try again in a few seconds' };

export class ClusterNode implements RoomDirectory {
  private readonly prefix: string;
  private timer: ReturnType<typeof setInterval> | null = null;
  private beating = false;
  /** Seats being claimed, by room: counted as live in the heartbeat until the player is in. */
  private readonly claiming = new Map<string, number>();
  /** A heartbeat has succeeded since the link last came up: the node is registered. */
  private registered = false;
  heartbeatsOk = 0;
  heartbeatsFailed = 0;
  lastHeartbeatOkMs = 0;

  constructor(
    private readonly opts: ClusterOptions,
    private readonly deps: ClusterDeps,
  ) {
    this.prefix = opts.prefix ?? 'arena:';
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  /** Redis answers and this node is registered. */
  get available(): boolean {
    return this.deps.link.ready && this.registered;
  }

  start(): void {
    this.deps.link.onReady(() => void this.heartbeat());
    this.timer = setInterval(() => void this.heartbeat(), this.opts.heartbeatMs);
    this.timer.unref?.();
    void this.heartbeat();
  }

  /** Leave the registry (the node's rooms go with it) and close the link. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.deps.link.ready) await this.deps.link.run(LEAVE, [this.prefix, this.opts.nodeId]).catch(() => {});
    await this.deps.link.close();
  }

  /** Register the node and its rooms; never throws. Skipped while the previous one is in flight. */
  async heartbeat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      const dead = await this.deps.link.run(HEARTBEAT, this.heartbeatArgs());
      this.registered = true;
      this.heartbeatsOk++;
      this.lastHeartbeatOkMs = Date.now();
      this.deps.onHeartbeat?.(true, int(dead, 'heartbeat'));
    } catch {
      this.registered = false;
      this.heartbeatsFailed++;
      this.deps.onHeartbeat?.(false, 0);
    } finally {
      this.beating = false;
    }
  }

  private heartbeatArgs(): (string | number)[] {
    const { opts, deps } = this;
    const args: (string | number)[] = [this.prefix, opts.nodeId, opts.nodeTtlMs, deps.wsUrl(), opts.maxRooms, deps.load(), deps.draining() ? 1 : 0, [...this.claiming.keys()].join(',')];
    for (const room of deps.rooms.rooms.values()) {
      if (room.isDisposed) continue;
      // Seats held here (players, held players, local reservations) and claims in flight; a
      // full room is not "locked" in the registry: its live count already says it is full.
      const live = room.occupancy() + (this.claiming.get(room.id) ?? 0);
      args.push(room.id, room.opts.type, room.opts.capacity, live, room.isLocked && !room.isFull ? 1 : 0, room.isPrivate ? 1 : 0, room.code ?? '', room.hasHadPlayer ? 1 : 0);
    }
    return args;
  }

  async list(mode: string | undefined): Promise<RoomListing[]> {
    const reply = await this.call(LIST, [this.prefix, mode ?? '']);
    return rows(asArray(reply, 'list'), 7, 'list').map((r) => {
      const players = int(r[3], 'players');
      const capacity = int(r[4], 'capacity');
      return {
        roomId: text(r[0], 'roomId'),
        node: text(r[1], 'node'),
        mode: text(r[2], 'mode'),
        players,
        capacity,
        locked: int(r[5], 'locked') === 1 || players >= capacity,
        ageSec: Math.max(0, Math.floor(int(r[6], 'age') / 1000)),
      };
    });
  }

  async nodes(): Promise<NodeInfo[]> {
    const reply = await this.call(NODES, [this.prefix]);
    return rows(asArray(reply, 'nodes'), 6, 'nodes').map((r) => ({
      nodeId: text(r[0], 'nodeId'),
      wsUrl: text(r[1], 'wsUrl'),
      capacity: int(r[2], 'capacity'),
      load: int(r[3], 'load'),
      draining: int(r[4], 'draining') === 1,
      rooms: int(r[5], 'rooms'),
    }));
  }

  async reserve(req: MatchRequest): Promise<DirectoryResult> {
    // (A draining node still matchmakes: the script places no room or seat on a draining node.)
    const capacity = this.deps.rooms.capacityOf(req.mode);
    if (capacity === null) return { ok: false, error: { code: ERR.RoomUnavailable, message: 'unknown mode' } };
    let target = '';
    if (req.action === 'joinById') {
      const id = req.options.roomId;
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) return { ok: false, error: RESERVE_ERRORS.nosuch! };
      target = id;
    } else if (req.action === 'joinByCode') {
      const code = typeof req.options.code === 'string' ? normalizeRoomCode(req.options.code) : null;
      if (code === null) return { ok: false, error: RESERVE_ERRORS.badcode! };
      target = code;
    }
    const isPrivate = req.action === 'create' && req.options.private === true;
    const left = req.options.leftRoom;
    const leftRoom = req.action === 'joinOrCreate' && typeof left === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(left) ? left : '';
    const options = encodeSeatOptions(req.options);
    if (options === null) return { ok: false, error: { code: ERR.BadField, message: `options must take at most ${MAX_SEAT_OPTIONS_BYTES} bytes as JSON` } };
    const quota = this.opts.quota ?? {};
    const { address } = req;
    const limited = address !== undefined && (this.deps.limited?.(address) ?? true) && (cap(quota.maxPendingPerAddress) >= 0 || cap(quota.maxUnjoinedRoomsPerAddress) >= 0);
    const quotaArgs = [limited ? addressKey(address) : '', cap(quota.maxPendingPerAddress), cap(quota.maxUnjoinedRoomsPerAddress)];
    // A new id or code that is taken (a few in 10^14 and 10^8) is drawn again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const args = [this.prefix, req.action, req.mode, capacity, target, randomToken(), randomBytes(6).toString('base64url'), randomRoomCode(), isPrivate ? 1 : 0, this.opts.seatExpiryMs, leftRoom, options, ...quotaArgs];
      let r: unknown[];
      try {
        r = asArray(await this.call(RESERVE, args), 'reserve');
      } catch {
        return { ok: false, error: UNAVAILABLE };
      }
      const status = text(r[0], 'status');
      if (status === 'ok') {
        const code = text(r[5], 'code');
        return {
          ok: true,
          seat: { roomId: text(r[1], 'roomId'), mode: req.mode, seatToken: text(r[2], 'seat'), wsUrl: text(r[4], 'wsUrl'), expiresInMs: this.opts.seatExpiryMs, code: code === '' ? null : code },
        };
      }
      const reason = text(r[1], 'reason');
      if (reason === 'codetaken') continue;
      if (reason === 'toomanyseats' || reason === 'toomanyrooms') return { ok: false, error: this.quotaError(reason, int(r[2], 'held')) };
      return { ok: false, error: RESERVE_ERRORS[reason] ?? RESERVE_ERRORS.nosuch! };
    }
    return { ok: false, error: RESERVE_ERRORS.nonode! };
  }

  /** The in-memory quota's words (AddressQuota), for the same refusal from the cluster. */
  private quotaError(reason: 'toomanyseats' | 'toomanyrooms', held: number): MatchError {
    const quota = this.opts.quota ?? {};
    const message =
      reason === 'toomanyseats'
        ? `this address holds ${held} seats not claimed yet (at most ${cap(quota.maxPendingPerAddress)}): join with them, or wait for them to expire`
        : `this address created ${held} rooms nobody has joined yet (at most ${cap(quota.maxUnjoinedRoomsPerAddress)}): join one first`;
    return { code: ERR.TooManyPending, message };
  }

  /**
   * Claim a seat presented to this node. Until `claimed(roomId)` is called, the room counts one
   * more live player in the heartbeat (the claim moved the seat out of the reserved set).
   */
  async claim(seatToken: string): Promise<ClaimResult> {
    const roomId = seatToken.slice(0, Math.max(0, seatToken.indexOf('.')));
    this.claiming.set(roomId, (this.claiming.get(roomId) ?? 0) + 1);
    let reply: unknown;
    try {
      reply = await this.deps.link.run(CLAIM, [this.prefix, seatToken, this.opts.nodeId]);
    } catch {
      this.claimed(roomId);
      return { ok: false, reason: 'unavailable' };
    }
    try {
      const r = asArray(reply, 'claim');
      if (text(r[0], 'status') !== 'ok') {
        this.claimed(roomId);
        return { ok: false, reason: text(r[1], 'reason') === 'node' ? 'node' : 'seat' };
      }
      const code = text(r[4], 'code');
      return {
        ok: true,
        roomId: text(r[1], 'roomId'),
        mode: text(r[2], 'mode'),
        isPrivate: text(r[3], 'private') === '1',
        code: code === '' ? null : code,
        options: decodeSeatOptions(r[5], 'seat options'),
        roomOptions: decodeSeatOptions(r[6], 'room options'),
      };
    } catch {
      this.claimed(roomId);
      return { ok: false, reason: 'seat' };
    }
  }

  /** The claim of a seat in this room is over (the player is in, or refused). */
  claimed(roomId: string): void {
    const n = (this.claiming.get(roomId) ?? 0) - 1;
    if (n > 0) this.claiming.set(roomId, n);
    else this.claiming.delete(roomId);
  }

  private async call(script: string, args: readonly (string | number)[]): Promise<unknown> {
    if (!this.deps.link.ready) throw new ClusterUnavailableError(UNAVAILABLE.message);
    try {
      return await this.deps.link.run(script, args);
    } catch (e) {
      throw new ClusterUnavailableError(e instanceof Error ? e.message.slice(0, 200) : 'redis error');
    }
  }
}
