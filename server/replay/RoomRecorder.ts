/**
 * The recording of one room (docs/replay.md): the room hands it what its step consumed — seat
 * operations between ticks, the inputs the step took, the room's events — and the end of each
 * tick, into the server's RawStream, with a cut every second where its file's chunk ends. Who makes the States: for a
 * room recorded from its first tick, the writer thread, re-simulating the room (ShadowRoom),
 * checked against the room's state hash at every chunk's end; for one recorded from mid-match
 * (or after a divergence), the room, which then hands over its State each tick (and the whole
 * state every keyframeEvery ticks). A file over the size cap is ended and the recording goes on
 * in the next part, which starts with a keyframe. On the tick path it only copies numbers and
 * bytes into reused buffers.
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { basename } from 'node:path';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { FORMAT_VERSION, HASH_ALGORITHM, type OpName, type RecordingHeader } from '../../shared/replay/format.ts';
import { RecordingFile } from './RecordingFile.ts';
import type { RawStream } from './RawStream.ts';
import type { ChunkWriter } from './RecordingWriter.ts';

/** What a room tells its recording (Room calls these; see Room.startRecording). */
export interface RoomRecording {
  op(op: OpName, id: number, name?: string): void;
  event(bytes: Uint8Array): void;
  /** The tick's end: its States, the inputs its step took as a block of `inputsLength` doubles (RawStream.inputs), and the room's clock. */
  endTick(tick: number, states: TickStates, inputs: Float64Array, inputsLength: number, nowMs: number): void;
  /** End the recording (flush, end frame); resolves when it is on disk. */
  close(reason: string): Promise<void>;
  readonly active: boolean;
}

/** A tick's State messages, encoded by the room's sync (RoomSync). */
export interface TickStates {
  /** The State of a client that sees everything, against the tick before. */
  roomState(): Uint8Array;
  /** The whole state (baseTick 0), valid until the next encode. */
  keyframe(): Uint8Array;
  /** The tick's state hash (stateHash.ts snapshotHash). */
  stateHash(): number;
}

/** The room as its recording's header describes it. */
export interface RecordedRoom {
  readonly id: string;
  readonly type: string;
  readonly game: AnyGame;
  readonly params: unknown;
  readonly seed: number;
  readonly tickRate: number;
  readonly capacity: number;
  /** The game's Welcome payload. */
  readonly info: unknown;
}

export interface RecorderOptions {
  /** A file past this many bytes is ended and the recording continues in the next part. */
  maxFileBytes: number;
  keyframeEveryTicks: number;
  /** The server's stream bytes queued for the disk beyond this stop the recording at its next chunk ('overflow'): memory stays bounded. */
  maxPendingBytes: number;
  /** The writer thread makes the States by re-simulating the room (it must be recorded from before its first tick and first seat). */
  resimulate: boolean;
}

export interface RecorderDeps {
  /** The server's writer thread. */
  writer: ChunkWriter;
  /** The path of a new part's file (the directory and name are the caller's). */
  pathOf(header: RecordingHeader): string;
  /** A part's file was opened. */
  onFileOpened(file: RecordingFile): void;
  /** The recording began to close (its end resolves when the last part is on disk). */
  onClosed(end: Promise<void>): void;
  /** A part's file was ended (rotated, closed or abandoned). */
  onFileEnded(file: RecordingFile, reason: string): void;
  /** The recording stopped by itself (overflow, a write error, 'diverged': the room differed from its re-simulation). */
  onStopped(reason: string, error: Error | null): void;
  /** Wall clock (ms since the epoch). */
  now(): number;
}

const NO_STATE = new Uint8Array(0);

export class RoomRecorder implements RoomRecording {
  private readonly writer: ChunkWriter;
  private readonly stream: RawStream;
  /** The file's id: its items' tag in the stream. */
  private fileId = 0;
  private file: RecordingFile;
  private readonly chunkTicks: number;
  /** opts.resimulate, on the recorder itself: a small room's tick touches one object less. */
  private readonly resimulate: boolean;
  private chunkFirstTick = 0;
  /** Ticks in the chunk being filled (a re-simulated recording's ticks without items are counted, not written). */
  private ticksInChunk = 0;
  /** Ops or events since the last tick's end. */
  private items = false;
  private partStartTick = 0;
  private lastTick = 0;
  private part = 1;
  private readonly recordingId: string;
  private closing: Promise<void> | null = null;
  /** The room's sync, from its last tick (a re-simulated recording's check hash is its). */
  private states: TickStates | null = null;
  active = true;

  constructor(
    private readonly room: RecordedRoom,
    /** The first tick it will see (the room's next). */
    startTick: number,
    private readonly opts: RecorderOptions,
    private readonly deps: RecorderDeps,
  ) {
    this.writer = deps.writer;
    this.stream = deps.writer.stream;
    this.chunkTicks = Math.max(1, Math.round(room.tickRate));
    this.resimulate = opts.resimulate;
    this.recordingId = `${room.game.name}-${room.id}-${deps.now().toString(36)}`;
    this.file = this.openPart(startTick, null);
    this.fileId = this.file.id;
  }

  get path(): string {
    return this.file.path;
  }

  op(op: OpName, id: number, name?: string): void {
    if (!this.active) return;
    this.stream.op(this.fileId, op, id, name);
    this.items = true;
  }

  event(bytes: Uint8Array): void {
    if (!this.active) return;
    this.stream.event(this.fileId, bytes);
    this.items = true;
  }

  endTick(tick: number, states: TickStates, inputs: Float64Array, inputsLength: number, nowMs: number): void {
    if (!this.active) return;
    if (this.states !== states) this.states = states;
    if (this.ticksInChunk++ === 0) this.chunkFirstTick = tick;
    this.lastTick = tick;
    // A re-simulated room's tick with nothing to record writes nothing: the writer thread re-simulates it from nothing (encodeChunk).
    if (!this.resimulate || inputsLength > 0 || this.items) {
      this.items = false;
      this.stream.inputs(this.fileId, inputs, inputsLength);
      if (this.resimulate) this.stream.end(this.fileId, tick, NO_STATE, null);
      else {
        // The State first: encoding it may reuse the writer the keyframe's bytes are in. (A part's first tick is a keyframe: its offset is 0.)
        const state = states.roomState();
        const keyframe = (tick - this.partStartTick) % this.opts.keyframeEveryTicks === 0 ? states.keyframe() : null;
        this.stream.end(this.fileId, tick, state, keyframe);
      }
    }
    if (this.ticksInChunk >= this.chunkTicks) this.flushChunk();
    this.writer.due(nowMs);
  }

  close(reason: string): Promise<void> {
    if (this.closing) return this.closing;
    this.active = false;
    this.flushChunk();
    const file = this.file;
    this.closing = file.end({ reason, endedAtMs: this.deps.now(), next: null }).then(() => this.deps.onFileEnded(file, reason));
    this.deps.onClosed(this.closing);
    return this.closing;
  }

  private flushChunk(): void {
    if (this.ticksInChunk === 0) return;
    const n = this.ticksInChunk;
    this.ticksInChunk = 0;
    // (Once a second: a hash of every entity would cost the tick more than the rest of the recording.)
    const check = this.resimulate && this.states !== null ? this.states.stateHash() : null;
    this.stream.cut(this.fileId, this.chunkFirstTick, n, check);
    if (this.file.error || this.writer.pendingBytes > this.opts.maxPendingBytes) {
      const error = this.file.error;
      const reason = error ? 'write-error' : 'overflow';
      void this.close(reason).then(() => this.deps.onStopped(reason, error));
      return;
    }
    // What is on disk (compressed); the chunks in flight are not counted, so a part ends within a chunk or two of the cap.
    if (this.active && this.file.bytes >= this.opts.maxFileBytes) this.rotate();
  }

  /** The room differed from its re-simulation: this recording ends (its file has every chunk before), and the caller records the room's own States from now on. */
  private diverged(tick: number, message: string): void {
    if (!this.active) return;
    void this.close('diverged').then(() => this.deps.onStopped('diverged', new Error(`${message} (from tick ${tick})`)));
  }

  /** End this part and go on in the next: it starts with the next tick, as a keyframe. */
  private rotate(): void {
    const old = this.file;
    // (The writer thread fills in the hash of the last tick: it hashes the states.)
    const next = this.openPart(this.lastTick + 1, { file: basename(old.path), lastTick: this.lastTick, lastHash: 0 }, old);
    void old.end({ reason: 'rotated', endedAtMs: this.deps.now(), next: basename(next.path) }).then(() => this.deps.onFileEnded(old, 'rotated'));
    this.file = next;
    this.fileId = next.id;
  }

  private openPart(startTick: number, previous: RecordingHeader['previous'], before: RecordingFile | null = null): RecordingFile {
    const r = this.room;
    const header: RecordingHeader = {
      format: FORMAT_VERSION,
      recordingId: this.recordingId,
      part: previous === null ? 1 : ++this.part,
      game: r.game.name,
      gameVersion: r.game.version,
      protocol: PROTOCOL_VERSION,
      roomId: r.id,
      mode: r.type,
      params: r.params,
      seed: r.seed,
      tickRate: r.tickRate,
      capacity: r.capacity,
      info: r.info,
      startedAtMs: this.deps.now(),
      startTick,
      keyframeEvery: this.opts.keyframeEveryTicks,
      hash: HASH_ALGORITHM,
      states: this.opts.resimulate ? 'resimulated' : 'room',
      previous,
    };
    this.partStartTick = startTick;
    const file = new RecordingFile(this.deps.writer, this.deps.pathOf(header), header, before, (tick, message) => this.diverged(tick, message));
    this.deps.onFileOpened(file);
    return file;
  }
}
