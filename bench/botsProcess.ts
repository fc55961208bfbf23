/**
 * Benchmark bots, as their own process: real clients through the real protocol (the shared
 * SDK, codec and ClientView; every message decoded). One drift-free loop drives all bots at the
 * tick rate: they wander, aim at the nearest enemy (the aim changes every tick) and shoot when
 * one is in range. A fraction can be slow readers (their socket reads only part of the time).
 * In ceiling mode the bots only count what they receive and send inputs of the same size.
 * argv[2]: JSON BotsConfig.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { NetWebSocket } from '../loadtest/transport/NetWebSocket.ts';
import { encode } from '../shared/codec.ts';
import { KIND, PlayerSchema } from '../games/arena/shared/kinds.ts';
import { MSG, PROTOCOL_VERSION } from '../shared/protocol.ts';
import { GameClient } from '../shared/sdk/GameClient.ts';
import { OPEN } from '../shared/sdk/socket.ts';
import { cpuPercent, percentile, type BotReport, type FromBots, type ToChild } from './ipc.ts';
import { arena } from '../games/arena/index.ts';

const ALIVE = PlayerSchema.keys.indexOf('alive');

interface BotsConfig {
  url: string;
  count: number;
  mode: string;
  tickRate: number;
  joinPerSec: number;
  slowFraction: number;
  ceiling: boolean;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as BotsConfig;
const send = (m: FromBots): void => void process.send?.(m);

interface Bot {
  client: GameClient | null;
  ws: NetWebSocket | null;
  slow: boolean;
  bytes: number;
  messages: number;
  sentAt: Float64Array;
  measuredSeq: number;
  wanderAngle: number;
  wanderUntilTick: number;
  seq: number;
  rng: number;
  /** Entity id of the enemy aimed at (0: none). */
  target: number;
  /** Which tick of six this bot re-targets on. */
  phase: number;
}

const bots: Bot[] = [];
const latencies: number[] = [];
let measuring = false;
let tick = 0;
let visibleSum = 0;
let visibleSamples = 0;
const closes: Record<string, number> = {};

function rand(b: Bot): number {
  b.rng = (b.rng * 1664525 + 1013904223) >>> 0;
  return b.rng / 4294967296;
}

function makeBot(i: number): Bot {
  const slow = i % Math.max(1, Math.round(1 / Math.max(cfg.slowFraction, 1e-9))) === 0 && cfg.slowFraction > 0;
  return { client: null, ws: null, slow, bytes: 0, messages: 0, sentAt: new Float64Array(1024), measuredSeq: 0, wanderAngle: 0, wanderUntilTick: 0, seq: 0, rng: i * 7919 + 1, target: 0, phase: i % 6 };
}

async function connect(b: Bot, i: number): Promise<void> {
  if (cfg.ceiling) {
    const ws = new NetWebSocket(cfg.url);
    b.ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.onmessage = (ev) => {
      b.bytes += (ev.data as Uint8Array).byteLength;
      b.messages++;
    };
    ws.onclose = (ev) => (closes[ev.code] = (closes[ev.code] ?? 0) + 1);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = (e) => reject(e instanceof Error ? e : new Error('connection failed'));
    });
    ws.send(encode([MSG.Join, PROTOCOL_VERSION, `bot${i}`, cfg.mode]));
    return;
  }
  const client = new GameClient({ game: arena,
    url: cfg.url,
    name: `bot${i}`,
    mode: cfg.mode,
    binaryType: 'nodebuffer',
    socketFactory: (u) => {
      const ws = new NetWebSocket(u);
      b.ws = ws;
      return ws;
    },
  });
  b.client = client;
  client.on('state', (s) => {
    b.bytes += s.bytes;
    b.messages++;
    if (measuring && !b.slow) {
      const now = performance.now();
      for (let q = Math.max(b.measuredSeq + 1, s.ackSeq - 1023); q <= s.ackSeq; q++) latencies.push(now - b.sentAt[q & 1023]!);
    }
    b.measuredSeq = Math.max(b.measuredSeq, s.ackSeq);
  });
  client.on('close', (code) => (closes[code] = (closes[code] ?? 0) + 1));
  await client.connect();
}

/** Pick the nearest living enemy (every few ticks, as a player re-targets; the aim follows it every tick). */
function retarget(b: Bot, x: number, y: number): void {
  const c = b.client!;
  let best = Infinity;
  let visible = 0;
  b.target = 0;
  for (const [id, e] of c.view.entities) {
    if (e.kind !== KIND.Player || id === c.playerId || e.rec[ALIVE] !== true) continue;
    visible++;
    const dx = (e.rec[0] as number) - x;
    const dy = (e.rec[1] as number) - y;
    const d = dx * dx + dy * dy;
    if (d < best) {
      best = d;
      b.target = id;
    }
  }
  visibleSum += visible;
  visibleSamples++;
}

/** The input a player would send: wander, aim at the nearest enemy, fire when one is near. */
function drive(b: Bot): void {
  const c = b.client!;
  const me = c.view.entities.get(c.playerId);
  if (!me) return;
  const x = me.rec[0] as number;
  const y = me.rec[1] as number;
  if ((tick + b.phase) % 6 === 0 || b.target === 0) retarget(b, x, y);
  const t = b.target ? c.view.entities.get(b.target) : undefined;
  const alive = t !== undefined && t.rec[ALIVE] === true;
  const tx = alive ? (t.rec[0] as number) - x : 0;
  const ty = alive ? (t.rec[1] as number) - y : 0;
  const best = alive ? tx * tx + ty * ty : Infinity;
  if (tick >= b.wanderUntilTick) {
    b.wanderAngle = rand(b) * Math.PI * 2;
    b.wanderUntilTick = tick + 20 + Math.floor(rand(b) * 60);
  }
  const aim = (best < Infinity ? Math.atan2(ty, tx) : b.wanderAngle) + (rand(b) - 0.5) * 0.05;
  const fire = best < 7000 * 7000; // wire units: 700 world units
  const input = c.sendInput({ mx: Math.cos(b.wanderAngle), my: Math.sin(b.wanderAngle), aim, fire });
  b.sentAt[input.seq & 1023] = performance.now();
  c.maybePing();
}

function driveCeiling(b: Bot): void {
  if (b.ws?.readyState !== OPEN) return;
  b.seq++;
  b.ws.send(encode([MSG.Input, b.seq, Math.cos(b.seq), Math.sin(b.seq), (b.seq % 628) / 100, b.seq & 1, b.seq]));
}

// ---- one loop for all bots ------------------------------------------------------------------
// Players' clocks are not in phase with the server's ticks: each bot sends at its own point of
// the tick interval (one of SLOTS slots), so latency is measured over every phase, not one.
// A slot's inputs are all prepared, then all written (corked, then uncorked together): they reach
// the server as one burst at the slot's time whatever a bot's own work costs. Written as each
// is prepared, they would trickle in over as long as the bots take to prepare them: longer for
// bots that play (prediction, targeting) than for the ceiling's, which would hand the two
// servers different arrival patterns (docs/performance.md, the fifth session).
const SLOTS = 8;
const slotMs = 1000 / cfg.tickRate / SLOTS;
let due = performance.now() + slotMs;
let slot = 0;
function loop(): void {
  while (performance.now() >= due) {
    if (slot === 0) tick++;
    for (let i = slot; i < bots.length; i += SLOTS) bots[i]!.ws?.cork();
    for (let i = slot; i < bots.length; i += SLOTS) {
      const b = bots[i]!;
      if (cfg.ceiling) driveCeiling(b);
      else if (b.client?.welcome && b.client.isOpen) drive(b);
      if (b.slow && b.ws) {
        // Reads 300 ms of every 1.5 s.
        if (tick % 45 === 0) b.ws.pause();
        else if (tick % 45 === 36) b.ws.resume();
      }
    }
    for (let i = slot; i < bots.length; i += SLOTS) bots[i]!.ws?.uncork();
    slot = (slot + 1) % SLOTS;
    due += slotMs;
  }
  setTimeout(loop, Math.max(0, due - performance.now()));
}

const eld = monitorEventLoopDelay({ resolution: 10 });
let mark = { at: performance.now(), cpu: process.cpuUsage(), bytes: 0, slowBytes: 0, messages: 0 };
const sums = (): { bytes: number; slowBytes: number; messages: number } => {
  let bytes = 0;
  let slowBytes = 0;
  let messages = 0;
  for (const b of bots) {
    if (b.slow) slowBytes += b.bytes;
    else {
      bytes += b.bytes;
      messages += b.messages;
    }
  }
  return { bytes, slowBytes, messages };
};

process.on('message', (m: ToChild) => {
  if (m.cmd === 'mark') {
    latencies.length = 0;
    visibleSum = 0;
    visibleSamples = 0;
    measuring = true;
    eld.reset();
    eld.enable();
    mark = { at: performance.now(), cpu: process.cpuUsage(), ...sums() };
  } else if (m.cmd === 'report') {
    const wallMs = performance.now() - mark.at;
    const now = sums();
    const normal = bots.filter((b) => !b.slow).length;
    const slow = bots.length - normal;
    latencies.sort((a, b) => a - b);
    const report: BotReport = {
      bots: bots.length,
      connected: bots.filter((b) => b.ws?.readyState === OPEN).length,
      bytesPerClientPerSec: (now.bytes - mark.bytes) / normal / (wallMs / 1000),
      messagesPerClientPerSec: (now.messages - mark.messages) / normal / (wallMs / 1000),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencySamples: latencies.length,
      desyncs: bots.reduce((s, b) => s + (b.client?.stats.desyncs ?? 0), 0),
      slowBytesPerClientPerSec: slow > 0 ? (now.slowBytes - mark.slowBytes) / slow / (wallMs / 1000) : 0,
      avgVisiblePlayers: visibleSamples > 0 ? visibleSum / visibleSamples : 0,
      cpuPercentOfCore: cpuPercent(mark.cpu, process.cpuUsage(), wallMs),
      eventLoopP99Ms: eld.percentile(99) / 1e6,
      closes,
      windowSec: wallMs / 1000,
    };
    send({ type: 'report', report });
  } else if (m.cmd === 'stop') {
    for (const b of bots) {
      b.client?.leave();
      b.ws?.close();
    }
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0));

loop();
const pending: Promise<void>[] = [];
for (let i = 0; i < cfg.count; i++) {
  const b = makeBot(i);
  bots.push(b);
  pending.push(connect(b, i).catch((e: unknown) => send({ type: 'error', message: `bot${i}: ${(e as Error).message}` })));
  if ((i + 1) % Math.max(1, Math.round(cfg.joinPerSec / 20)) === 0) await new Promise((r) => setTimeout(r, 50));
}
await Promise.all(pending);
send({ type: 'connected', count: bots.filter((b) => b.ws?.readyState === OPEN).length });
