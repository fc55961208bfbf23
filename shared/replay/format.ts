/**
 * The recording format (docs/replay.md): what a room's recording holds and how its file is laid
 * out. A file is the magic and version, then frames, each `[type u8][length u32][crc32 u32]
 * [payload]` (little-endian):
 *
 *   HEADER  msgpack of RecordingHeader: which game, rules version, room parameters, seed, …
 *   CHUNK   about a second of ticks: [compression u8][first tick u32][ticks u32][raw length u32][data]
 *   END     msgpack of RecordingEnd: why and when it ended, the last tick and its hash
 *
 * A chunk's data (inflated) is its ticks' records one after another (tickCodec.ts). A chunk is
 * written as soon as it is full, so a server that dies loses at most the chunk it was filling.
 */

export const MAGIC = [0x52, 0x45, 0x50, 0x4c, 0x41, 0x59, 0x00] as const; // "REPLAY\0"
/** The format's version (the byte after the magic). A reader refuses a version it does not know. */
export const FORMAT_VERSION = 1;
export const PREAMBLE_BYTES = MAGIC.length + 1;
export const FRAME_HEAD_BYTES = 9;

export const FRAME = { header: 1, chunk: 2, end: 3 } as const;
export const COMPRESSION = { none: 0, deflate: 1 } as const;

/** A frame longer than this is damage, not data (a chunk holds about a second of one room). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** A chunk's inflated data is at most this long. */
export const MAX_CHUNK_RAW_BYTES = 128 * 1024 * 1024;

/** Seat operations: what happened to the world outside the step, before a tick's step. */
export const OP = { join: 1, leave: 2, hold: 3, restore: 4, expire: 5 } as const;
export type OpName = keyof typeof OP;
export const OP_NAMES: readonly (OpName | undefined)[] = [undefined, 'join', 'leave', 'hold', 'restore', 'expire'];

/** The state hash's algorithm (stateHash.ts), named in the header. */
export const HASH_ALGORITHM = 'entity-sum-fnv-v1';

export interface RecordingHeader {
  readonly format: number;
  /** One id for all the parts of one room's recording. */
  readonly recordingId: string;
  /** 1 for the first file of a recording; a file cut for size continues in part + 1. */
  readonly part: number;
  readonly game: string;
  /** The rules' version (GameDefinition.version): a replay under other rules diverges. */
  readonly gameVersion: string;
  readonly protocol: number;
  readonly roomId: string;
  /** The room type (mode) and its shape. */
  readonly mode: string;
  readonly params: unknown;
  readonly seed: number;
  readonly tickRate: number;
  readonly capacity: number;
  /** The game's Welcome payload (the map): what a viewer draws the world with. */
  readonly info: unknown;
  /** Wall clock when the recording (this part) began, ms since the epoch. */
  readonly startedAtMs: number;
  /** The first tick recorded. Re-simulation needs the room's start: tick 1 of part 1. */
  readonly startTick: number;
  /** A keyframe (the full state) is recorded every this many ticks, and on a part's first tick. */
  readonly keyframeEvery: number;
  readonly hash: string;
  /**
   * Who made the recorded States: 'room' (the room encoded them on its tick), or 'resimulated'
   * (a room recorded from its first tick: the writer thread re-simulated it from the recorded
   * inputs and encoded them, checked against the room's own state hash at every chunk's end).
   * Absent in files of before it was recorded: 'room'.
   */
  readonly states?: 'room' | 'resimulated';
  /** For part > 1: the previous part's file name, last tick and that tick's hash. */
  readonly previous: { readonly file: string; readonly lastTick: number; readonly lastHash: number } | null;
}

export interface RecordingEnd {
  /** 'closed' (room ended), 'shutdown', 'stopped' (admin), 'rotated' (continues in the next part), 'failed' (room failed), 'overflow' (the disk fell behind), 'diverged' (the re-simulation differed from the room: its last chunk is not in the file). */
  readonly reason: string;
  readonly endedAtMs: number;
  readonly lastTick: number;
  readonly lastHash: number;
  /** The next part's file name when rotated. */
  readonly next: string | null;
}

export type SeatOp =
  | { readonly op: 'join'; readonly id: number; readonly name: string }
  | { readonly op: 'leave' | 'hold' | 'restore' | 'expire'; readonly id: number };

/** One player's inputs of one tick as the step took them: numbers per input, `stride` apiece. */
export interface TickInputs {
  readonly id: number;
  /** Per input: seq, rewindTicks, the numeric fields, then the buttons' bits (when the game has buttons). */
  readonly values: Float64Array;
}

/** One tick of a recording. */
export interface TickRecord {
  readonly tick: number;
  /** The hash of the tick's state (stateHash.ts). */
  readonly hash: number;
  /** Seat operations before the step, in order. */
  readonly ops: readonly SeatOp[];
  /** The inputs the step took, by player, in the order it asked. */
  readonly inputs: readonly TickInputs[];
  /** The room's Event messages of the tick (msgpack bytes: joins, leaves, announcements). */
  readonly events: readonly Uint8Array[];
  /** The State message a client seeing everything got (msgpack bytes: a delta against the tick before). */
  readonly state: Uint8Array;
  /** A full-state State message (baseTick 0), on keyframe ticks; else null. */
  readonly keyframe: Uint8Array | null;
}

/** Numbers per recorded input of a game: seq, rewindTicks, its numeric fields and (with buttons) one for their bits. */
export function inputStride(nNum: number, nButtons: number): number {
  return 2 + nNum + (nButtons > 0 ? 1 : 0);
}
