/**
 * One recording file being written: the preamble and header at once, then each chunk deflated
 * off the main thread (zlib's async calls run in libuv's pool) and appended in order, then the
 * end frame. Memory is bounded: `pendingBytes` counts what is queued and not yet on disk, and the
 * recorder gives up on a file that falls behind (see RoomRecorder).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { deflate as deflateCb, constants as zlibConstants } from 'node:zlib';
import { COMPRESSION, FRAME, type RecordingEnd, type RecordingHeader } from '../../shared/replay/format.ts';
import { chunkPayload, encodeFrame, endFrame, headerFrame, preamble } from '../../shared/replay/frames.ts';

const deflate = promisify(deflateCb);

export class RecordingFile {
  /** Bytes handed to the file (written or queued). */
  bytes = 0;
  /** Bytes queued and not yet written (raw chunk sizes). */
  pendingBytes = 0;
  /** The first write error, if any (the file is then abandoned: nothing more is written). */
  error: Error | null = null;
  private queue: Promise<unknown>;
  private readonly handle: Promise<FileHandle>;
  private ended = false;

  constructor(
    readonly path: string,
    readonly header: RecordingHeader,
  ) {
    // 'wx': never overwrite a recording.
    this.handle = open(path, 'wx');
    const head = concat(preamble(), headerFrame(header));
    this.bytes = head.length;
    this.queue = this.handle.then((fh) => fh.write(head)).catch((e: unknown) => this.failed(e));
  }

  /** Queue a chunk (the tick records of `ticks` ticks from `firstTick`): deflated, framed and appended in order. */
  writeChunk(raw: Uint8Array, firstTick: number, ticks: number): void {
    if (this.ended || this.error) return;
    this.pendingBytes += raw.length;
    const packed = deflate(raw, { level: 6, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
    this.queue = this.queue.then(async () => {
      try {
        const data = await packed;
        if (this.error) return;
        const frame = encodeFrame(FRAME.chunk, chunkPayload(COMPRESSION.deflate, firstTick, ticks, raw.length, data));
        this.bytes += frame.length;
        const fh = await this.handle;
        await fh.write(frame);
      } catch (e) {
        this.failed(e);
      } finally {
        this.pendingBytes -= raw.length;
      }
    });
  }

  /** Write the end frame and close the file; resolves when it is on disk (or failed: see `error`). */
  end(end: RecordingEnd): Promise<void> {
    if (this.ended) return this.queue.then(() => undefined);
    this.ended = true;
    const frame = endFrame(end);
    this.queue = this.queue.then(async () => {
      try {
        const fh = await this.handle;
        if (!this.error) {
          await fh.write(frame);
          this.bytes += frame.length;
        }
        await fh.close();
      } catch (e) {
        this.failed(e);
      }
    });
    return this.queue.then(() => undefined);
  }

  private failed(e: unknown): void {
    this.error ??= e instanceof Error ? e : new Error(String(e));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
