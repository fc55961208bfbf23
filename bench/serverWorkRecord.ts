/**
 * `npm run bench:server-work -- --record`: what recording every room costs (docs/replay.md), in
 * two parts, in one run:
 *
 * 1. The tick path. One server, the same rooms, alternating rounds with every room recorded and
 *    with none (the order swapped each round), so the machine's noise falls on both alike: the
 *    server's work per client per tick (input arrival + tick: where the recorder runs) and the
 *    main thread's CPU, with their ratios. The recorder's chunks go to a sink here, which hands
 *    each buffer straight back: the writer thread's work is part 2's. (With the real thread, a
 *    bench playing many times faster than real time has that thread work as many times harder
 *    than on a live server, beside the main thread on a machine of two cores.)
 * 2. The writer thread (coding, hashing, compressing and writing the chunks): every room recorded
 *    through the real thread, its CPU (the process' minus the main thread's, over the run and the
 *    files' end), per room-second of game and as throughput; the files' bytes per room-minute.
 */
import { median } from './median.ts';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingEnd, RecordingHeader } from '../shared/replay/format.ts';
import { DEFAULT_RECORD } from '../server/replay/Recordings.ts';
import { RecordingWriter, type ChunkWriter, type WriterFile } from '../server/replay/RecordingWriter.ts';
import { ServerWorkRig, TICK_RATE } from './serverWorkRig.ts';

export interface RecordCompareOptions {
  mode: string;
  rooms: number;
  players: number;
  seconds: number;
  rounds: number;
}

/** Part 1's sink: every chunk "written" at once, its buffer given back. */
class SinkWriter implements ChunkWriter {
  private readonly files = new Map<number, WriterFile>();
  private next = 1;
  open(_path: string, _header: RecordingHeader, _previous: number | null, file: WriterFile): number {
    this.files.set(this.next, file);
    return this.next++;
  }
  chunk(id: number, buf: Uint8Array, length: number): void {
    this.files.get(id)?.onWritten(length, 0, buf.buffer as ArrayBuffer);
  }
  end(id: number, _end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void {
    const f = this.files.get(id);
    this.files.delete(id);
    f?.onEnded();
  }
}

/** Part 2's: the real writer thread, counting the raw bytes handed to it. */
class CountingWriter implements ChunkWriter {
  raw = 0;
  constructor(private readonly inner: ChunkWriter) {}
  open(path: string, header: RecordingHeader, previous: number | null, file: WriterFile): number {
    return this.inner.open(path, header, previous, file);
  }
  chunk(id: number, buf: Uint8Array, length: number, firstTick: number, ticks: number): void {
    this.raw += length;
    this.inner.chunk(id, buf, length, firstTick, ticks);
  }
  end(id: number, end: Pick<RecordingEnd, 'reason' | 'endedAtMs' | 'next'>): void {
    this.inner.end(id, end);
  }
}

interface Measured {
  work: number;
  thread: number;
}


export async function compareWithRecording(opts: RecordCompareOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-record-'));
  const record = { ...DEFAULT_RECORD, dir, all: false, keepBytes: 0 };
  const shape = { mode: opts.mode, rooms: opts.rooms, players: opts.players };
  const f = (x: number): string => x.toFixed(3);
  try {
    // 1. The tick path.
    const rig = await ServerWorkRig.create({ ...shape, config: { record }, deps: { recordingWriter: new SinkWriter() } });
    const once = async (recording: boolean, seconds: number): Promise<Measured> => {
      if (recording) for (const room of rig.rooms) rig.server.recordings.start(room);
      // A second untimed, in both variants: a recording's buffers grow to the room's size in its first chunks (once per recording; a live one runs for the room's life).
      await rig.run(1, rig.deliver);
      const r = await rig.run(seconds, rig.deliver);
      if (recording) await rig.server.recordings.closeAll('stopped');
      return { work: rig.perClientTick(r.inputUs + r.tickUs, r.ticks), thread: rig.perClientTick(r.threadUs, r.ticks) };
    };
    for (let i = 0; i < 2; i++) for (const rec of [false, true]) await once(rec, 3);
    const rows: { first: string; off: Measured; on: Measured }[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      const got = new Map<boolean, Measured>();
      for (const rec of order) got.set(rec, await once(rec, opts.seconds));
      rows.push({ first: order[0] ? 'on' : 'off', off: got.get(false)!, on: got.get(true)! });
    }
    await rig.stop();
    console.log(`recording's cost on the tick path (${opts.mode}: ${opts.rooms} rooms × ${opts.players} players, ${opts.seconds} s of game at ${TICK_RATE} Hz per variant per round, ${opts.rounds} rounds alternating, Node ${process.version}):`);
    console.log('  µs per client per tick; chunks handed to a sink (the writer thread is measured below)');
    console.log('  round  first   work: off      on  ratio  | main thread CPU: off     on  ratio');
    rows.forEach((x, i) =>
      console.log(`  ${String(i + 1).padStart(5)}  ${x.first.padEnd(5)} ${f(x.off.work).padStart(10)} ${f(x.on.work).padStart(7)} ${(x.on.work / x.off.work).toFixed(3).padStart(6)}  | ${f(x.off.thread).padStart(19)} ${f(x.on.thread).padStart(6)} ${(x.on.thread / x.off.thread).toFixed(3).padStart(6)}`),
    );
    const ratio = (k: keyof Measured): number[] => rows.map((x) => x.on[k] / x.off[k]);
    const med = (k: keyof Measured, v: 'off' | 'on'): number => median(rows.map((x) => x[v][k]));
    console.log(`  median        ${f(med('work', 'off')).padStart(10)} ${f(med('work', 'on')).padStart(7)} ${median(ratio('work')).toFixed(3).padStart(6)}  | ${f(med('thread', 'off')).padStart(19)} ${f(med('thread', 'on')).padStart(6)} ${median(ratio('thread')).toFixed(3).padStart(6)}`);
    console.log(`  (the median row's ratios: the median of the rounds' ratios; work ${Math.min(...ratio('work')).toFixed(3)}–${Math.max(...ratio('work')).toFixed(3)}, main thread ${Math.min(...ratio('thread')).toFixed(3)}–${Math.max(...ratio('thread')).toFixed(3)})`);

    // 2. The writer thread.
    const writer = new CountingWriter(new RecordingWriter());
    const rig2 = await ServerWorkRig.create({ ...shape, config: { record }, deps: { recordingWriter: writer } });
    await rig2.run(2, rig2.deliver);
    for (const room of rig2.rooms) rig2.server.recordings.start(room);
    await rig2.run(1, rig2.deliver, { yieldEachTick: true }); // the thread starts, its code warms up
    await rig2.server.recordings.closeAll('stopped');
    for (const file of readdirSync(dir)) rmSync(join(dir, file));
    writer.raw = 0;
    for (const room of rig2.rooms) rig2.server.recordings.start(room);
    const p0 = process.cpuUsage();
    const t0 = process.threadCpuUsage();
    const w0 = performance.now();
    const r = await rig2.run(opts.seconds * 2, rig2.deliver, { yieldEachTick: true });
    await rig2.server.recordings.closeAll('stopped');
    const wallS = (performance.now() - w0) / 1000;
    const p = process.cpuUsage(p0);
    const t = process.threadCpuUsage(t0);
    await rig2.stop();
    const writerUs = p.user + p.system - (t.user + t.system);
    const roomSeconds = (r.ticks / TICK_RATE) * opts.rooms;
    const bytes = readdirSync(dir).reduce((n, file) => n + statSync(join(dir, file)).size, 0);
    console.log(`the writer thread (every room recorded for ${(r.ticks / TICK_RATE).toFixed(0)} s of game, flat out: ${wallS.toFixed(1)} s of wall time):`);
    console.log(
      `  ${(writerUs / roomSeconds).toFixed(0)} µs of CPU per room-second of game = ${((writerUs / roomSeconds / 1e6) * 100).toFixed(3)} % of a core per ${opts.players}-player room; it took ${(writer.raw / 1024 / 1024).toFixed(1)} MiB of raw chunks and wrote ${(bytes / 1024 / 1024).toFixed(2)} MiB: ${(writer.raw / 1024 / 1024 / (writerUs / 1e6)).toFixed(1)} MiB/s of raw chunks (${(bytes / 1024 / 1024 / (writerUs / 1e6)).toFixed(2)} MiB/s of file) per core of the thread`,
    );
    console.log(`  files: ${(bytes / (roomSeconds / 60) / 1024).toFixed(1)} KiB per ${opts.players}-player room-minute (raw chunks ${(writer.raw / (roomSeconds / 60) / 1024).toFixed(0)} KiB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
