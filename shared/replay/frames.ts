/**
 * Frames of a recording file (format.ts): building them (the server's writer, tests) and
 * reading a whole file back into a Recording, checking every frame's CRC, the ticks' order and
 * the end frame. Damage is reported, never skipped: a bad frame stops the reading with a fatal
 * problem naming where; a file cut short (a server that died mid-write) keeps its complete ticks
 * and says so.
 */
import { decode, encode } from '../codec.ts';
import { ByteReader, ByteWriter, RecordingError } from './bytes.ts';
import { crc32 } from './crc32.ts';
import { COMPRESSION, FORMAT_VERSION, FRAME, FRAME_HEAD_BYTES, MAGIC, MAX_CHUNK_RAW_BYTES, MAX_FRAME_BYTES, PREAMBLE_BYTES, type RecordingEnd, type RecordingHeader, type TickRecord } from './format.ts';
import { decodeChunk } from './tickCodec.ts';

export function preamble(): Uint8Array {
  return Uint8Array.from([...MAGIC, FORMAT_VERSION]);
}

export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  const w = new ByteWriter(payload.length + FRAME_HEAD_BYTES);
  w.u8(type);
  w.u32(payload.length);
  w.u32(crc32(payload));
  w.room(payload.length);
  w.buf.set(payload, w.pos);
  w.pos += payload.length;
  return w.take();
}

export function headerFrame(h: RecordingHeader): Uint8Array {
  return encodeFrame(FRAME.header, encode(h));
}

export function endFrame(e: RecordingEnd): Uint8Array {
  return encodeFrame(FRAME.end, encode(e));
}

/** A chunk frame's payload: [compression][first tick][ticks][raw length] then the (compressed) data. */
export function chunkPayload(compression: number, firstTick: number, ticks: number, rawLength: number, data: Uint8Array): Uint8Array {
  const w = new ByteWriter(data.length + 13);
  w.u8(compression);
  w.u32(firstTick);
  w.u32(ticks);
  w.u32(rawLength);
  w.room(data.length);
  w.buf.set(data, w.pos);
  w.pos += data.length;
  return w.take();
}

export interface Problem {
  /** Fatal: the recording cannot be trusted past this point (damage, tampering, a format error). */
  readonly fatal: boolean;
  readonly message: string;
}

export interface Recording {
  readonly header: RecordingHeader;
  readonly ticks: readonly TickRecord[];
  /** The end frame; null when the file was never closed (the server died, or it is still being written). */
  readonly end: RecordingEnd | null;
  readonly problems: readonly Problem[];
  readonly bytes: number;
}

export type Inflate = (data: Uint8Array) => Promise<Uint8Array>;

/** zlib-wrapped deflate, through the Compression Streams API (browsers, and Node 18+ alike). */
export const inflateDeflate: Inflate = async (data) => {
  const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/** The game's input shape, to decode the inputs (the game named in the header). */
export interface InputShape {
  readonly nNum: number;
  readonly nButtons: number;
}

function isHeader(v: unknown): v is RecordingHeader {
  const h = v as Record<string, unknown> | null;
  return (
    typeof h === 'object' && h !== null && h['format'] === FORMAT_VERSION && typeof h['game'] === 'string' && typeof h['gameVersion'] === 'string' &&
    typeof h['roomId'] === 'string' && typeof h['mode'] === 'string' && Number.isInteger(h['seed']) && typeof h['tickRate'] === 'number' &&
    Number.isInteger(h['startTick']) && (h['startTick'] as number) >= 1 && Number.isInteger(h['part']) && Number.isInteger(h['keyframeEvery'])
  );
}

/**
 * Read a recording file. `shapeOf` gives the input shape of the header's game (null: a game
 * this reader does not know, which is fatal). Throws RecordingError when the file is not a
 * recording at all (no magic, no header); every other problem is in `problems`.
 */
export async function readRecording(bytes: Uint8Array, shapeOf: (header: RecordingHeader) => InputShape | null, inflate: Inflate = inflateDeflate): Promise<Recording> {
  if (bytes.length < PREAMBLE_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) throw new RecordingError('not a recording (no REPLAY magic at the start)');
  if (bytes[MAGIC.length] !== FORMAT_VERSION) throw new RecordingError(`recording format ${bytes[MAGIC.length]}, this reader knows ${FORMAT_VERSION}`);
  const problems: Problem[] = [];
  const ticks: TickRecord[] = [];
  let header: RecordingHeader | null = null;
  let shape: InputShape | null = null;
  let end: RecordingEnd | null = null;
  let pos = PREAMBLE_BYTES;
  let frameNo = 0;
  const fatal = (message: string): void => void problems.push({ fatal: true, message });
  while (pos < bytes.length) {
    frameNo++;
    const at = pos;
    if (bytes.length - pos < FRAME_HEAD_BYTES) {
      problems.push({ fatal: false, message: `the file ends in ${bytes.length - pos} bytes of a partial frame at byte ${at} (the writer stopped mid-write)` });
      break;
    }
    const r = new ByteReader(bytes, pos);
    const type = r.u8();
    const len = r.u32();
    const crc = r.u32();
    if (len > MAX_FRAME_BYTES) {
      fatal(`frame ${frameNo} at byte ${at}: length ${len} is past any frame's (damaged)`);
      break;
    }
    const start = pos + FRAME_HEAD_BYTES;
    if (start + len > bytes.length) {
      problems.push({ fatal: false, message: `the file ends inside frame ${frameNo} at byte ${at} (${bytes.length - start} of its ${len} bytes: the writer stopped mid-write)` });
      break;
    }
    if (crc32(bytes, start, start + len) !== crc) {
      fatal(`frame ${frameNo} at byte ${at}: CRC mismatch (the file was damaged or altered)`);
      break;
    }
    pos = start + len;
    const payload = bytes.subarray(start, start + len);
    try {
      if (frameNo === 1) {
        if (type !== FRAME.header) throw new RecordingError(`the first frame is of type ${type}, not the header`);
        const h = decode(payload);
        if (!isHeader(h)) throw new RecordingError('the header frame is not a recording header');
        header = h;
        shape = shapeOf(h);
        if (shape === null) throw new RecordingError(`the recording is of game "${h.game.slice(0, 40)}", which is not installed here`);
        continue;
      }
      if (end !== null) throw new RecordingError(`frame ${frameNo} at byte ${at} follows the end frame`);
      if (type === FRAME.end) {
        end = decode(payload) as RecordingEnd;
        const last = ticks[ticks.length - 1];
        if (typeof end?.lastTick !== 'number' || (last ? last.tick : header!.startTick - 1) !== end.lastTick) throw new RecordingError(`the end frame says the last tick is ${String(end?.lastTick)}, the file's is ${last?.tick ?? 'none'} (ticks are missing)`);
        continue;
      }
      if (type !== FRAME.chunk) throw new RecordingError(`frame ${frameNo} at byte ${at}: unknown type ${type}`);
      const c = new ByteReader(payload, 0, payload.length, start);
      const compression = c.u8();
      const first = c.u32();
      const count = c.u32();
      const rawLength = c.u32();
      if (rawLength > MAX_CHUNK_RAW_BYTES) c.fail(`chunk of ${rawLength} bytes`);
      const data = payload.subarray(c.pos);
      let raw: Uint8Array;
      if (compression === COMPRESSION.none) raw = data;
      else if (compression === COMPRESSION.deflate) {
        try {
          raw = await inflate(data);
        } catch {
          throw new RecordingError(`frame ${frameNo} at byte ${at}: the chunk does not inflate`);
        }
      } else throw new RecordingError(`frame ${frameNo} at byte ${at}: unknown compression ${compression}`);
      if (raw.length !== rawLength) throw new RecordingError(`frame ${frameNo} at byte ${at}: chunk is ${raw.length} bytes, its frame says ${rawLength}`);
      const records = decodeChunk(raw, shape!.nNum, shape!.nButtons, start);
      const expected = ticks.length > 0 ? ticks[ticks.length - 1]!.tick + 1 : header!.startTick;
      if (first !== expected || records.length !== count) throw new RecordingError(`frame ${frameNo} at byte ${at}: holds ticks ${first}… (${records.length} of ${count}), tick ${expected} was next`);
      records.forEach((t, i) => {
        if (t.tick !== first + i) throw new RecordingError(`frame ${frameNo}: tick ${t.tick} where ${first + i} belongs`);
      });
      for (const t of records) ticks.push(t);
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      if (header === null) throw e;
      fatal(e.message);
      break;
    }
  }
  if (header === null) throw new RecordingError('the recording has no header');
  if (end === null && !problems.some((p) => p.fatal)) problems.push({ fatal: false, message: 'the recording has no end frame: it was not closed (the server died, or it is still being written)' });
  return { header, ticks, end, problems, bytes: bytes.length };
}
