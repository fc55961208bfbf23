/**
 * One recording file being written, through the writer thread (writerThread.ts): opened with its
 * header, then its items go through the server's RawStream (RoomRecorder writes them with this
 * file's id), then the end frame. What it knows of its file is what the thread reports: the
 * bytes on disk, the first error.
 */
import type { RecordingEnd, RecordingHeader } from '../../shared/replay/format.ts';
import type { ChunkWriter } from './RecordingWriter.ts';

export class RecordingFile {
  /** Bytes on disk (as the thread reports them; the header's are not counted). */
  bytes = 0;
  /** The first write error, if any (nothing more is written then). */
  error: Error | null = null;
  /** The writer thread's id of the file: its items' tag in the stream. */
  readonly id: number;
  private ended: Promise<void> | null = null;
  private resolveEnded: () => void = () => {};

  constructor(
    private readonly writer: ChunkWriter,
    readonly path: string,
    header: RecordingHeader,
    /** The part before (its last tick's hash goes into this one's header). */
    previous: RecordingFile | null,
    /** The room differed from its re-simulation (a file whose States the writer thread makes). */
    onDiverged: (tick: number, message: string) => void = () => {},
  ) {
    this.id = writer.open(path, header, previous?.id ?? null, {
      onWritten: (n) => {
        this.bytes += n;
      },
      onError: (message) => {
        this.error ??= new Error(message);
      },
      onDiverged,
      onEnded: () => this.resolveEnded(),
    });
  }

  /** Write the end frame and close the file; resolves when it is on disk (or failed: see `error`). */
  end(end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): Promise<void> {
    if (this.ended) return this.ended;
    this.ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));
    this.writer.end(this.id, end);
    return this.ended;
  }
}
