/**
 * One recording file being written, through the writer thread (writerThread.ts): opened with
 * its header, then each raw chunk handed over (transferred) for the thread to code, compress and
 * append in order, then the end frame. Memory is bounded: `pendingBytes` counts what was handed
 * over and is not yet on disk, and the recorder gives up on a file that falls behind (see
 * RoomRecorder).
 */
import type { RecordingEnd, RecordingHeader } from '../../shared/replay/format.ts';
import type { ChunkWriter } from './RecordingWriter.ts';

export class RecordingFile {
  /** Bytes on disk (as the thread reports them; the header's are not counted). */
  bytes = 0;
  /** Raw chunk bytes handed over and not yet written. */
  pendingBytes = 0;
  /** The first write error, if any (nothing more is written then). */
  error: Error | null = null;
  /** The writer thread's id of the file. */
  readonly id: number;
  private ended: Promise<void> | null = null;
  private resolveEnded: () => void = () => {};

  constructor(
    private readonly writer: ChunkWriter,
    readonly path: string,
    header: RecordingHeader,
    /** The part before (its last tick's hash goes into this one's header). */
    previous: RecordingFile | null,
    /** A chunk's buffer back from the thread, for reuse. */
    recycle: (buf: Uint8Array) => void,
    /** The room differed from its re-simulation (a file whose States the writer thread makes). */
    onDiverged: (tick: number, message: string) => void = () => {},
  ) {
    this.id = writer.open(path, header, previous?.id ?? null, {
      onWritten: (raw, n, buffer) => {
        this.pendingBytes -= raw;
        this.bytes += n;
        recycle(new Uint8Array(buffer));
      },
      onError: (message) => {
        this.error ??= new Error(message);
      },
      onDiverged,
      onEnded: () => this.resolveEnded(),
    });
  }

  /** Queue a chunk (the raw records of `ticks` ticks from `firstTick`: `buf`'s first `length` bytes, and the room's state hash at its last tick when the writer makes the States); `buf` is handed over (transferred). */
  writeChunk(buf: Uint8Array, length: number, firstTick: number, ticks: number, check: number | null): void {
    if (this.ended || this.error) return;
    this.pendingBytes += length;
    this.writer.chunk(this.id, buf, length, firstTick, ticks, check);
  }

  /** Write the end frame and close the file; resolves when it is on disk (or failed: see `error`). */
  end(end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): Promise<void> {
    if (this.ended) return this.ended;
    this.ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));
    this.writer.end(this.id, end);
    return this.ended;
  }
}
