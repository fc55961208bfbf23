/** Messages between the server and its recordings' writer thread (writerThread.ts). */
import type { RecordingEnd, RecordingHeader } from '../../shared/replay/format.ts';

export type ToWriter =
  /** `previous.lastHash` is the thread's to fill, from file `previousId` (still open: all of whose chunks came before, its end after). */
  | { op: 'open'; id: number; path: string; header: RecordingHeader; previousId: number | null }
  /** The RawStream's items since the last batch: `buffer`'s first `length` bytes (transferred; it comes back in 'returned'). */
  | { op: 'batch'; buffer: ArrayBuffer; length: number }
  /** The thread's CPU time so far (a bench's figure). */
  | { op: 'usage' }
  /** The end frame, but for its last tick and hash, which the thread knows. */
  | { op: 'end'; id: number; end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'> };

export type FromWriter =
  /** A file's chunk is on disk, `bytes` long. */
  | { op: 'written'; id: number; bytes: number }
  /** A batch is done with: its buffer back. */
  | { op: 'returned'; length: number; buffer: ArrayBuffer }
  | { op: 'error'; id: number; message: string }
  /** A re-simulated file's room differed from its re-simulation at `tick` (its chunks from there are not written). */
  | { op: 'diverged'; id: number; tick: number; message: string }
  | { op: 'ended'; id: number }
  | { op: 'usage'; cpuUs: number };
