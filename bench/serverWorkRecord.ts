/**
 * `npm run bench:server-work -- --record`: what recording every room costs (docs/replay.md), in
 * two parts, in one run:
 *
 * 1. The tick path. One server, the same rooms, rounds of three variants in turn (every order of
 *    them, so the machine's noise falls on each alike): no recording; every room recorded with
 *    its States made by the writer thread ('resimulated': a room recorded from its start, as
 *    --record does); every room recorded with its States encoded by the room ('room': a room an
 *    operator records from mid-match). The server's work per client per tick (input arrival +
 *    tick: where the recorder runs) and the main thread's CPU, with their ratios. The recorder's
 *    chunks go to a sink here, which hands each buffer straight back: the writer thread's work
 *    is part 2's. (With the real thread, a bench playing many times faster than real time has
 *    that thread work as many times harder than on a live server, beside the main thread on a
 *    machine of two cores.)
 * 2. The writer thread (re-simulating the rooms, coding, hashing, compressing and writing the
 *    chunks): every room recorded from its start through the real thread, its CPU (the thread's
 *    own, as it reports it, over the run and the files' end), per room-second of game and as
 *    throughput; the files' bytes per room-minute.
 */
import { median } from './median.ts';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingEnd, RecordingHeader } from '../shared/replay/format.ts';
import { DEFAULT_RECORD } from '../server/replay/Recordings.ts';
import { RawStream } from '../server/replay/RawStream.ts';
import { BATCH_MS, RecordingWriter, type ChunkWriter, type WriterFile } from '../server/replay/RecordingWriter.ts';
import { ServerWorkRig, TICK_RATE } from './serverWorkRig.ts';

export interface RecordCompareOptions {
  mode: string;
  rooms: number;
  players: number;
  seconds: number;
  rounds: number;
}

/** Part 1's sink: the stream's batches "written" at once, their buffers given back. */
class SinkWriter implements ChunkWriter {
  readonly stream = new RawStream();
  readonly pendingBytes = 0;
  private readonly files = new Map<number, WriterFile>();
  private next = 1;
  private lastMs = -Infinity;
  open(_path: string, _header: RecordingHeader, _previous: number | null, file: WriterFile): number {
    this.flush();
    this.files.set(this.next, file);
    return this.next++;
  }
  end(id: number, _end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void {
    this.flush();
    const f = this.files.get(id);
    this.files.delete(id);
    f?.onEnded();
  }
  due(nowMs: number): void {
    // As RecordingWriter's: a batch every BATCH_MS of the rooms' clock.
    if (nowMs - this.lastMs < BATCH_MS) return;
    this.lastMs = nowMs;
    this.flush();
  }
  flush(): void {
    if (this.stream.length === 0) return;
    this.stream.recycle(this.stream.take().buf);
  }
}

interface Measured {
  work: number;
  thread: number;
}


type Variant = 'off' | 'resimulated' | 'room';
const VARIANTS: readonly Variant[] = ['off', 'resimulated', 'room'];
const LETTER: Record<Variant, string> = { off: 'o', resimulated: 's', room: 'r' };
const ROTATIONS: readonly (readonly Variant[])[] = [
  ['off', 'resimulated', 'room'],
  ['resimulated', 'room', 'off'],
  ['room', 'off', 'resimulated'],
  ['off', 'room', 'resimulated'],
  ['room', 'resimulated', 'off'],
  ['resimulated', 'off', 'room'],
];

export async function compareWithRecording(opts: RecordCompareOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-record-'));
  const record = { ...DEFAULT_RECORD, dir, all: false, keepBytes: 0 };
  const shape = { mode: opts.mode, rooms: opts.rooms, players: opts.players };
  const f = (x: number): string => x.toFixed(3);
  try {
    // 1. The tick path: no recording, a recording whose States the writer thread makes (a room recorded from its start, as with --record), one whose States the room encodes (recorded from mid-match).
    const rig = await ServerWorkRig.create({ ...shape, config: { record }, deps: { recordingWriter: new SinkWriter() } });
    const once = async (v: Variant, seconds: number): Promise<Measured> => {
      if (v !== 'off') for (const room of rig.rooms) rig.server.recordings.start(room, v);
      // A second untimed, in every variant: a recording's buffers grow to the room's size in its first chunks (once per recording; a live one runs for the room's life).
      await rig.run(1, rig.deliver);
      const r = await rig.run(seconds, rig.deliver);
      if (v !== 'off') await rig.server.recordings.closeAll('stopped');
      return { work: rig.perClientTick(r.inputUs + r.tickUs, r.ticks), thread: rig.perClientTick(r.threadUs, r.ticks) };
    };
    for (let i = 0; i < 2; i++) for (const v of VARIANTS) await once(v, 3);
    const rows: { order: string; m: Record<Variant, Measured> }[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // Every order of the three in turn, so the machine's drift falls on each alike.
      const order = ROTATIONS[round % ROTATIONS.length]!;
      const m = {} as Record<Variant, Measured>;
      for (const v of order) m[v] = await once(v, opts.seconds);
      rows.push({ order: order.map((v) => LETTER[v]).join(''), m });
    }
    await rig.stop();
    console.log(`recording's cost on the tick path (${opts.mode}: ${opts.rooms} rooms × ${opts.players} players, ${opts.seconds} s of game at ${TICK_RATE} Hz per variant per round, ${opts.rounds} rounds in turn, Node ${process.version}):`);
    console.log('  µs per client per tick (the server\'s work: inputs\' arrival and ticks); chunks handed to a sink (the writer thread is measured below)');
    console.log('  resimulated (s): the States made by the writer thread (a room recorded from its start, as --record does); room (r): encoded by the room (recorded from mid-match); off (o)');
    console.log('  round  order      off  resimulated  ratio      room  ratio  | main thread CPU: off  resimulated  ratio      room  ratio');
    const cell = (x: Measured, k: keyof Measured, base: Measured): string => `${f(x[k]).padStart(11)} ${(x[k] / base[k]).toFixed(3).padStart(6)}`;
    rows.forEach((x, i) => {
      const { off, resimulated, room } = x.m;
      console.log(`  ${String(i + 1).padStart(5)}  ${x.order.padEnd(5)} ${f(off.work).padStart(7)} ${cell(resimulated, 'work', off)}  ${cell(room, 'work', off).slice(2)}  | ${f(off.thread).padStart(20)} ${cell(resimulated, 'thread', off)}  ${cell(room, 'thread', off).slice(2)}`);
    });
    const ratios = (v: Variant, k: keyof Measured): number[] => rows.map((x) => x.m[v][k] / x.m.off[k]);
    const med = (v: Variant, k: keyof Measured): number => median(rows.map((x) => x.m[v][k]));
    const mr = (v: Variant, k: keyof Measured): string => median(ratios(v, k)).toFixed(3).padStart(6);
    console.log(`  median        ${f(med('off', 'work')).padStart(7)} ${f(med('resimulated', 'work')).padStart(11)} ${mr('resimulated', 'work')}  ${f(med('room', 'work')).padStart(9)} ${mr('room', 'work')}  | ${f(med('off', 'thread')).padStart(20)} ${f(med('resimulated', 'thread')).padStart(11)} ${mr('resimulated', 'thread')}  ${f(med('room', 'thread')).padStart(9)} ${mr('room', 'thread')}`);
    const range = (v: Variant, k: keyof Measured): string => `${Math.min(...ratios(v, k)).toFixed(3)}–${Math.max(...ratios(v, k)).toFixed(3)}`;
    console.log(`  (the median row's ratios: the median of the rounds' ratios. Work: resimulated ${range('resimulated', 'work')}, room ${range('room', 'work')}; main thread: resimulated ${range('resimulated', 'thread')}, room ${range('room', 'thread')})`);

    // 2. The writer thread: every room recorded from its start (--record), so the thread re-simulates them and makes their States.
    const thread = new RecordingWriter();
    const rig2 = await ServerWorkRig.create({ ...shape, config: { record: { ...record, all: true } }, deps: { recordingWriter: thread } });
    await rig2.run(3, rig2.deliver, { yieldEachTick: true }); // the thread starts, its code warms up
    const raw0 = thread.handedOver;
    const c0 = await thread.threadCpuUs();
    const w0 = performance.now();
    const r = await rig2.run(opts.seconds * 2, rig2.deliver, { yieldEachTick: true });
    // Every chunk of the run written (the files' ends come after their last chunks), then the thread's CPU.
    const closing = rig2.server.recordings.closeAll('stopped');
    const c1 = await thread.threadCpuUs();
    await closing;
    const wallS = (performance.now() - w0) / 1000;
    const recordedTicks = rig2.rooms.reduce((n, room) => n + room.tick, 0);
    const diverged = rig2.server.recordings.stats.recordingsDiverged;
    await rig2.stop();
    const raw = thread.handedOver - raw0;
    const writerUs = c1 - c0;
    const roomSeconds = (r.ticks / TICK_RATE) * opts.rooms;
    // The files hold the warm-up too: bytes per room-minute over every tick recorded.
    const bytes = readdirSync(dir).reduce((n, file) => n + statSync(join(dir, file)).size, 0);
    const fileRoomMinutes = recordedTicks / TICK_RATE / 60;
    const windowBytes = (bytes * (r.ticks * opts.rooms)) / recordedTicks;
    console.log(`the writer thread (every room recorded from its start, its States made by re-simulating it; measured over ${(r.ticks / TICK_RATE).toFixed(0)} s of game, flat out: ${wallS.toFixed(1)} s of wall time):`);
    console.log(
      `  ${(writerUs / roomSeconds).toFixed(0)} µs of CPU per room-second of game = ${((writerUs / roomSeconds / 1e6) * 100).toFixed(3)} % of a core per ${opts.players}-player room; it took ${(raw / 1024 / 1024).toFixed(1)} MiB of raw chunks and wrote ${(windowBytes / 1024 / 1024).toFixed(2)} MiB: ${(raw / 1024 / 1024 / (writerUs / 1e6)).toFixed(1)} MiB/s of raw chunks (${(windowBytes / 1024 / 1024 / (writerUs / 1e6)).toFixed(2)} MiB/s of file) per core of the thread`,
    );
    console.log(`  files: ${(bytes / fileRoomMinutes / 1024).toFixed(1)} KiB per ${opts.players}-player room-minute (raw chunks ${(raw / (roomSeconds / 60) / 1024).toFixed(0)} KiB)`);
    if (diverged > 0) console.log(`  WARNING: ${diverged} recordings diverged from their re-simulation: the figures above are not of the re-simulated path`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
