/**
 * The wire protocol: message type codes, error codes, close codes and message shapes.
 * Every message is a msgpack array whose first element is its type code. docs/protocol.md
 * describes each one; this file is the source of truth.
 */
import type { Announcement } from './game/GameDefinition.ts';
import { decodeStrict } from './strictDecode.ts';

export const PROTOCOL_VERSION = 3;

/** Message type codes. Client→server below 64, server→client from 64. */
export const MSG = {
  // client → server
  Join: 1,
  Input: 2,
  Ping: 3,
  Resync: 4,
  Leave: 5,
  Chat: 6,
  // server → client
  Welcome: 64,
  State: 65,
  Pong: 66,
  Error: 67,
  ChatLine: 68,
  Event: 69,
} as const;
export type MsgType = (typeof MSG)[keyof typeof MSG];

/** Error codes carried by an Error message (the connection stays open unless a close follows). */
export const ERR = {
  Malformed: 1, // not msgpack, or not an array with a known type code
  UnknownType: 2,
  BadField: 3, // wrong type, NaN/Infinity, out of range
  Oversize: 4, // larger than the per-message limit
  NotJoined: 5, // a game message before Join
  AlreadyJoined: 6,
  RateLimited: 7, // more messages per second than allowed; the excess is dropped
  VersionMismatch: 8,
  RoomUnavailable: 9,
  // rooms and matchmaking (docs/protocol.md, "Rooms")
  RoomFull: 10, // the room has no free seat (locked)
  BadCode: 11, // no live room has this join code
  SeatInvalid: 12, // seat token unknown, forged, already used or expired
  MaxRooms: 13, // the server is at its maximum number of rooms
  ReconnectRefused: 14, // reconnect token unknown, of another room, or its grace period is over
  AdmissionRefused: 15, // the room type's admission hook refused the player
  TooManyPending: 16, // this address holds too many unclaimed seats or never-joined rooms (HTTP 429)
  OriginRefused: 17, // matchmaking from a page whose origin is not allowed (HTTP 403)
  ClusterUnavailable: 18, // the cluster's room directory (Redis) is unreachable: try again in a few seconds (HTTP 503)
} as const;
export type ErrCode = (typeof ERR)[keyof typeof ERR];

/** WebSocket close codes (4000–4999 are the application's). */
export const CLOSE = {
  Normal: 1000,
  GoingAway: 1001, // server shutting down
  TooBig: 1009, // reserved: a frame above the transport's hard limit; uWS drops the connection (clients see 1006)
  ProtocolVersion: 4001,
  BadJoin: 4002,
  TooManyErrors: 4003,
  RoomUnavailable: 4004,
  SlowReader: 4005,
  JoinTimeout: 4006,
  Kicked: 4007, // an operator kicked the player (admin page)
  RoomClosed: 4008, // an operator closed the room (admin page); every player of the room gets it
  SeatRefused: 4010, // Join presented a seat token that is unknown, forged, used or expired
  ReconnectRefused: 4011, // Join presented a reconnect token that is not valid for that room
  RoomFull: 4012, // no seat left (plain Join without a seat)
  Replaced: 4013, // the same player reconnected on another connection
  AdmissionRefused: 4014, // the room type's admission hook refused the player
  MessageFlood: 4016, // the client stayed over its message rate for too long
  NodeDraining: 4017, // the node is draining (rolling restart, admin) and its deadline passed: matchmake again, elsewhere
  // sent by the client
  ClientStalled: 4090, // the client heard nothing for seconds and drops this socket to resume on a new one (hold the player)
} as const;
export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];


// ---- client → server -------------------------------------------------------------------------
/** How a Join claims its place: a seat reserved by POST /api/matchmake, or a held player. */
export interface JoinTicket {
  /** Seat token from a matchmake reservation. */
  seat?: string;
  /** Reconnect token from Welcome, with the room it belongs to. */
  reconnect?: string;
  roomId?: string;
}
/** [Join, protocolVersion, name, mode] or [Join, protocolVersion, name, mode, ticket] */
export type JoinMsg = [typeof MSG.Join, number, string, string] | [typeof MSG.Join, number, string, string, JoinTicket];
/**
 * [Input, seq, ...fields, buttons, ackTick?, viewTick10?]: `fields` are the game's numeric input
 * fields in its order (the arena's: mx, my, aim), `buttons` its buttons as bits (the arena's
 * fire: bit 0); the room's game validates and clamps them. ackTick is the tick of the last State
 * the client applied (optional on the wire; 0 when absent). The server uses it to see how far
 * behind a reader is, however much the network's buffers hide. viewTick10 (optional, needs
 * ackTick before it; 0 when absent) is the server tick, in tenths, that the client was showing
 * remote entities at when it sampled this input (its interpolation render time): the server
 * rewinds its hit tests to it (lag compensation), bounded (docs/protocol.md).
 */
export type InputMsg = [typeof MSG.Input, ...number[]];
/** [Ping, clientTimeMs] */
export type PingMsg = [typeof MSG.Ping, number];
export type ResyncMsg = [typeof MSG.Resync];
/**
 * [Leave] or [Leave, unloading]: unloading 1 is sent by a page that is going away (closed tab,
 * reload, navigation): the server holds the player only briefly (LIMITS.unloadHoldMs), so a
 * reload still resumes it while a closed tab's seat frees in seconds rather than the full grace.
 */
export type LeaveMsg = [typeof MSG.Leave] | [typeof MSG.Leave, 0 | 1];
/** [Chat, text] */
export type ChatMsg = [typeof MSG.Chat, string];
export type ClientMsg = JoinMsg | InputMsg | PingMsg | ResyncMsg | LeaveMsg | ChatMsg;

// ---- server → client -------------------------------------------------------------------------
export interface WelcomeInfo {
  protocol: number;
  roomId: string;
  playerId: number;
  tickRate: number;
  /** The game the room plays (its definition's name). */
  game: string;
  /** The game's own Welcome payload (its definition's `welcome`: the arena's map). */
  info: unknown;
  /** Room type (mode) of the room. */
  roomType?: string;
  /** Present it in a Join ticket with roomId to resume this player after a dropped connection. */
  reconnectToken?: string;
  /** Join code of a private room. */
  code?: string;
  /** True when this Welcome resumed a held player (same id, score, hp, position). */
  resumed?: boolean;
}
/** [Welcome, info] */
export type WelcomeMsg = [typeof MSG.Welcome, WelcomeInfo];
/**
 * [State, tick, ticksSinceBase, added, changed, removed, checksum?] — ticksSinceBase is
 * tick − baseTick (0: a full snapshot). The same bytes for every client holding the same tick
 * (the input ack is each player's `ack` field, see entities.ts). Flat lists:
 * added: id, kind, ...record, id, kind, ...; changed: id, mask, ...values, id, mask, ...;
 * removed: id, id, .... Changed numeric
 * values are differences from the value the client extrapolates (shared/sync/delta.ts).
 * checksum only in debug-checksum mode. docs/protocol.md has the details.
 */
export type StateMsg =
  | [typeof MSG.State, number, number, unknown[], unknown[], number[]]
  | [typeof MSG.State, number, number, unknown[], unknown[], number[], number];
/**
 * [Pong, clientTimeMs, serverTimeMs, serverTick, inputTiming?]: inputTiming (optional) reports
 * how this client's inputs have been arriving, for it to adjust its send timing.
 */
export type PongMsg = [typeof MSG.Pong, number, number, number] | [typeof MSG.Pong, number, number, number, InputTimingReport];
/**
 * How a client's inputs arrived over the ticks since the last report: the mean number queued
 * when a tick took them (its input buffer, in ticks), the ticks that found the queue empty
 * while inputs were flowing (an input arrived late) and the inputs taken beyond one per tick
 * (they arrived bunched or early).
 */
export interface InputTimingReport {
  ticks: number;
  meanDepth: number;
  late: number;
  extra: number;
  /**
   * The inputs the server holds back for this client now (its adaptive input buffer, 0–3):
   * ticks of delay added to its inputs so jittery arrivals still find one queued each tick.
   * Absent from servers before it.
   */
  bufferTicks?: number;
  /**
   * How long the inputs waited between arriving and the tick that took them, as the circular
   * mean over the tick interval (ms, in [0, interval)); absent when none arrived. Near 0: they
   * arrive just before the tick (a little jitter makes some late); the client aims for half an
   * interval.
   */
  waitMs?: number;
}
/** [Error, code, message] */
export type ErrorMsg = [typeof MSG.Error, number, string];
/** [ChatLine, fromPlayerId, fromName, text]: a chat message of a player of the room (plain text). */
export type ChatLineMsg = [typeof MSG.ChatLine, number, string, string];
/** Room system events: joins, leaves, connection drops and resumes, the kill feed. */
export type RoomEvent =
  | { type: 'joined'; playerId: number; name: string }
  | { type: 'left'; playerId: number; name: string; reason: 'left' | 'timeout' | 'closed' }
  | { type: 'disconnected'; playerId: number; name: string }
  | { type: 'reconnected'; playerId: number; name: string }
  /** Something the game announces to the room (its definition's `announce`: the arena's kill feed). */
  | { type: 'announce'; announcement: Announcement };
/** [Event, event] */
export type EventMsg = [typeof MSG.Event, RoomEvent];
export type ServerMsg = WelcomeMsg | StateMsg | PongMsg | ErrorMsg | ChatLineMsg | EventMsg;

export const LIMITS = {
  /** Largest message the server parses; bigger ones get ERR.Oversize. */
  maxMessageBytes: 1024,
  /** Transport hard limit: the transport drops a connection that sends a bigger frame (the client sees 1006). */
  maxFrameBytes: 16 * 1024,
  nameMaxLength: 16,
  modeMaxLength: 32,
  chatMaxLength: 140,
  tokenMaxLength: 128,
  /** How long a player whose page said it is unloading ([Leave, 1]) is held for a reload (at most the reconnect grace). */
  unloadHoldMs: 5000,
  /** Containers nested at most this deep in a client message (Join's ticket is the deepest: 2). */
  maxDepth: 2,
  /** Array items and map entries in a client message, in all (Join with a ticket has 8). */
  maxElements: 32,
} as const;

/** Typed outcome of validating an untrusted message. */
export type Parsed<T> = { ok: true; msg: T } | { ok: false; code: ErrCode; reason: string };

const fail = (code: ErrCode, reason: string): { ok: false; code: ErrCode; reason: string } => ({ ok: false, code, reason });
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isUint = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/**
 * Why the Input `[2, seq, ...fields, buttons, ackTick?, viewTick10?]` (its first n elements in v,
 * with `fields` the game's `nNum` numeric input fields) is invalid, or null when it is valid. The
 * server checks every Input here, whichever way it was read (codec.ts readNumberArray, or the
 * strict decoder), so both accept exactly the same messages. Numbers only (a Float64Array: the
 * hot path's loads stay monomorphic); parseClientMsg checks the types first.
 */
export function inputError(v: Float64Array, n: number, nNum: number): string | null {
  const buttons = 2 + nNum;
  if (n < buttons + 1 || n > buttons + 3) return `input: expected [2, seq, ${nNum} number${nNum === 1 ? '' : 's'}, buttons, ackTick?, viewTick10?]`;
  if (n > buttons + 1 && !uintIn(v[buttons + 1]!, 0xffffffff)) return 'input: ackTick must be a uint32';
  if (n > buttons + 2 && !uintIn(v[buttons + 2]!, 0xffffffff)) return 'input: viewTick10 must be a uint32';
  if (!uintIn(v[1]!, 0xffffffff)) return 'input: seq must be a uint32';
  for (let i = 2; i < buttons; i++) if (!Number.isFinite(v[i]!)) return 'input: its fields must be finite numbers';
  if (!uintIn(v[buttons]!, 0x3fffffff)) return 'input: buttons must be a uint30';
  return null;
}

/**
 * What can be said of an Input without knowing its game (before a Join): its length is possible,
 * its seq is a uint32 and every element is finite. Null when that holds.
 */
export function inputShapeError(v: Float64Array, n: number): string | null {
  if (n < 4 || n > MAX_INPUT_LENGTH) return 'input: expected [2, seq, ...fields, buttons, ackTick?, viewTick10?]';
  if (!uintIn(v[1]!, 0xffffffff)) return 'input: seq must be a uint32';
  for (let i = 2; i < n; i++) if (!Number.isFinite(v[i]!)) return 'input: its fields must be finite numbers';
  return null;
}

const uintIn = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;
/** The longest Input: 12 numeric fields (defineInput's bound), seq, buttons, ackTick and viewTick10, after its type. */
const MAX_INPUT_LENGTH = 17;

/** Validate a decoded client message. Never throws. */
export function parseClientMsg(data: unknown): Parsed<ClientMsg> {
  if (!Array.isArray(data) || data.length === 0) return fail(ERR.Malformed, 'message must be a non-empty array');
  const type = data[0];
  switch (type) {
    case MSG.Join: {
      const [, version, name, mode, ticket] = data;
      if (data.length !== 4 && data.length !== 5) return fail(ERR.BadField, 'join: expected [1, version, name, mode, ticket?]');
      if (!isUint(version, 0xffff)) return fail(ERR.BadField, 'join: version must be an integer');
      if (typeof name !== 'string' || name.length > 64) return fail(ERR.BadField, 'join: name must be a string');
      if (typeof mode !== 'string' || mode.length > LIMITS.modeMaxLength) return fail(ERR.BadField, 'join: mode must be a short string');
      if (data.length === 4) return { ok: true, msg: [MSG.Join, version, name, mode] };
      const parsedTicket = parseTicket(ticket);
      if (!parsedTicket) return fail(ERR.BadField, 'join: ticket must be {seat?, reconnect?, roomId?} of short strings');
      return { ok: true, msg: [MSG.Join, version, name, mode, parsedTicket] };
    }
    case MSG.Input: {
      // Numbers only, and not more than the largest input (the room's game checks the rest: inputError).
      const n = data.length;
      if (n > MAX_INPUT_LENGTH) return fail(ERR.BadField, 'input: expected [2, seq, ...fields, buttons, ackTick?, viewTick10?]');
      for (let i = 0; i < n; i++) {
        const x = data[i] as unknown;
        if (typeof x !== 'number') return fail(ERR.BadField, `input: element ${i} must be a number`);
      }
      return { ok: true, msg: data as InputMsg };
    }
    case MSG.Ping: {
      if (data.length !== 2 || !finite(data[1])) return fail(ERR.BadField, 'ping: expected [3, clientTimeMs]');
      return { ok: true, msg: [MSG.Ping, data[1]] };
    }
    case MSG.Resync:
      return { ok: true, msg: [MSG.Resync] };
    case MSG.Leave:
      if (data.length === 1) return { ok: true, msg: [MSG.Leave] };
      if (data.length !== 2 || (data[1] !== 0 && data[1] !== 1)) return fail(ERR.BadField, 'leave: expected [5] or [5, unloading 0|1]');
      return { ok: true, msg: [MSG.Leave, data[1]] };
    case MSG.Chat: {
      if (data.length !== 2 || typeof data[1] !== 'string') return fail(ERR.BadField, 'chat: expected [6, text]');
      if (data[1].length > LIMITS.chatMaxLength) return fail(ERR.BadField, `chat: text longer than ${LIMITS.chatMaxLength} characters`);
      return { ok: true, msg: [MSG.Chat, data[1]] };
    }
    default:
      return fail(ERR.UnknownType, `unknown message type ${describeType(type)}`);
  }
}

/** The type element for an error reason, never quoted whole: a small integer, or its kind. */
function describeType(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  return v === null ? '(null)' : Array.isArray(v) ? '(an array)' : `(a ${typeof v})`;
}

/**
 * Decode and validate a client message from untrusted bytes[start, end): the strict decoder
 * (strictDecode.ts: no extensions, bounded depth and elements) then parseClientMsg. Never throws.
 */
export function decodeClientMsg(bytes: Uint8Array, start = 0, end = bytes.length): Parsed<ClientMsg> {
  if (end - start > LIMITS.maxMessageBytes) return fail(ERR.Oversize, `message of ${end - start} bytes exceeds ${LIMITS.maxMessageBytes}`);
  const decoded = decodeStrict(bytes, LIMITS, start, end);
  if (!decoded.ok) return fail(ERR.Malformed, `not a protocol message: ${decoded.reason}`);
  return parseClientMsg(decoded.value);
}

function parseTicket(v: unknown): JoinTicket | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const out: JoinTicket = {};
  for (const key of ['seat', 'reconnect', 'roomId'] as const) {
    const x = (v as Record<string, unknown>)[key];
    if (x === undefined || x === null) continue;
    if (typeof x !== 'string' || x.length > LIMITS.tokenMaxLength) return null;
    out[key] = x;
  }
  return out;
}

/** Clean a chat line: no control characters, trimmed; empty means nothing to send. */
export function sanitizeChat(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, LIMITS.chatMaxLength);
}

/** Clean a player name: printable characters only, trimmed, at most 16 characters. */
export function sanitizeName(raw: string): string {
  const cleaned = raw.replace(/[\u0000-\u001f\u007f<>&"'`]/g, '').trim().slice(0, LIMITS.nameMaxLength);
  return cleaned.length > 0 ? cleaned : 'player';
}
