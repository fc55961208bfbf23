/**
 * The server under test, as its own process: the real GameServer (delta or naive sync), driven
 * over IPC by bench/main.ts (mark a window, report CPU, bytes, tick times, RSS).
 * argv[2]: JSON of Partial<GameServerConfig>.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { createGameServer } from '../server/app.ts';
import { CLOSE } from '../shared/protocol.ts';
import type { GameServerConfig } from '../server/GameServer.ts';
import { cpuPercent, percentile, type FromServer, type ServerReport, type ToChild } from './ipc.ts';
import type { World } from '../games/arena/shared/world.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as Partial<GameServerConfig>;
const server = createGameServer({ host: '127.0.0.1', port: 0, staticDir: null, ...config });
let ticks: number[] = [];
server.stats.onTickMeasured = (_type, ms) => {
  if (ticks.length < 1_000_000) ticks.push(ms);
};
const port = await server.start();
const send = (m: FromServer): void => void process.send?.(m);
send({ type: 'ready', port });

// Time spent in garbage collection, for the report.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

let mark = { at: performance.now(), cpu: process.cpuUsage(), bytesOut: 0, messagesOut: 0, skipped: 0, catchUps: 0, slowCloses: 0 };
let maxRss = 0;
const rssTimer = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage.rss())), 250);

process.on('message', (m: ToChild) => {
  if (m.cmd === 'mark') {
    ticks = [];
    gcMs = 0;
    maxRss = process.memoryUsage.rss();
    mark = {
      at: performance.now(),
      cpu: process.cpuUsage(),
      bytesOut: server.stats.bytesOut,
      messagesOut: server.stats.messagesOut,
      skipped: server.stats.statesSkippedBackpressure,
      catchUps: server.stats.catchUpStates,
      slowCloses: server.stats.closedByCode.get(CLOSE.SlowReader) ?? 0,
    };
  } else if (m.cmd === 'report') {
    const wallMs = performance.now() - mark.at;
    const sorted = [...ticks].sort((a, b) => a - b);
    let clients = 0;
    let projectiles = 0;
    for (const r of server.rooms.rooms.values()) {
      clients += r.playerCount;
      projectiles += (r.world as World).projectiles.size;
    }
    const report: ServerReport = {
      cpuPercentOfCore: cpuPercent(mark.cpu, process.cpuUsage(), wallMs),
      rssMb: process.memoryUsage.rss() / 2 ** 20,
      maxRssMb: maxRss / 2 ** 20,
      bytesOut: server.stats.bytesOut - mark.bytesOut,
      messagesOut: server.stats.messagesOut - mark.messagesOut,
      clients,
      rooms: server.rooms.rooms.size,
      projectiles,
      tickP50Ms: percentile(sorted, 50),
      tickP99Ms: percentile(sorted, 99),
      statesSkipped: server.stats.statesSkippedBackpressure - mark.skipped,
      catchUps: server.stats.catchUpStates - mark.catchUps,
      slowReaderCloses: (server.stats.closedByCode.get(CLOSE.SlowReader) ?? 0) - mark.slowCloses,
      windowSec: wallMs / 1000,
      gcPercentOfCore: (gcMs / wallMs) * 100,
    };
    send({ type: 'report', report });
  } else if (m.cmd === 'stop') {
    clearInterval(rssTimer);
    void server.stop().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
