/**
 * The server side of the recordings' writer thread (writerThread.ts): one thread for all the
 * rooms' files, started with the first recording, fed every recorded room's items through one
 * RawStream, handed over in a batch every tenth of a second. It is referenced only while a file is open, so
 * it never keeps a finished process alive, and a graceful stop waits for every file's end.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordingEnd, RecordingHeader } from '../../shared/replay/format.ts';
import { RawStream } from './RawStream.ts';
import type { FromWriter, ToWriter } from './writerProtocol.ts';

export interface WriterFile {
  /** A chunk is on disk, `bytes` long. */
  onWritten(bytes: number): void;
  onError(message: string): void;
  /** The room differed from its re-simulation (the file's States are the writer thread's). */
  onDiverged(tick: number, message: string): void;
  onEnded(): void;
}

/** The stream is handed over every this many ms of the rooms' clock ... */
export const BATCH_MS = 100;
/** ... or once it holds this many bytes. */
const BATCH_BYTES = 256 * 1024;

/** The thread's entry: the TypeScript source through tsx (development, tests), or its build. */
function startThread(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(fileURLToPath(new URL('./writerThread.js', here)));
  const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./writerThread.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/** Where recording files go: the writer thread (RecordingWriter), or a bench's sink. */
export interface ChunkWriter {
  /** Every recorded room's items (RoomRecorder writes them, tagged with its file's id). */
  readonly stream: RawStream;
  open(path: string, header: RecordingHeader, previousId: number | null, file: WriterFile): number;
  end(id: number, end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void;
  /** After a recorded tick: the stream is handed over when due (every BATCH_MS of `nowMs`, the rooms' clock, or BATCH_BYTES). */
  due(nowMs: number): void;
  /** Hand the stream over now. */
  flush(): void;
  /** Stream bytes handed over and not yet done with (every file's): what a slow disk makes grow. */
  readonly pendingBytes: number;
}

export class RecordingWriter implements ChunkWriter {
  readonly stream = new RawStream();
  pendingBytes = 0;
  /** Stream bytes handed over in all (a bench's figure). */
  handedOver = 0;
  private worker: Worker | null = null;
  private readonly files = new Map<number, WriterFile>();
  private nextId = 1;
  private readonly usageWaiters: ((cpuUs: number) => void)[] = [];
  private lastBatchMs = -Infinity;

  open(path: string, header: RecordingHeader, previousId: number | null, file: WriterFile): number {
    const id = this.nextId++;
    this.files.set(id, file);
    // The stream first: the thread sees every item in the order they were made.
    this.flush();
    this.post({ op: 'open', id, path, header, previousId });
    return id;
  }

  end(id: number, end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void {
    this.flush();
    this.post({ op: 'end', id, end });
  }

  due(nowMs: number): void {
    if (nowMs - this.lastBatchMs < BATCH_MS && this.stream.length < BATCH_BYTES) return;
    this.lastBatchMs = nowMs;
    this.flush();
  }

  flush(): void {
    if (this.stream.length === 0) return;
    const { buf, length } = this.stream.take();
    this.pendingBytes += length;
    this.handedOver += length;
    const buffer = buf.buffer as ArrayBuffer;
    this.post({ op: 'batch', buffer, length }, [buffer]);
  }

  /** The thread's CPU time so far, µs (0 before it started): a bench's figure. */
  threadCpuUs(): Promise<number> {
    const w = this.worker;
    if (w === null) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.usageWaiters.push(resolve);
      // Referenced until the answer comes (the last file's end may unreference it before).
      w.ref();
      w.postMessage({ op: 'usage' } satisfies ToWriter);
    });
  }

  private post(m: ToWriter, transfer: ArrayBuffer[] = []): void {
    const w = (this.worker ??= this.start());
    w.ref();
    w.postMessage(m, transfer);
  }

  private start(): Worker {
    const w = startThread();
    w.on('message', (m: FromWriter) => {
      if (m.op === 'usage') {
        if (this.files.size === 0 && this.usageWaiters.length === 1) w.unref();
        return this.usageWaiters.shift()?.(m.cpuUs);
      }
      if (m.op === 'returned') {
        this.pendingBytes -= m.length;
        return this.stream.recycle(new Uint8Array(m.buffer));
      }
      const f = this.files.get(m.id);
      if (!f) return;
      if (m.op === 'written') f.onWritten(m.bytes);
      else if (m.op === 'error') f.onError(m.message);
      else if (m.op === 'diverged') f.onDiverged(m.tick, m.message);
      else {
        this.files.delete(m.id);
        f.onEnded();
        if (this.files.size === 0 && this.usageWaiters.length === 0) w.unref();
      }
    });
    w.on('error', (e) => {
      for (const f of this.files.values()) {
        f.onError(`the writer thread failed: ${String(e?.message ?? e).slice(0, 200)}`);
        f.onEnded();
      }
      this.files.clear();
      this.worker = null;
      this.pendingBytes = 0;
    });
    return w;
  }
}
