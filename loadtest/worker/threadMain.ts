/** Entry point of a bot worker thread: real sockets (NetWebSocket, or `ws` with --socket ws), real fetch, the system clock. */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { systemClock } from '../../shared/clock.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { fetchWithTimeout } from '../SeatSource.ts';
import { NetWebSocket, type NetWebSocketOptions } from '../transport/NetWebSocket.ts';
import { BotWorker } from './BotWorker.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('threadMain.ts runs only as a worker thread');
const cfg = workerData as WorkerConfig;

/**
 * `--socket ws`, for comparison: the server never enables compression and every message is
 * binary. The frame mask stays random: `ws` then writes each frame as one buffer (one write
 * call), which measured cheaper than a zero mask's header-plus-payload writev.
 */
const WS_OPTIONS: WebSocket.ClientOptions = {
  handshakeTimeout: cfg.joinTimeoutMs,
  perMessageDeflate: false,
  skipUTF8Validation: true,
};
const NET_OPTIONS: NetWebSocketOptions = { handshakeTimeoutMs: cfg.joinTimeoutMs };

type BotSocket = SocketLike & { terminate(): void };
const socketFactory =
  cfg.socket === 'ws' ? (url: string): BotSocket => new WebSocket(url, WS_OPTIONS) as unknown as BotSocket : (url: string): BotSocket => new NetWebSocket(url, NET_OPTIONS);

const worker = new BotWorker(cfg, {
  clock: systemClock,
  socketFactory,
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
