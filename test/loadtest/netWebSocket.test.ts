/**
 * NetWebSocket, the load-test bots' WebSocket client: the SDK's GameClient through it against a
 * real game server; the frame parser against random chunkings of one byte stream; and, against
 * a hand-written server on 127.0.0.1 that sends exactly the bytes a test wants, the close
 * handshake both ways, an abrupt end, pings, fragments, lengths, limits, wss:// and a refused upgrade.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GameClient, JoinError } from '../../shared/sdk/GameClient.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { FrameParser, type FrameSink } from '../../loadtest/transport/FrameParser.ts';
import { OPCODE } from '../../loadtest/transport/frames.ts';
import { acceptFor } from '../../loadtest/transport/handshake.ts';
import { NetWebSocket } from '../../loadtest/transport/NetWebSocket.ts';
import { startServer, until } from '../helpers/net.ts';
import type { GameServer } from '../../server/GameServer.ts';
import { arena } from '../../games/arena/index.ts';

/** An unmasked server frame. */
function frame(opcode: number, payload: Uint8Array | string, fin = true): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const n = p.length;
  const hdr = n < 126 ? Buffer.from([0, n]) : n < 0x10000 ? Buffer.from([0, 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
  if (n >= 0x10000) {
    hdr[1] = 127;
    hdr.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    hdr.writeUInt32BE(n >>> 0, 6);
  }
  hdr[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([hdr, p]);
}

function closeFrame(code: number, reason: string): Buffer {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return frame(OPCODE.Close, body);
}

interface ClientFrame {
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Frames a client sent (masked, per RFC 6455), decoded from the raw bytes. */
function clientFrames(bytes: Buffer): ClientFrame[] {
  const out: ClientFrame[] = [];
  let pos = 0;
  while (pos + 2 <= bytes.length) {
    let len = bytes[pos + 1]! & 0x7f;
    let hdr = 2;
    if (len === 126) [len, hdr] = [bytes.readUInt16BE(pos + 2), 4];
    else if (len === 127) [len, hdr] = [bytes.readUInt32BE(pos + 6), 10];
    const masked = (bytes[pos + 1]! & 0x80) !== 0;
    const mask = bytes.subarray(pos + hdr, pos + hdr + 4);
    const start = pos + hdr + (masked ? 4 : 0);
    if (start + len > bytes.length) break;
    const payload = Buffer.from(bytes.subarray(start, start + len));
    if (masked) for (let i = 0; i < len; i++) payload[i]! ^= mask[i & 3]!;
    out.push({ opcode: bytes[pos]! & 0x0f, masked, payload });
    pos = start + len;
  }
  return out;
}

/** A server that accepts the upgrade, then lets the test write raw frames; records what the client sent. */
class ScriptedServer {
  readonly server: Server;
  socket: Socket | null = null;
  received = Buffer.alloc(0);
  ended = false;

  constructor(
    private readonly onUpgraded: (s: Socket) => void = () => {},
    tls: TlsOptions | null = null,
  ) {
    const onConnection = (s: Socket): void => {
      let head = '';
      const onHead = (chunk: Buffer): void => {
        head += chunk.toString('latin1');
        const at = head.indexOf('\r\n\r\n');
        if (at < 0) return;
        s.off('data', onHead);
        const key = /sec-websocket-key: *(\S+)/i.exec(head)![1]!;
        s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`);
        this.socket = s;
        s.on('data', (d: Buffer) => (this.received = Buffer.concat([this.received, d])));
        s.on('end', () => (this.ended = true));
        this.onUpgraded(s);
      };
      s.on('data', onHead);
      s.on('error', () => {});
    };
    this.server = tls ? createTlsServer(tls, onConnection) : createServer(onConnection);
  }

  async listen(scheme = 'ws'): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    return `${scheme}://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/ws`;
  }

  frames(): ClientFrame[] {
    return clientFrames(this.received);
  }

  close(): Promise<void> {
    this.socket?.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** What a NetWebSocket reported, in order. */
function record(ws: NetWebSocket): { events: string[]; messages: unknown[]; close: { code: number; reason: string } | null } {
  const log = { events: [] as string[], messages: [] as unknown[], close: null as { code: number; reason: string } | null };
  ws.onopen = () => log.events.push('open');
  ws.onmessage = (ev) => log.messages.push(ev.data);
  ws.onerror = () => log.events.push('error');
  ws.onclose = (ev) => {
    log.events.push(`close ${ev.code}`);
    log.close = { code: ev.code, reason: ev.reason };
  };
  return log;
}

const scripted: ScriptedServer[] = [];
async function scriptedServer(onUpgraded?: (s: Socket) => void, tls: TlsOptions | null = null): Promise<{ srv: ScriptedServer; url: string }> {
  const srv = new ScriptedServer(onUpgraded, tls);
  scripted.push(srv);
  return { srv, url: await srv.listen(tls ? 'wss' : 'ws') };
}
afterEach(async () => {
  await Promise.all(scripted.splice(0).map((s) => s.close()));
});

describe('NetWebSocket with the SDK against the real game server', () => {
  let server: GameServer;
  let wsUrl = '';
  beforeAll(async () => {
    ({ server, wsUrl } = await startServer());
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('joins, receives and applies states, sends inputs that are acknowledged, and closes cleanly', async () => {
    const sockets: NetWebSocket[] = [];
    const kept: { data: Buffer; copy: Buffer }[] = [];
    const client = new GameClient({ game: arena,
      url: wsUrl,
      name: 'net',
      binaryType: 'nodebuffer',
      socketFactory: (u) => {
        const ws = new NetWebSocket(u);
        sockets.push(ws);
        return ws;
      },
    });
    let closed: [number, string] | null = null;
    client.on('close', (code, reason) => (closed = [code, reason]));
    client.on('state', () => {
      const ws = sockets[0]!;
      const onmessage = ws.onmessage!;
      if (kept.length > 0) return;
      // Wrap the SDK's handler once to keep the next messages' data: later reads must not change them.
      ws.onmessage = (ev) => {
        if (kept.length < 5) kept.push({ data: ev.data as Buffer, copy: Buffer.from(ev.data as Buffer) });
        onmessage(ev);
      };
    });
    const welcome = await client.connect();
    expect(welcome.playerId).toBeGreaterThan(0);
    for (let i = 0; i < 15; i++) {
      client.sendInput({ mx: 1, my: 0, aim: 0, fire: false });
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => client.ackSeq >= 15 && client.stats.states >= 10, 5000, 'acknowledged inputs');
    expect(client.view.entities.get(client.playerId)).toBeDefined();
    expect(client.stats.desyncs).toBe(0);
    expect(kept.length).toBe(5);
    for (const k of kept) expect(k.data.equals(k.copy)).toBe(true);
    expect(sockets[0]!.bufferedAmount).toBe(0);
    client.leave();
    await until(() => closed !== null, 5000, 'close');
    expect(closed![0]).toBe(CLOSE.Normal);
    expect(sockets[0]!.readyState).toBe(NetWebSocket.CLOSED);
  });

  it("reports the server's close code when the server closes (wrong protocol version: 4001)", async () => {
    const client = new GameClient({ game: arena, url: wsUrl, name: 'old', protocolVersion: 999, socketFactory: (u) => new NetWebSocket(u) });
    const err = await client.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JoinError);
    expect((err as JoinError).code).toBe(CLOSE.ProtocolVersion);
  });

  it('fails a refused upgrade (wrong path) cleanly: onerror, then onclose 1006 naming the HTTP status', async () => {
    const ws = new NetWebSocket(wsUrl.replace('/ws', '/not-a-socket'));
    const log = record(ws);
    await until(() => log.close !== null, 5000, 'close');
    expect(log.events).toEqual(['error', 'close 1006']);
    expect(log.close!.reason).toMatch(/^upgrade refused: HTTP [45]\d\d/);
  });
});

describe('NetWebSocket against a scripted server', () => {
  it('gives the close code and reason the server sent, and answers with a masked close frame', async () => {
    const { srv, url } = await scriptedServer((s) => s.write(Buffer.concat([frame(OPCODE.Binary, 'a'), closeFrame(4321, 'bye now')])));
    const ws = new NetWebSocket(url);
    const log = record(ws);
    await until(() => srv.ended, 5000, 'the client to end its side');
    const echoed = srv.frames().at(-1)!;
    expect(echoed.masked).toBe(true);
    expect([echoed.opcode, echoed.payload.readUInt16BE(0)]).toEqual([OPCODE.Close, 4321]);
    srv.socket!.end();
    await until(() => log.close !== null, 5000, 'close');
    expect(log.events).toEqual(['open', 'close 4321']);
    expect(log.close!.reason).toBe('bye now');
    expect(log.messages.length).toBe(1);
  });

  it('gives 1006, once, when the connection ends without a close frame', async () => {
    const { srv, url } = await scriptedServer((s) => s.write(frame(OPCODE.Binary, 'x'), () => s.destroy()));
    const ws = new NetWebSocket(url);
    const log = record(ws);
    await until(() => log.close !== null, 5000, 'close');
    await new Promise((r) => setTimeout(r, 50));
    expect(log.events).toEqual(['open', 'close 1006']);
    expect(ws.readyState).toBe(NetWebSocket.CLOSED);
    expect(srv.frames().length).toBe(0);
  });

  it('does the closing handshake on close(code, reason), and destroys the socket when the server never answers', async () => {
    const { srv, url } = await scriptedServer((s) => s.on('data', () => {}));
    const ws = new NetWebSocket(url, { closeTimeoutMs: 200 });
    const log = record(ws);
    await until(() => ws.readyState === NetWebSocket.OPEN, 5000, 'open');
    ws.close(4000, 'done');
    expect(ws.readyState).toBe(NetWebSocket.CLOSING);
    await until(() => log.close !== null, 2000, 'close after the timeout');
    expect(log.close!.code).toBe(1006);
    const f = srv.frames()[0]!;
    expect([f.opcode, f.payload.readUInt16BE(0), f.payload.subarray(2).toString()]).toEqual([OPCODE.Close, 4000, 'done']);

    // The same with a server that answers: the code is the server's.
    const second = await scriptedServer((s) => s.on('data', () => s.end(closeFrame(4000, 'done'))));
    const ws2 = new NetWebSocket(second.url);
    const log2 = record(ws2);
    await until(() => ws2.readyState === NetWebSocket.OPEN, 5000, 'open');
    ws2.close(4000, 'done');
    await until(() => log2.close !== null, 2000, 'close');
    expect(log2.close).toEqual({ code: 4000, reason: 'done' });
  });

  it('answers a ping with a pong of the same payload, between the fragments of a message', async () => {
    const { srv, url } = await scriptedServer((s) =>
      s.write(Buffer.concat([frame(OPCODE.Binary, 'he', false), frame(OPCODE.Ping, 'p!'), frame(OPCODE.Continuation, 'll', false), frame(OPCODE.Continuation, 'o')])),
    );
    const ws = new NetWebSocket(url);
    ws.binaryType = 'nodebuffer';
    const log = record(ws);
    await until(() => log.messages.length === 1 && srv.frames().length === 1, 5000, 'message and pong');
    expect((log.messages[0] as Buffer).toString()).toBe('hello');
    expect(srv.frames()[0]).toEqual({ opcode: OPCODE.Pong, masked: true, payload: Buffer.from('p!') });
  });

  it('reads 7-, 16- and 64-bit lengths and text frames, many in one write or byte by byte', async () => {
    const sizes = [0, 125, 126, 65_535, 65_536, 200_000];
    const frames = Buffer.concat([...sizes.map((n) => frame(OPCODE.Binary, Buffer.alloc(n, n % 251))), frame(OPCODE.Text, 'héllo')]);
    for (const byteByByte of [false, true]) {
      const { url } = await scriptedServer(async (s) => {
        if (!byteByByte) return void s.write(frames);
        for (let i = 0; i < 3000; i++) s.write(frames.subarray(i, i + 1)); // headers and the first payload bytes one at a time
        await new Promise((r) => setTimeout(r, 20));
        s.write(frames.subarray(3000));
      });
      const ws = new NetWebSocket(url);
      const log = record(ws);
      await until(() => log.messages.length === sizes.length + 1, 5000, 'messages');
      expect(log.messages.slice(0, -1).map((m) => (m as ArrayBuffer).byteLength)).toEqual(sizes);
      expect(new Uint8Array(log.messages[3] as ArrayBuffer).every((b) => b === 65_535 % 251)).toBe(true);
      expect(log.messages.at(-1)).toBe('héllo');
      ws.terminate();
    }
  });

  it('closes with 1009 a message larger than maxPayload', async () => {
    const { srv, url } = await scriptedServer((s) => s.write(frame(OPCODE.Binary, Buffer.alloc(2000))));
    const ws = new NetWebSocket(url, { maxPayload: 1000 });
    const log = record(ws);
    await until(() => srv.ended, 5000, 'the client to end');
    const f = srv.frames()[0]!;
    expect([f.opcode, f.payload.readUInt16BE(0)]).toEqual([OPCODE.Close, 1009]);
    srv.socket!.end();
    await until(() => log.close !== null, 5000, 'close');
    expect(log.events).toEqual(['open', 'error', 'close 1006']);
  });

  it('also emits ws-style events (open, message, close) for code written against the ws package', async () => {
    const { url } = await scriptedServer((s) => s.end(Buffer.concat([frame(OPCODE.Binary, 'bin'), closeFrame(4100, 'x')])));
    const ws = new NetWebSocket(url);
    ws.binaryType = 'nodebuffer';
    const seen: string[] = [];
    ws.once('open', () => seen.push('open'));
    ws.on('message', (data: Buffer, isBinary: boolean) => seen.push(`message ${data.toString()} ${isBinary}`));
    ws.on('close', (code: number, reason: Buffer) => seen.push(`close ${code} ${reason.toString()}`));
    await until(() => seen.length === 3, 5000, 'events');
    expect(seen).toEqual(['open', 'message bin true', 'close 4100 x']);
  });

  it('speaks wss:// through node:tls, and a client that checks certificates refuses a self-signed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netws-tls-'));
    try {
      const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const tls = { key: readFileSync(key), cert: readFileSync(cert) };
      const { srv, url } = await scriptedServer((s) => s.write(frame(OPCODE.Binary, 'secret')), tls);
      const ws = new NetWebSocket(url, { tls: { rejectUnauthorized: false } });
      ws.binaryType = 'nodebuffer';
      const log = record(ws);
      await until(() => log.messages.length === 1, 5000, 'a message over TLS');
      expect((log.messages[0] as Buffer).toString()).toBe('secret');
      ws.send(new Uint8Array([1, 2, 3]));
      await until(() => srv.frames().length === 1, 5000, 'a frame over TLS');
      expect([...srv.frames()[0]!.payload]).toEqual([1, 2, 3]);
      ws.terminate();

      const strict = new NetWebSocket(url);
      const strictLog = record(strict);
      await until(() => strictLog.close !== null, 5000, 'refusal');
      expect(strictLog.events).toEqual(['error', 'close 1006']);
      expect(strictLog.close!.reason).toMatch(/self[- ]signed|certificate/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes every frame masked, one buffer per send, and refuses to send while connecting', async () => {
    const { srv, url } = await scriptedServer();
    const ws = new NetWebSocket(url);
    expect(() => ws.send(new Uint8Array([1]))).toThrow(/CONNECTING/);
    await until(() => ws.readyState === NetWebSocket.OPEN, 5000, 'open');
    const payloads = [new Uint8Array(0), new Uint8Array(19).fill(7), new Uint8Array(300).fill(9), new Uint8Array(70_000).fill(3)];
    for (const p of payloads) ws.send(p);
    await until(() => srv.frames().length === payloads.length, 5000, 'frames');
    expect(srv.frames().map((f, i) => [f.opcode, f.masked, Buffer.compare(f.payload, payloads[i]!)])).toEqual(
      payloads.map(() => [OPCODE.Binary, true, 0]),
    );
    ws.terminate();
  });

  it('holds the frames sent while corked, and writes them in order at uncork', async () => {
    const { srv, url } = await scriptedServer();
    const ws = new NetWebSocket(url);
    await until(() => ws.readyState === NetWebSocket.OPEN, 5000, 'open');
    ws.cork();
    ws.send(new Uint8Array([1]));
    ws.send(new Uint8Array([2, 2]));
    expect(ws.bufferedAmount).toBeGreaterThan(0); // held, not written
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.frames()).toHaveLength(0);
    ws.uncork();
    await until(() => srv.frames().length === 2, 5000, 'frames');
    expect(srv.frames().map((f) => [...f.payload])).toEqual([[1], [2, 2]]);
    ws.terminate();
  });
});

describe('FrameParser', () => {
  type Msg = { text: boolean; bytes: Buffer } | { control: number; bytes: Buffer };
  /** A short, comparable line per message (a failure then prints lines, not 65,536 numbers). */
  const summary = (m: Msg): string => `${'control' in m ? `control ${m.control}` : m.text ? 'text' : 'binary'} ${m.bytes.length} ${createHash('sha1').update(m.bytes).digest('hex')}`;

  class Collect implements FrameSink {
    readonly out: string[] = [];
    errors: number[] = [];
    onMessage(buf: Buffer, start: number, end: number, text: boolean): void {
      this.out.push(summary({ text, bytes: buf.subarray(start, end) }));
    }
    onControl(opcode: number, buf: Buffer, start: number, end: number): void {
      this.out.push(summary({ control: opcode, bytes: buf.subarray(start, end) }));
    }
    onProtocolError(code: number): void {
      this.errors.push(code);
    }
  }

  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 130 }),
    fc.integer({ min: 65_530, max: 65_540 }).map((n) => new Uint8Array(n).fill(n & 0xff)),
  );
  const message = fc.record({ text: fc.boolean(), parts: fc.array(payload, { minLength: 1, maxLength: 3 }), ping: fc.option(fc.uint8Array({ maxLength: 125 })) });

  it('yields the same messages however the byte stream is cut into reads', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 30 }), (msgs, cuts) => {
        const expected: string[] = [];
        const wire: Buffer[] = [];
        for (const m of msgs) {
          m.parts.forEach((p, i) => {
            wire.push(frame(i === 0 ? (m.text ? OPCODE.Text : OPCODE.Binary) : OPCODE.Continuation, p, i === m.parts.length - 1));
            if (i === 0 && m.ping) wire.push(frame(OPCODE.Ping, m.ping)); // a control frame between fragments
          });
          const whole = summary({ text: m.text, bytes: Buffer.concat(m.parts) });
          const ping = m.ping ? [summary({ control: OPCODE.Ping, bytes: Buffer.from(m.ping) })] : [];
          // The ping went after the first frame: before the message's end when it has several.
          expected.push(...(m.parts.length > 1 ? [...ping, whole] : [whole, ...ping]));
        }
        const stream = Buffer.concat(wire);
        const sink = new Collect();
        const parser = new FrameParser(sink, 1 << 20);
        // One scratch buffer reused for every read, as the socket's static read buffer is.
        const scratch = Buffer.alloc(70_000);
        let pos = 0;
        for (let i = 0; pos < stream.length; i++) {
          const n = Math.min(cuts[i % cuts.length]!, stream.length - pos);
          stream.copy(scratch, 0, pos, pos + n);
          parser.push(scratch, 0, n);
          scratch.fill(0xee);
          pos += n;
        }
        expect(sink.errors).toEqual([]);
        expect(sink.out).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses masked server frames, reserved bits, stray continuations and oversized messages', () => {
    const cases: [Buffer, number][] = [
      [Buffer.from([0x82, 0x81, 0, 0, 0, 0, 1]), 1002],
      [Buffer.from([0xc2, 0x00]), 1002],
      [frame(OPCODE.Continuation, 'x'), 1002],
      [Buffer.concat([frame(OPCODE.Binary, 'a', false), frame(OPCODE.Binary, 'b')]), 1002],
      [frame(OPCODE.Binary, Buffer.alloc(101)), 1009],
      [Buffer.concat([frame(OPCODE.Binary, Buffer.alloc(60), false), frame(OPCODE.Continuation, Buffer.alloc(60))]), 1009],
      [Buffer.from([0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 1009],
    ];
    for (const [bytes, code] of cases) {
      const sink = new Collect();
      new FrameParser(sink, 100).push(bytes, 0, bytes.length);
      expect(sink.errors).toEqual([code]);
    }
  });
});
