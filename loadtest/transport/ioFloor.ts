/**
 * The bare-I/O floor of a bot: what one WebSocket costs the load generator with no game logic at
 * all (no decoding, no ClientView, no behaviour, no metrics). Every socket receives a 190-byte
 * binary frame per tick and writes one pre-encoded 19-byte frame per tick, as a bot does.
 *
 *   taskset -c 0 npx tsx loadtest/transport/ioFloor.ts server --port 18090
 *   taskset -c 1 npx tsx loadtest/transport/ioFloor.ts client --port 18090 --socket net --bots 1000
 *
 * The server is a bare uWebSockets.js publisher (a measuring tool, not game-server code: it
 * stands in for a server that is never the bottleneck). The client prints the CPU its process
 * used per bot per tick over a steady window, and what that makes per core.
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { NetWebSocket } from './NetWebSocket.ts';

const TICK_HZ = 30;
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '18090' },
    socket: { type: 'string', default: 'net' },
    bots: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
  },
});
const port = Number(values.port);

async function server(): Promise<void> {
  const uWS = await import('uWebSockets.js');
  const frame = Buffer.alloc(190, 7);
  const app = uWS.App().ws('/*', { compression: 0, maxPayloadLength: 1024, open: (ws: { subscribe(topic: string): boolean }) => void ws.subscribe('all'), message: () => {} });
  app.listen('127.0.0.1', port, (ok: unknown) => {
    if (!ok) throw new Error(`cannot listen on 127.0.0.1:${port}`);
    console.log(`publishing ${frame.length} bytes at ${TICK_HZ} Hz on ws://127.0.0.1:${port}/`);
  });
  setInterval(() => app.publish('all', frame, true), 1000 / TICK_HZ);
}

interface Bare {
  send(data: Uint8Array): void;
  readonly readyState: number;
  terminate(): void;
}

async function client(): Promise<void> {
  const bots = Number(values.bots);
  const seconds = Number(values.seconds);
  const kind = values.socket;
  if (kind !== 'net' && kind !== 'ws') throw new Error('--socket must be net or ws');
  const url = `ws://127.0.0.1:${port}/`;
  const input = Buffer.alloc(19, 3);
  let received = 0;
  const sockets: Bare[] = [];
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (kind === 'ws') {
        const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
        ws.binaryType = 'nodebuffer';
        ws.on('message', () => void received++);
        ws.once('open', () => resolve());
        ws.once('error', reject);
        sockets.push(ws);
      } else {
        const ws = new NetWebSocket(url);
        ws.binaryType = 'nodebuffer';
        ws.onmessage = () => void received++;
        ws.onopen = () => resolve();
        ws.onerror = (e) => reject(new Error(String((e as { message?: string }).message)));
        sockets.push(ws);
      }
    });
  for (let i = 0; i < bots; i += 100) await Promise.all(Array.from({ length: Math.min(100, bots - i) }, open));
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    for (const s of sockets) if (s.readyState === 1) s.send(input);
  }, 1000 / TICK_HZ);
  await new Promise((r) => setTimeout(r, 3000)); // warm up
  const cpu0 = process.cpuUsage();
  const [t0, r0, k0] = [performance.now(), received, ticks];
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const [wallSec, msgs, sent] = [(performance.now() - t0) / 1000, received - r0, ticks - k0];
  clearInterval(timer);
  const botTicks = bots * sent;
  const us = (cpu.user + cpu.system) / botTicks;
  console.log(
    `${kind}: ${bots} sockets, ${(sent / wallSec).toFixed(1)} sends/s and ${(msgs / bots / wallSec).toFixed(1)} messages/s each; ` +
      `CPU ${((cpu.user + cpu.system) / 1e4 / wallSec).toFixed(0)} % of a core = ${us.toFixed(1)} µs per bot per tick ` +
      `(user ${(cpu.user / botTicks).toFixed(1)}, system ${(cpu.system / botTicks).toFixed(1)}): ${Math.round(1e6 / TICK_HZ / us)} bots per core`,
  );
  for (const s of sockets) s.terminate();
  setTimeout(() => process.exit(0), 200);
}

if (positionals[0] === 'server') void server();
else if (positionals[0] === 'client') void client();
else {
  console.error('usage: ioFloor.ts server [--port N] | client [--port N] [--socket net|ws] [--bots N] [--seconds S]');
  process.exit(2);
}
