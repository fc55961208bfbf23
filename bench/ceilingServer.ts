/**
 * Baseline 1, the transport ceiling: a bare uWebSockets.js server with no game logic. Clients
 * are put 50 to a room (a pub/sub topic); every tick (30 Hz, drift-free) it publishes one frame
 * of FRAME_BYTES to each room. Inputs are received and dropped. Same IPC as serverProcess.ts.
 * (This benchmark baseline is the one file outside server/transport that imports uWS: it must be
 * bare uWS to be the ceiling.)
 * argv[2]: JSON { frameBytes, perRoom, tickRate }.
 */
import * as uws from 'uWebSockets.js';
import { cpuPercent, percentile, type FromServer, type ServerReport, type ToChild } from './ipc.ts';

const { frameBytes, perRoom, tickRate, perClientSend } = JSON.parse(process.argv[2] ?? '{}') as { frameBytes: number; perRoom: number; tickRate: number; perClientSend?: boolean };
/** With perClientSend, the same frames go out by one ws.send per client from JS (to compare with publish). */
const sockets: uws.WebSocket<{ room: number }>[][] = [];
const frame = new Uint8Array(frameBytes).map((_, i) => (i * 31) & 0xff);
frame[0] = 0x97; // looks like a msgpack array, like ours
let clients = 0;
let bytesOut = 0;
let messagesOut = 0;
const roomSizes: number[] = [];
let ticks: number[] = [];

const app = uws.App().ws<{ room: number }>('/ws', {
  maxPayloadLength: 16 * 1024,
  open: (ws) => {
    let room = roomSizes.findIndex((n) => n < perRoom);
    if (room < 0) room = roomSizes.push(0) - 1;
    roomSizes[room]!++;
    ws.getUserData().room = room;
    ws.subscribe(`room/${room}`);
    (sockets[room] ??= []).push(ws);
    clients++;
  },
  message: () => {},
  close: (ws) => {
    clients--;
    roomSizes[ws.getUserData().room]!--;
    const list = sockets[ws.getUserData().room]!;
    list.splice(list.indexOf(ws), 1);
  },
});

const send = (m: FromServer): void => void process.send?.(m);
app.listen('127.0.0.1', 0, (sock) => {
  if (!sock) throw new Error('ceiling server: cannot listen');
  send({ type: 'ready', port: uws.us_socket_local_port(sock) });
});

const intervalMs = 1000 / tickRate;
let due = performance.now() + intervalMs;
const loop = (): void => {
  while (performance.now() >= due) {
    const t0 = performance.now();
    roomSizes.forEach((n, room) => {
      if (n === 0) return;
      if (perClientSend) for (const ws of sockets[room]!) ws.send(frame, true, false);
      else app.publish(`room/${room}`, frame, true);
      bytesOut += n * frame.length;
      messagesOut += n;
    });
    ticks.push(performance.now() - t0);
    due += intervalMs;
  }
  setTimeout(loop, Math.max(0, due - performance.now()));
};
loop();

let mark = { at: performance.now(), cpu: process.cpuUsage(), bytesOut: 0, messagesOut: 0 };
let maxRss = 0;
setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage.rss())), 250);
process.on('message', (m: ToChild) => {
  if (m.cmd === 'mark') {
    ticks = [];
    maxRss = process.memoryUsage.rss();
    mark = { at: performance.now(), cpu: process.cpuUsage(), bytesOut, messagesOut };
  } else if (m.cmd === 'report') {
    const wallMs = performance.now() - mark.at;
    const sorted = [...ticks].sort((a, b) => a - b);
    const report: ServerReport = {
      cpuPercentOfCore: cpuPercent(mark.cpu, process.cpuUsage(), wallMs),
      rssMb: process.memoryUsage.rss() / 2 ** 20,
      maxRssMb: maxRss / 2 ** 20,
      bytesOut: bytesOut - mark.bytesOut,
      messagesOut: messagesOut - mark.messagesOut,
      clients,
      rooms: roomSizes.filter((n) => n > 0).length,
      projectiles: 0,
      tickP50Ms: percentile(sorted, 50),
      tickP99Ms: percentile(sorted, 99),
      statesSkipped: 0,
      catchUps: 0,
      slowReaderCloses: 0,
      windowSec: wallMs / 1000,
    };
    send({ type: 'report', report });
  } else if (m.cmd === 'stop') {
    app.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
