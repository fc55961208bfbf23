/**
 * The fuzzer's stream of frames, reproducible from a seed: a pool of encoded messages (valid
 * and mutated) mutated byte by byte, freshly generated messages of every type, hand-built
 * hostile msgpack, random bytes, and text frames. Cheap enough for a million frames a test: most
 * frames are a copy and a few byte edits of a pool entry; the pool is refreshed as it goes.
 */
import { encode } from '../../shared/codec.ts';
import { MSG } from '../../shared/protocol.ts';
import { seededRandom } from '../worker/random.ts';
import { hostileValue, intBelow, markedString, pick, type Random } from './hostileValues.ts';
import { mutatedMessage, validMessage } from './messages.ts';
import { mutateBytes, randomBytes } from './mutateBytes.ts';
import { hugeFrame, rawFrame } from './rawFrames.ts';

export type FrameKind = 'mutatedBytes' | 'mutatedMessage' | 'validMessage' | 'raw' | 'randomBytes' | 'text' | 'huge' | 'leave';

export interface Frame {
  kind: FrameKind;
  bytes: Uint8Array;
  /** Send as a text frame (bytes are UTF-8). */
  text: boolean;
}

export interface FrameSourceOptions {
  seed: number;
  /** Frames above the transport's 16 KiB limit, one in this many (0: never; in process they mean nothing). */
  hugeEvery: number;
  /** Leave messages, one in this many (0: never; over a socket a Leave ends the connection). */
  leaveEvery: number;
}

const POOL_SIZE = 512;
const utf8 = new TextEncoder();

/** Encode with the shared codec; null for a value it cannot encode. */
function encodeOrNull(value: unknown): Uint8Array | null {
  try {
    return encode(value);
  } catch {
    return null;
  }
}

export class FrameSource {
  readonly random: Random;
  private readonly pool: Uint8Array[] = [];
  private seq = 1;
  private count = 0;

  constructor(private readonly opts: FrameSourceOptions) {
    this.random = seededRandom(opts.seed);
    while (this.pool.length < POOL_SIZE) this.pool.push(this.message());
  }

  /** An encoded message: valid, or with mutated fields. */
  private message(): Uint8Array {
    const r = this.random;
    const value = r() < 0.5 ? validMessage(r, this.seq++) : mutatedMessage(r, this.seq++);
    return encodeOrNull(value) ?? encode([MSG.Ping, hostileValue(r) ?? null]);
  }

  next(): Frame {
    const r = this.random;
    const n = ++this.count;
    if (this.opts.hugeEvery > 0 && n % this.opts.hugeEvery === 0) return { kind: 'huge', bytes: hugeFrame(r), text: false };
    if (this.opts.leaveEvery > 0 && n % this.opts.leaveEvery === 0) return { kind: 'leave', bytes: encode([MSG.Leave]), text: false };
    // Refresh one pool entry now and then, so the mutations do not circle a fixed set.
    if (n % 16 === 0) this.pool[intBelow(r, POOL_SIZE)] = this.message();
    const u = r();
    if (u < 0.45) {
      let bytes = mutateBytes(r, pick(r, this.pool), pick(r, this.pool));
      if (r() < 0.3) bytes = mutateBytes(r, bytes, pick(r, this.pool));
      return { kind: 'mutatedBytes', bytes, text: false };
    }
    if (u < 0.6) return { kind: 'mutatedMessage', bytes: this.message(), text: false };
    if (u < 0.72) return { kind: 'validMessage', bytes: encode(validMessage(r, this.seq++)), text: false };
    if (u < 0.86) return { kind: 'raw', bytes: rawFrame(r), text: false };
    if (u < 0.95) return { kind: 'randomBytes', bytes: randomBytes(r, r() < 0.05 ? 1000 + intBelow(r, 200) : intBelow(r, 48)), text: false };
    return { kind: 'text', bytes: utf8.encode(this.textPayload()), text: true };
  }

  /** A text frame: JSON that looks like a message, or marked text. */
  private textPayload(): string {
    const r = this.random;
    if (r() < 0.5) return markedString(r, intBelow(r, 200));
    try {
      return JSON.stringify(validMessage(r, this.seq++)) ?? '';
    } catch {
      return '';
    }
  }
}
