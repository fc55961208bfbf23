/**
 * The recordings' writer thread: it turns each raw chunk of a room's recording into the file's
 * form (each tick's state hash, from a client view that applies the recorded States, and the
 * inputs coded: tickCodec.ts encodeChunk), compresses it and appends the frames to the file, so
 * the room's tick pays for none of it (RecordingFile posts the raw chunks, transferred, not
 * copied). Blocking calls are fine here: this thread does nothing else.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { COMPRESSION, FRAME, type RecordingHeader } from '../../shared/replay/format.ts';
import { chunkPayload, encodeFrame, endFrame, headerFrame, preamble } from '../../shared/replay/frames.ts';
import { viewHash } from '../../shared/replay/stateHash.ts';
import { encodeChunk } from '../../shared/replay/tickCodec.ts';
import { applyState } from '../../shared/replay/Timeline.ts';
import { ClientView } from '../../shared/sync/clientView.ts';
import { INSTALLED_GAMES } from '../games.ts';
import type { FromWriter, ToWriter } from './writerProtocol.ts';

interface OpenFile {
  fd: number;
  game: AnyGame;
  view: ClientView;
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
  const fd = openSync(path, 'wx');
  files.set(id, { fd, game, view: new ClientView(game.kinds), lastTick: header.startTick - 1, lastHash: 0 });
  const pre = preamble();
  writeSync(fd, pre);
  writeSync(fd, headerFrame(header));
}

function chunk(id: number, f: OpenFile, buffer: ArrayBuffer, length: number, firstTick: number, ticks: number): void {
  const raw = new Uint8Array(buffer, 0, length);
  const plan = f.game.input.plan;
  const view = f.view;
  const out = encodeChunk(raw, plan.nNum, plan.nButtons, (tick, state, keyframe) => {
    applyState(view, view.tick === 0 ? (keyframe ?? state) : state, tick);
    return viewHash(view);
  });
  if (out.ticks !== ticks) throw new Error(`chunk of ${out.ticks} ticks, ${ticks} announced`);
  const frame = encodeFrame(FRAME.chunk, chunkPayload(COMPRESSION.deflate, firstTick, ticks, out.data.length, deflateSync(out.data, { level: 6 })));
  writeSync(f.fd, frame);
  f.lastTick = out.lastTick;
  f.lastHash = out.lastHash;
  port.postMessage({ op: 'written', id, raw: length, bytes: frame.length, buffer } satisfies FromWriter, [buffer]);
}

port.on('message', (m: ToWriter) => {
  try {
    if (m.op === 'open') return open(m.id, m.path, m.header, m.previousId);
    const f = files.get(m.id);
    if (m.op === 'chunk') {
      if (f && !failed.has(m.id)) chunk(m.id, f, m.buffer, m.length, m.firstTick, m.ticks);
      return;
    }
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
    failed.add(m.id);
    post({ op: 'error', id: m.id, message: String((e as Error)?.message ?? e).slice(0, 300) });
    if (m.op === 'end') post({ op: 'ended', id: m.id });
  }
});
