/**
 * The server side of the recordings' writer thread (writerThread.ts): one thread for all the
 * rooms' files, started with the first recording. It is referenced only while a file is open, so
 * it never keeps a finished process alive, and a graceful stop waits for every file's end.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordingEnd, RecordingHeader } from '../../shared/replay/format.ts';
import type { FromWriter, ToWriter } from './writerProtocol.ts';

export interface WriterFile {
  /** A chunk of `raw` bytes is on disk as `bytes`; its buffer is back. */
  onWritten(raw: number, bytes: number, buffer: ArrayBuffer): void;
  onError(message: string): void;
  /** The room differed from its re-simulation (the file's States are the writer thread's). */
  onDiverged(tick: number, message: string): void;
  onEnded(): void;
}

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
  open(path: string, header: RecordingHeader, previousId: number | null, file: WriterFile): number;
  /** `check`: the room's state hash at the chunk's last tick, for a file whose States the writer makes (else null). */
  chunk(id: number, buf: Uint8Array, length: number, firstTick: number, ticks: number, check: number | null): void;
  end(id: number, end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void;
}

export class RecordingWriter implements ChunkWriter {
  private worker: Worker | null = null;
  private readonly files = new Map<number, WriterFile>();
  private nextId = 1;
  private readonly usageWaiters: ((cpuUs: number) => void)[] = [];

  open(path: string, header: RecordingHeader, previousId: number | null, file: WriterFile): number {
    const id = this.nextId++;
    this.files.set(id, file);
    this.post({ op: 'open', id, path, header, previousId });
    return id;
  }

  /** Hand a chunk over, the first `length` bytes of `buf`: its whole buffer is transferred (the caller must not touch it again). */
  chunk(id: number, buf: Uint8Array, length: number, firstTick: number, ticks: number, check: number | null): void {
    const buffer = buf.buffer as ArrayBuffer;
    this.post({ op: 'chunk', id, buffer, length, firstTick, ticks, check }, [buffer]);
  }

  end(id: number, end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void {
    this.post({ op: 'end', id, end });
  }

  /** The thread's CPU time so far, µs (0 before it started): a bench's figure. */
  threadCpuUs(): Promise<number> {
    const w = this.worker;
    if (w === null) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.usageWaiters.push(resolve);
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
      if (m.op === 'usage') return this.usageWaiters.shift()?.(m.cpuUs);
      const f = this.files.get(m.id);
      if (!f) return;
      if (m.op === 'written') f.onWritten(m.raw, m.bytes, m.buffer);
      else if (m.op === 'error') f.onError(m.message);
      else if (m.op === 'diverged') f.onDiverged(m.tick, m.message);
      else {
        this.files.delete(m.id);
        f.onEnded();
        if (this.files.size === 0) w.unref();
      }
    });
    w.on('error', (e) => {
      for (const f of this.files.values()) {
        f.onError(`the writer thread failed: ${String(e?.message ?? e).slice(0, 200)}`);
        f.onEnded();
      }
      this.files.clear();
      this.worker = null;
    });
    return w;
  }
}
