/** Entry point of a bot worker thread: real sockets (`ws`), real fetch, the system clock. */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { systemClock } from '../../shared/clock.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { fetchWithTimeout } from '../SeatSource.ts';
import { BotWorker } from './BotWorker.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('threadMain.ts runs only as a worker thread');
const cfg = workerData as WorkerConfig;

/**
 * Cheap sockets for many bots: the server never enables compression and every message is
 * binary. The frame mask stays random: `ws` then writes each frame as one buffer (one write
 * call), which measured cheaper than a zero mask's header-plus-payload writev.
 */
const SOCKET_OPTIONS: WebSocket.ClientOptions = {
  handshakeTimeout: cfg.joinTimeoutMs,
  perMessageDeflate: false,
  skipUTF8Validation: true,
};

const worker = new BotWorker(cfg, {
  clock: systemClock,
  socketFactory: (url) => new WebSocket(url, SOCKET_OPTIONS) as unknown as SocketLike & { terminate(): void },
  fetchFn: fetchWithTimeout(cfg.joinTimeoutMs),
  post: (sample) => port.postMessage({ type: 'sample', sample } satisfies FromWorker),
});

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'start') worker.start();
  else if (msg.type === 'stop') void worker.stop().then(() => port.close());
});

process.on('uncaughtException', (e) => {
  port.postMessage({ type: 'fatal', message: String(e?.stack ?? e) } satisfies FromWorker);
});

port.postMessage({ type: 'ready' } satisfies FromWorker);
