/**
 * One fuzz run against a server on this machine: frames from a seeded FrameSource over many
 * connections until `frames` are sent or `maxSeconds` pass, the Watchdog watching all along,
 * then a settle period for memory to come back. The verdict fails on a crash (the server stopped
 * answering), a stall over the limit, RSS that stays more than `rssLimitMB` above the start, or
 * a message handler that threw on the server.
 */
import { FrameSource, type Frame } from './FrameSource.ts';
import { FuzzConnections, type ConnectionCounts } from './FuzzConnections.ts';
import { loopbackUrls } from './loopback.ts';
import { Watchdog, type WatchFigures } from './Watchdog.ts';

export interface FuzzOptions {
  url: string;
  frames: number;
  seed: number;
  connections: number;
  /** Frames per second per connection (the server allows 120). */
  perSec: number;
  maxSeconds: number;
  stallLimitMs: number;
  rssLimitMB: number;
  /** After the frames: how long RSS may take to come back. */
  settleSeconds: number;
}

export const FUZZ_DEFAULTS: Omit<FuzzOptions, 'url' | 'frames'> = {
  seed: 1,
  connections: 8,
  perSec: 100,
  maxSeconds: 600,
  stallLimitMs: 250,
  rssLimitMB: 64,
  settleSeconds: 10,
};

export const FUZZ_BOUNDS = { maxFrames: 10_000_000, maxConnections: 256, maxSeconds: 3600, maxPerSec: 1000 } as const;

export interface FuzzResult {
  framesSent: number;
  framesByKind: Record<string, number>;
  counts: ConnectionCounts;
  watch: WatchFigures;
  rssDeltaMB: number;
  elapsedSec: number;
  /** Why the run failed; empty: clean. */
  failures: string[];
}

export interface FuzzHooks {
  /** Once a second while frames go out. */
  onProgress?: (line: string) => void;
  /** Diagnostics (a stall: the frames sent just before it, as hex). */
  onNote?: (line: string) => void;
}

const RECENT = 64;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const hex = (b: Uint8Array): string => Buffer.from(b.subarray(0, 48)).toString('hex') + (b.length > 48 ? `… (${b.length} bytes)` : '');

export async function runFuzz(opts: FuzzOptions, hooks: FuzzHooks = {}): Promise<FuzzResult> {
  const urls = loopbackUrls(opts.url);
  const source = new FrameSource({ seed: opts.seed, hugeEvery: 997, leaveEvery: 251 });
  const byKind: Record<string, number> = {};
  const recent: { index: number; atMs: number; frame: Frame }[] = [];
  const t0 = performance.now();
  const deadline = t0 + opts.maxSeconds * 1000;
  let index = 0;
  const next = (): Frame | null => {
    if (index >= opts.frames || performance.now() > deadline) return null;
    const frame = source.next();
    byKind[frame.kind] = (byKind[frame.kind] ?? 0) + 1;
    recent[index++ % RECENT] = { index, atMs: performance.now(), frame };
    return frame;
  };

  const watchdog = new Watchdog(urls, opts.stallLimitMs);
  watchdog.onStall = (ms, what) => {
    const now = performance.now();
    const last = recent.filter((r) => r !== undefined && now - r.atMs < 1000 + ms).sort((a, b) => a.index - b.index);
    hooks.onNote?.(`stall of ${ms.toFixed(0)} ms (${what}); the frames sent in the second before it (seed ${opts.seed}):`);
    for (const r of last.slice(-24)) hooks.onNote?.(`  #${r.index} ${r.frame.kind}${r.frame.text ? ' (text)' : ''} ${hex(r.frame.bytes)}`);
  };
  await watchdog.start();
  const conns = new FuzzConnections(urls.wsUrl, opts.connections, opts.perSec, next);
  conns.start();
  while (index < opts.frames && performance.now() < deadline && !watchdog.figures.unreachable) {
    await sleep(1000);
    const w = watchdog.figures;
    hooks.onProgress?.(`${index} frames, ${conns.counts.opened} connections (${conns.openCount} open, ${conns.counts.refused} refused), worst stall ${w.worstStallMs.toFixed(0)} ms, RSS ${w.rssNowMB.toFixed(0)} MB`);
  }
  await conns.stop();
  // Memory may take a while to come back (rooms emptied, sockets freed, a collection).
  const settleEnd = performance.now() + opts.settleSeconds * 1000;
  await watchdog.scrape();
  while (performance.now() < settleEnd && !watchdog.figures.unreachable && watchdog.figures.rssNowMB - watchdog.figures.rssStartMB > opts.rssLimitMB) {
    await sleep(500);
    if (!(await watchdog.scrape())) break;
  }
  await watchdog.stop();
  const w = watchdog.figures;
  const rssDeltaMB = w.rssNowMB - w.rssStartMB;
  const failures: string[] = [];
  if (w.unreachable || !(await watchdog.scrape())) failures.push('crash: the server stopped answering');
  if (w.worstStallMs > opts.stallLimitMs) failures.push(`stall: ${w.worstStallMs.toFixed(0)} ms > ${opts.stallLimitMs} ms`);
  if (rssDeltaMB > opts.rssLimitMB) failures.push(`memory: RSS ${rssDeltaMB.toFixed(1)} MB above the start after ${opts.settleSeconds} s (limit ${opts.rssLimitMB} MB)`);
  if (w.messagesFailed > 0) failures.push(`server bug: ${w.messagesFailed} client messages whose handling threw (game_messages_failed_total)`);
  return { framesSent: conns.counts.framesSent, framesByKind: byKind, counts: conns.counts, watch: w, rssDeltaMB, elapsedSec: (performance.now() - t0) / 1000, failures };
}

/** The last line: frames sent, connections, worst stall, RSS delta, verdict. */
export function summaryLine(r: FuzzResult): string {
  const sign = r.rssDeltaMB >= 0 ? '+' : '';
  return `fuzz: ${r.framesSent} frames sent, ${r.counts.opened} connections, worst stall ${r.watch.worstStallMs.toFixed(0)} ms, RSS delta ${sign}${r.rssDeltaMB.toFixed(1)} MB: ${r.failures.length === 0 ? 'ok' : 'FAILED'}`;
}
