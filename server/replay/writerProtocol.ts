/** Messages between the server and its recordings' writer thread (writerThread.ts). */
import type { RecordingEnd, RecordingHeader } from '../../shared/replay/format.ts';

export type ToWriter =
  /** `previous.lastHash` is the thread's to fill, from file `previousId` (still open: all of whose chunks came before, its end after). */
  | { op: 'open'; id: number; path: string; header: RecordingHeader; previousId: number | null }
  /** The raw chunk is `buffer`'s first `length` bytes (transferred; it comes back in 'written'); `check`: the room's state hash at its last tick (a re-simulated file's), else null. */
  | { op: 'chunk'; id: number; buffer: ArrayBuffer; length: number; firstTick: number; ticks: number; check: number | null }
  /** The thread's CPU time so far (a bench's figure). */
  | { op: 'usage' }
  /** The end frame, but for its last tick and hash, which the thread knows. */
  | { op: 'end'; id: number; end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'> };

export type FromWriter =
  | { op: 'written'; id: number; raw: number; bytes: number; buffer: ArrayBuffer }
  | { op: 'error'; id: number; message: string }
  /** A re-simulated file's room differed from its re-simulation at `tick` (its chunks from there are not written). */
  | { op: 'diverged'; id: number; tick: number; message: string }
  | { op: 'ended'; id: number }
  | { op: 'usage'; cpuUs: number };
