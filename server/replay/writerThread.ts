/**
 * The recordings' writer thread: it turns each raw chunk of a room's recording into the file's
 * form (tickCodec.ts encodeChunk: the inputs coded, each tick's state hash from a client view
 * that applies the room's States — or, for a room recorded from its first tick, the States
 * themselves made by re-simulating it, ShadowRoom, checked against the room's hash at the
 * chunk's end), compresses it and appends the frames to the file, so the room's tick pays for
 * none of it. Its input is the server's RawStream, every room's items in one batch every tenth
 * of a second (transferred, not copied), sorted into files here (streamDemux.ts); a `cut` ends a
 * file's chunk. Blocking calls are fine here: this thread does nothing else.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { ByteWriter } from '../../shared/replay/bytes.ts';
import { COMPRESSION, FRAME, type RecordingHeader } from '../../shared/replay/format.ts';
import { chunkPayload, encodeFrame, endFrame, headerFrame, preamble } from '../../shared/replay/frames.ts';
import { viewHash } from '../../shared/replay/stateHash.ts';
import { encodeChunk } from '../../shared/replay/tickCodec.ts';
import { applyState } from '../../shared/replay/Timeline.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { INSTALLED_GAMES } from '../games.ts';
import { ShadowRoom } from './ShadowRoom.ts';
import { demux } from './streamDemux.ts';
import type { FromWriter, ToWriter } from './writerProtocol.ts';

interface OpenFile {
  fd: number;
  /** The raw items of the chunk being gathered (streamDemux). */
  raw: ByteWriter;
  game: AnyGame;
  view: ClientView;
  /** The room's re-simulation (header.states 'resimulated'), handed on to the next part. */
  shadow: ShadowRoom | null;
  /** The re-simulation differed from the room: nothing more is written. */
  diverged: boolean;
  startTick: number;
  keyframeEvery: number;
  lastTick: number;
  lastHash: number;
}

const files = new Map<number, OpenFile>();
const failed = new Set<number>();
const port = parentPort!;
const post = (m: FromWriter): void => port.postMessage(m);

function open(id: number, path: string, h: RecordingHeader, previousId: number | null): void {
  const game = INSTALLED_GAMES.find((g) => g.name === h.game);
  if (!game) throw new Error(`game ${h.game} is not installed`);
  let header = h;
  // The next part is opened before the part before it is ended (RoomRecorder.rotate), after all its chunks: it is still open here.
  const before = previousId === null ? undefined : files.get(previousId);
  if (h.previous !== null && before !== undefined) header = { ...h, previous: { ...h.previous, lastTick: before.lastTick, lastHash: before.lastHash } };
  let shadow: ShadowRoom | null = null;
  if (h.states === 'resimulated') {
    shadow = h.previous === null ? new ShadowRoom(game, h) : (before?.shadow ?? null);
    if (before) before.shadow = null;
  }
  const fd = openSync(path, 'wx');
  files.set(id, { fd, raw: new ByteWriter(16 * 1024), game, view: new ClientView(game.kinds), shadow, diverged: false, startTick: h.startTick, keyframeEvery: h.keyframeEvery, lastTick: header.startTick - 1, lastHash: 0 });
  if (h.states === 'resimulated' && shadow === null) diverge(id, files.get(id)!, h.startTick, 'the part before is not open on this thread: nothing to re-simulate from');
  const pre = preamble();
  writeSync(fd, pre);
  writeSync(fd, headerFrame(header));
}

function chunk(id: number, f: OpenFile, raw: Uint8Array, firstTick: number, ticks: number, check: number | null): void {
  const plan = f.game.input.plan;
  const view = f.view;
  const shadow = f.shadow;
  if (f.diverged) return;
  let out: ReturnType<typeof encodeChunk>;
  try {
    out = shadow
      ? encodeChunk(raw, plan.nNum, plan.nButtons, firstTick, ticks, (t) => shadow.run(t.tick, t.ops, t.inputs, (t.tick - f.startTick) % f.keyframeEvery === 0), true)
      : encodeChunk(raw, plan.nNum, plan.nButtons, firstTick, ticks, (t) => {
          applyState(view, view.tick === 0 ? (t.keyframe ?? t.state) : t.state, t.tick);
          return { state: t.state, keyframe: t.keyframe, hash: viewHash(view) };
        });
  } catch (e) {
    if (shadow === null) throw e;
    return diverge(id, f, firstTick, `the re-simulation failed: ${String((e as Error)?.message ?? e).slice(0, 200)}`);
  }
  // Not written when it differs: the file keeps only States that matched the room's.
  if (shadow && check !== null && out.lastHash !== check) return diverge(id, f, out.lastTick, `tick ${out.lastTick}: the re-simulation hashes to ${out.lastHash >>> 0}, the room to ${check >>> 0}`);
  const frame = encodeFrame(FRAME.chunk, chunkPayload(COMPRESSION.deflate, firstTick, ticks, out.data.length, deflateSync(out.data, { level: 6 })));
  writeSync(f.fd, frame);
  f.lastTick = out.lastTick;
  f.lastHash = out.lastHash;
  post({ op: 'written', id, bytes: frame.length });
}

/** A file's chunk or items failed: nothing more of it is written (its end closes it). */
function fail(id: number, e: unknown): void {
  failed.add(id);
  post({ op: 'error', id, message: String((e as Error)?.message ?? e).slice(0, 300) });
}

/** Every recorded room's items since the last batch (RawStream), sorted into their files; the buffer goes back. */
function batch(buffer: ArrayBuffer, length: number): void {
  const wanted = (id: number): OpenFile | null => {
    const f = files.get(id);
    return f === undefined || failed.has(id) || f.diverged ? null : f;
  };
  try {
    demux(new Uint8Array(buffer, 0, length), {
      rawOf: (id) => wanted(id)?.raw ?? null,
      cut: (id, firstTick, ticks, check) => {
        const f = wanted(id);
        if (f === null) return;
        try {
          chunk(id, f, f.raw.buf.subarray(0, f.raw.pos), firstTick, ticks, check);
        } catch (e) {
          fail(id, e);
        }
        f.raw.reset();
      },
    });
  } finally {
    port.postMessage({ op: 'returned', length, buffer } satisfies FromWriter, [buffer]);
  }
}

/** The re-simulation of a file's room differs from it: no more of its chunks are written, and the server is told (it records the room's own States from then on). */
function diverge(id: number, f: OpenFile, tick: number, message: string): void {
  f.diverged = true;
  f.shadow = null;
  post({ op: 'diverged', id, tick, message });
}

port.on('message', (m: ToWriter) => {
  if (m.op === 'usage') {
    const u = process.threadCpuUsage();
    return post({ op: 'usage', cpuUs: u.user + u.system });
  }
  try {
    if (m.op === 'open') return open(m.id, m.path, m.header, m.previousId);
    if (m.op === 'batch') return batch(m.buffer, m.length);
    const f = files.get(m.id);
    files.delete(m.id);
    if (f) {
      try {
        if (!failed.has(m.id)) writeSync(f.fd, endFrame({ ...m.end, lastTick: f.lastTick, lastHash: f.lastHash }));
      } finally {
        closeSync(f.fd);
      }
    }
    failed.delete(m.id);
    post({ op: 'ended', id: m.id });
  } catch (e) {
    if (m.op === 'batch') return;
    fail(m.id, e);
    if (m.op === 'end') post({ op: 'ended', id: m.id });
  }
});
