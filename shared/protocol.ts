/**
 * The wire protocol: message type codes, error codes, close codes and message shapes.
 * Every message is a msgpack array whose first element is its type code. docs/protocol.md
 * describes each one; this file is the source of truth.
 */

export const PROTOCOL_VERSION = 1;

/** Message type codes. Client→server below 64, server→client from 64. */
export const MSG = {
  // client → server
  Join: 1,
  Input: 2,
  Ping: 3,
  Resync: 4,
  Leave: 5,
  // server → client
  Welcome: 64,
  State: 65,
  Pong: 66,
  Error: 67,
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
} as const;
export type ErrCode = (typeof ERR)[keyof typeof ERR];

/** WebSocket close codes (4000–4999 are the application's). */
export const CLOSE = {
  Normal: 1000,
  GoingAway: 1001, // server shutting down
  TooBig: 1009, // frame above the transport's hard limit (closed by the transport itself)
  ProtocolVersion: 4001,
  BadJoin: 4002,
  TooManyErrors: 4003,
  RoomUnavailable: 4004,
  SlowReader: 4005,
  JoinTimeout: 4006,
  Kicked: 4007,
} as const;
export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** Input button bits. */
export const BUTTON = { Fire: 1 } as const;

// ---- client → server -------------------------------------------------------------------------
/** [Join, protocolVersion, name, mode] */
export type JoinMsg = [typeof MSG.Join, number, string, string];
/** [Input, seq, mx, my, aim, buttons] */
export type InputMsg = [typeof MSG.Input, number, number, number, number, number];
/** [Ping, clientTimeMs] */
export type PingMsg = [typeof MSG.Ping, number];
export type ResyncMsg = [typeof MSG.Resync];
export type LeaveMsg = [typeof MSG.Leave];
export type ClientMsg = JoinMsg | InputMsg | PingMsg | ResyncMsg | LeaveMsg;

// ---- server → client -------------------------------------------------------------------------
export interface WelcomeInfo {
  protocol: number;
  roomId: string;
  playerId: number;
  tickRate: number;
  map: { width: number; height: number; obstacles: { x: number; y: number; w: number; h: number }[] };
}
/** [Welcome, info] */
export type WelcomeMsg = [typeof MSG.Welcome, WelcomeInfo];
/**
 * [State, tick, baseTick, ackSeq, added, changed, removed]
 * added: [id, kind, ...record]; changed: [id, mask, ...changed values in field order];
 * removed: id. baseTick 0 means "from empty" (a full snapshot).
 */
export type StateMsg = [typeof MSG.State, number, number, number, unknown[][], unknown[][], number[]];
/** [Pong, clientTimeMs, serverTimeMs, serverTick] */
export type PongMsg = [typeof MSG.Pong, number, number, number];
/** [Error, code, message] */
export type ErrorMsg = [typeof MSG.Error, number, string];
export type ServerMsg = WelcomeMsg | StateMsg | PongMsg | ErrorMsg;

export const LIMITS = {
  /** Largest message the server parses; bigger ones get ERR.Oversize. */
  maxMessageBytes: 1024,
  /** Transport hard limit: bigger frames are closed with 1009 by the transport. */
  maxFrameBytes: 16 * 1024,
  nameMaxLength: 16,
  modeMaxLength: 32,
} as const;

/** Typed outcome of validating an untrusted message. */
export type Parsed<T> = { ok: true; msg: T } | { ok: false; code: ErrCode; reason: string };

const fail = (code: ErrCode, reason: string): { ok: false; code: ErrCode; reason: string } => ({ ok: false, code, reason });
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isUint = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** Validate a decoded client message. Never throws. */
export function parseClientMsg(data: unknown): Parsed<ClientMsg> {
  if (!Array.isArray(data) || data.length === 0) return fail(ERR.Malformed, 'message must be a non-empty array');
  const type = data[0];
  switch (type) {
    case MSG.Join: {
      const [, version, name, mode] = data;
      if (data.length !== 4) return fail(ERR.BadField, 'join: expected [1, version, name, mode]');
      if (!isUint(version, 0xffff)) return fail(ERR.BadField, 'join: version must be an integer');
      if (typeof name !== 'string' || name.length > 64) return fail(ERR.BadField, 'join: name must be a string');
      if (typeof mode !== 'string' || mode.length > LIMITS.modeMaxLength) return fail(ERR.BadField, 'join: mode must be a short string');
      return { ok: true, msg: [MSG.Join, version, name, mode] };
    }
    case MSG.Input: {
      if (data.length !== 6) return fail(ERR.BadField, 'input: expected [2, seq, mx, my, aim, buttons]');
      const [, seq, mx, my, aim, buttons] = data;
      if (!isUint(seq, 0xffffffff)) return fail(ERR.BadField, 'input: seq must be a uint32');
      if (!finite(mx) || !finite(my) || !finite(aim)) return fail(ERR.BadField, 'input: mx, my, aim must be finite numbers');
      if (!isUint(buttons, 0xff)) return fail(ERR.BadField, 'input: buttons must be a uint8');
      return { ok: true, msg: [MSG.Input, seq, mx, my, aim, buttons] };
    }
    case MSG.Ping: {
      if (data.length !== 2 || !finite(data[1])) return fail(ERR.BadField, 'ping: expected [3, clientTimeMs]');
      return { ok: true, msg: [MSG.Ping, data[1]] };
    }
    case MSG.Resync:
      return { ok: true, msg: [MSG.Resync] };
    case MSG.Leave:
      return { ok: true, msg: [MSG.Leave] };
    default:
      return fail(ERR.UnknownType, `unknown message type ${JSON.stringify(type)?.slice(0, 20)}`);
  }
}

/** Clean a player name: printable characters only, trimmed, at most 16 characters. */
export function sanitizeName(raw: string): string {
  const cleaned = raw.replace(/[\u0000-\u001f\u007f<>&"'`]/g, '').trim().slice(0, LIMITS.nameMaxLength);
  return cleaned.length > 0 ? cleaned : 'player';
}
