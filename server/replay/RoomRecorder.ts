/**
 * The recording of one room (docs/replay.md): the room hands it what its step consumed — seat
 * operations between ticks, the inputs the step took, the room's events — and the end of each
 * tick; every second the chunk goes to its file's writer thread. Who makes the States: for a
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
import { TickEncoder } from '../../shared/replay/tickCodec.ts';
import { RecordingFile } from './RecordingFile.ts';
import type { ChunkWriter } from './RecordingWriter.ts';

/** What a room tells its recording (Room calls these; see Room.startRecording). */
export interface RoomRecording {
  op(op: OpName, id: number, name?: string): void;
  event(bytes: Uint8Array): void;
  /** The tick's end: its States, and the inputs its step took as a block of `inputsLength` doubles (TickEncoder.inputs). */
  endTick(tick: number, states: TickStates, inputs: Float64Array, inputsLength: number): void;
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
  /** Chunks queued for the disk beyond this many bytes stop the recording ('overflow'): memory stays bounded. */
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
  private readonly enc: TickEncoder;
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
    this.enc = new TickEncoder(room.game.input.plan);
    this.chunkTicks = Math.max(1, Math.round(room.tickRate));
    this.resimulate = opts.resimulate;
    this.recordingId = `${room.game.name}-${room.id}-${deps.now().toString(36)}`;
    this.file = this.openPart(startTick, null);
  }

  get path(): string {
    return this.file.path;
  }

  op(op: OpName, id: number, name?: string): void {
    this.enc.op(op, id, name);
    this.items = true;
  }

  event(bytes: Uint8Array): void {
    this.enc.event(bytes);
    this.items = true;
  }

  endTick(tick: number, states: TickStates, inputs: Float64Array, inputsLength: number): void {
    if (!this.active) return;
    if (this.states !== states) this.states = states;
    if (this.ticksInChunk++ === 0) this.chunkFirstTick = tick;
    this.lastTick = tick;
    if (this.resimulate && inputsLength === 0 && !this.items) {
      // Nothing to record: the writer thread re-simulates the tick from nothing (encodeChunk), and a small room's tick touches this object alone.
      if (this.ticksInChunk >= this.chunkTicks) this.flushChunk();
      return;
    }
    this.items = false;
    this.enc.inputs(inputs, inputsLength);
    if (this.resimulate) this.enc.endTick(tick, NO_STATE, null);
    else {
      // The State first: encoding it may reuse the writer the keyframe's bytes are in. (A part's first tick is a keyframe: its offset is 0.)
      const state = states.roomState();
      const keyframe = (tick - this.partStartTick) % this.opts.keyframeEveryTicks === 0 ? states.keyframe() : null;
      this.enc.endTick(tick, state, keyframe);
    }
    if (this.ticksInChunk >= this.chunkTicks) this.flushChunk();
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
    const { buf, length } = this.enc.takeChunk();
    // (Once a second: a hash of every entity would cost the tick more than the rest of the recording.)
    const check = this.opts.resimulate && this.states !== null ? this.states.stateHash() : null;
    this.file.writeChunk(buf, length, this.chunkFirstTick, n, check);
    if (this.file.error || this.file.pendingBytes > this.opts.maxPendingBytes) {
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
    const file = new RecordingFile(this.deps.writer, this.deps.pathOf(header), header, before, (buf) => this.enc.recycle(buf), (tick, message) => this.diverged(tick, message));
    this.deps.onFileOpened(file);
    return file;
  }
}
