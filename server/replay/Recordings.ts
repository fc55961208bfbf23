/**
 * A server's recordings (docs/replay.md): the directory they go to, which rooms record (every
 * room with `--record DIR`, or rooms an operator starts through the admin API), the listing and
 * download of the files for the viewer, and the cap on the directory's size (the oldest ended
 * files go first). Counted in the server's stats; problems are logged, never thrown at a room.
 */
import { mkdirSync, accessSync, constants as fsConstants } from 'node:fs';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decode } from '../../shared/codec.ts';
import { FILE_NAME } from '../../shared/replay/fileName.ts';
import { FRAME, FRAME_HEAD_BYTES, MAGIC, PREAMBLE_BYTES, type RecordingHeader } from '../../shared/replay/format.ts';
import type { Room } from '../rooms/Room.ts';
import type { RecordingFile } from './RecordingFile.ts';
import { RoomRecorder } from './RoomRecorder.ts';
import { RecordingWriter, type ChunkWriter } from './RecordingWriter.ts';

export interface RecordConfig {
  /** Where recordings go; null: no recording at all. */
  dir: string | null;
  /** Record every room (--record); else only rooms an operator starts. */
  all: boolean;
  maxFileBytes: number;
  /** The directory's recordings are kept under this many bytes (0: no cap). */
  keepBytes: number;
  keyframeEverySec: number;
}

export const DEFAULT_RECORD: RecordConfig = { dir: null, all: false, maxFileBytes: 256 * 1024 * 1024, keepBytes: 10 * 1024 * 1024 * 1024, keyframeEverySec: 10 };

/** The server's recordings waiting for the disk beyond this stop them (memory stays bounded). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

export interface RecordingInfo {
  readonly file: string;
  readonly game: string;
  readonly mode: string;
  readonly roomId: string;
  readonly startedAtMs: number;
  readonly startTick: number;
  readonly part: number;
  readonly bytes: number;
  /** False while it is being written. */
  readonly closed: boolean;
}

export interface RecordingsLog {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

export interface RecordingStats {
  recordingsStarted: number;
  recordingsStopped: number;
  /** Recordings that stopped by themselves (the disk fell behind, a write failed). */
  recordingsFailed: number;
  recordingFilesDeleted: number;
  /** Re-simulated recordings whose room differed from its re-simulation (then recorded with the room's own States). */
  recordingsDiverged: number;
}

export class Recordings {
  readonly stats: RecordingStats = { recordingsStarted: 0, recordingsStopped: 0, recordingsFailed: 0, recordingFilesDeleted: 0, recordingsDiverged: 0 };
  /** Files being written, by name. */
  private readonly open = new Map<string, RecordingFile>();
  /** Rooms recording now (a room leaves when its recording begins to close). */
  private readonly recorders = new Map<Room, RoomRecorder>();
  /** Recordings closing: a graceful stop waits for them too. */
  private readonly ending = new Set<Promise<void>>();
  private pruning: Promise<void> = Promise.resolve();

  constructor(
    readonly config: RecordConfig,
    private readonly log: RecordingsLog | null = null,
    /** The writer thread (a bench measures the tick path alone with a sink). */
    private readonly writer: ChunkWriter = new RecordingWriter(),
  ) {
    if (config.dir !== null) {
      // At start, so a directory that cannot be written is a start-up error, not a silent loss.
      mkdirSync(config.dir, { recursive: true });
      accessSync(config.dir, fsConstants.W_OK);
    }
  }

  get enabled(): boolean {
    return this.config.dir !== null;
  }

  /** Rooms recording now. */
  get recordingRooms(): number {
    return this.recorders.size;
  }

  /** A new room: recorded from its first tick when every room is. */
  roomCreated(room: Room): void {
    if (this.config.all) this.start(room);
  }

  /**
   * Start recording a room; an error text when it cannot. Who makes the States (RoomRecorder):
   * 'auto' has the writer thread re-simulate a room from before its first tick and first seat,
   * and any other room hand over its own; 'room' always the room's ('resimulated': a bench's,
   * whose sink writes nothing).
   */
  start(room: Room, states: 'auto' | 'room' | 'resimulated' = 'auto'): string | null {
    const dir = this.config.dir;
    if (dir === null) return 'recording is off on this server (start it with --record DIR or --recordings DIR)';
    if (room.isDisposed) return 'the room is gone';
    if (room.recording !== null) return 'the room is already recording';
    const tickRate = room.opts.tickRate;
    const recorder = new RoomRecorder(
      { id: room.id, type: room.opts.type, game: room.game, params: room.opts.params, seed: room.opts.seed, tickRate, capacity: room.opts.capacity, info: room.welcomeInfo },
      room.tick + 1,
      {
        maxFileBytes: this.config.maxFileBytes,
        keyframeEveryTicks: Math.max(1, Math.round(this.config.keyframeEverySec * tickRate)),
        maxPendingBytes: MAX_PENDING_BYTES,
        resimulate: states === 'resimulated' || (states === 'auto' && room.tick === 0 && room.playerCount === 0),
      },
      {
        writer: this.writer,
        pathOf: (h) => join(dir, fileName(h)),
        onClosed: (end) => {
          this.recorders.delete(room);
          this.ending.add(end);
          void end.finally(() => this.ending.delete(end));
        },
        onFileOpened: (file) => this.open.set(basename(file.path), file),
        onFileEnded: (file) => this.fileEnded(file),
        onStopped: (reason, error) => {
          void room.stopRecording(reason);
          if (reason === 'diverged') {
            // The game is not deterministic (or its world changed outside the step): the file holds every chunk that matched; the room records its own States from now on.
            this.stats.recordingsDiverged++;
            this.log?.warn({ event: 'recording_diverged', roomId: room.id, error: error?.message.slice(0, 200) }, "the room differed from its re-simulation: recording the room's own states from now on");
            this.start(room, 'room');
            return;
          }
          this.stats.recordingsFailed++;
          this.log?.warn({ event: 'recording_failed', roomId: room.id, reason, error: error?.message.slice(0, 200) }, 'recording stopped: the disk fell behind or a write failed');
        },
        now: () => Date.now(),
      },
    );
    this.recorders.set(room, recorder);
    room.startRecording(recorder);
    this.stats.recordingsStarted++;
    this.log?.info({ event: 'recording_start', roomId: room.id, file: basename(recorder.path), fromTick: room.tick + 1 }, 'room recording');
    return null;
  }

  /** Stop a room's recording (an operator's action); false when it was not recording. */
  async stop(room: Room): Promise<boolean> {
    if (room.recording === null) return false;
    this.stats.recordingsStopped++;
    await room.stopRecording('stopped');
    return true;
  }

  /** End every recording (graceful shutdown) and wait until they, and those already closing, are on disk. */
  async closeAll(reason: string): Promise<void> {
    for (const room of [...this.recorders.keys()]) void room.stopRecording(reason);
    await Promise.all([...this.ending]);
    await this.pruning;
  }

  /** The recordings in the directory, newest first. */
  async list(): Promise<RecordingInfo[]> {
    const dir = this.config.dir;
    if (dir === null) return [];
    const out: RecordingInfo[] = [];
    for (const name of await readdir(dir)) {
      if (!FILE_NAME.test(name)) continue;
      const header = await readHeader(join(dir, name)).catch(() => null);
      const size = await stat(join(dir, name)).then((s) => s.size, () => -1);
      if (header === null || size < 0) continue;
      out.push({ file: name, game: header.game, mode: header.mode, roomId: header.roomId, startedAtMs: header.startedAtMs, startTick: header.startTick, part: header.part, bytes: size, closed: !this.open.has(name) });
    }
    return out.sort((a, b) => b.startedAtMs - a.startedAtMs || b.part - a.part);
  }

  /** A recording's bytes by file name (null: no such recording). */
  async read(name: string): Promise<Uint8Array | null> {
    const dir = this.config.dir;
    if (dir === null || !FILE_NAME.test(name)) return null;
    return readFile(join(dir, name)).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength), () => null);
  }

  private fileEnded(file: RecordingFile): void {
    this.open.delete(basename(file.path));
    if (file.error) this.log?.warn({ event: 'recording_write_error', file: basename(file.path), error: file.error.message.slice(0, 200) }, 'a recording file could not be written');
    this.pruning = this.pruning.then(() => this.prune()).catch(() => undefined);
  }

  /** Delete the oldest ended recordings until the directory is under keepBytes. */
  private async prune(): Promise<void> {
    const dir = this.config.dir;
    if (dir === null || this.config.keepBytes <= 0) return;
    const files: { name: string; size: number; mtimeMs: number }[] = [];
    for (const name of await readdir(dir)) {
      if (!FILE_NAME.test(name)) continue;
      const s = await stat(join(dir, name)).catch(() => null);
      if (s) files.push({ name, size: s.size, mtimeMs: s.mtimeMs });
    }
    let total = files.reduce((n, f) => n + f.size, 0);
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    for (const f of files) {
      if (total <= this.config.keepBytes) break;
      if (this.open.has(f.name)) continue;
      await unlink(join(dir, f.name)).then(
        () => {
          total -= f.size;
          this.stats.recordingFilesDeleted++;
          this.log?.info({ event: 'recording_deleted', file: f.name, bytes: f.size }, 'oldest recording deleted (--record-keep-mb)');
        },
        () => undefined,
      );
    }
  }
}

/** `20261203T231500Z-arena-<room>-<recording>-p1.rec`: sortable, and safe in any file system. */
export function fileName(h: RecordingHeader): string {
  const stamp = new Date(h.startedAtMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const room = h.roomId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || '_';
  const id = h.recordingId.slice(h.recordingId.lastIndexOf('-') + 1).replace(/[^a-z0-9]/g, '').slice(0, 12) || '0';
  return `${stamp}-${h.game}-${room}-${id}-p${h.part}.rec`;
}

/** A recording file's header, read from its start (a listing reads no more). */
export async function readHeader(path: string): Promise<RecordingHeader | null> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(PREAMBLE_BYTES + FRAME_HEAD_BYTES);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    if (bytesRead < head.length || MAGIC.some((b, i) => head[i] !== b) || head[PREAMBLE_BYTES] !== FRAME.header) return null;
    const len = new DataView(head.buffer).getUint32(PREAMBLE_BYTES + 1, true);
    if (len > 16 * 1024 * 1024) return null;
    const body = new Uint8Array(len);
    const got = await fh.read(body, 0, len, head.length);
    if (got.bytesRead < len) return null;
    const h = decode(body) as RecordingHeader;
    return typeof h?.game === 'string' && typeof h.roomId === 'string' ? h : null;
  } finally {
    await fh.close();
  }
}
