/**
 * Watches the server while the fuzzer (or the soak) runs: /healthz latency every 50 ms, the
 * server's own figures from /metrics every second (RSS, its event-loop delay since the last
 * scrape, ticks over the histogram's top bucket, message handlers that threw), and a joined
 * "watcher" client that measures the gaps between its States. Any of them seeing the process
 * stop answering for longer than a tick interval is a stall; no answer at all is a crash.
 * What this process measures itself (/healthz, the watcher) is net of its own stalls (SelfDelay).
 */
import WebSocket from 'ws';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { bucketsOf, parsePrometheusText, sumOf, type PromSample } from '../server/prometheusText.ts';
import type { ServerUrls } from './loopback.ts';
import { SelfDelay } from './SelfDelay.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { defaultGame } from '../games.ts';

export interface WatchFigures {
  /**
   * The worst of: /healthz latency, a watcher State gap beyond the tick interval, the server's
   * own event-loop delay (ms), each net of this process's own stalls at the time.
   */
  worstStallMs: number;
  worstHealthzMs: number;
  worstStateGapMs: number;
  /** The server's own worst event-loop delay, as it reported it (not net of anything). */
  worstLoopDelayMs: number;
  /** This process's own worst stall (a busy machine shows here too). */
  worstSelfDelayMs: number;
  /** Ticks that took longer than the histogram's top bucket (250 ms). */
  ticksOverTopBucket: number;
  /** Client messages whose handling threw on the server (game_messages_failed_total), since the start. */
  messagesFailed: number;
  rssStartMB: number;
  rssNowMB: number;
  /** The server stopped answering /healthz (crashed, or hung for seconds). */
  unreachable: boolean;
  healthzPolls: number;
}

const HEALTHZ_EVERY_MS = 50;
const METRICS_EVERY_MS = 1000;
const HEALTHZ_TIMEOUT_MS = 3000;
/** Consecutive failed /healthz polls that mean the server is gone. */
const FAILURES_FOR_CRASH = 3;
const TICK_BASE = 'game_tick_duration_seconds';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Watchdog {
  readonly figures: WatchFigures = {
    worstStallMs: 0, worstHealthzMs: 0, worstStateGapMs: 0, worstLoopDelayMs: 0, worstSelfDelayMs: 0, ticksOverTopBucket: 0,
    messagesFailed: 0, rssStartMB: NaN, rssNowMB: NaN, unreachable: false, healthzPolls: 0,
  };
  /** Called once when a stall over the limit is first seen (the runner prints the frames just sent). */
  onStall: ((ms: number, source: string) => void) | null = null;
  private running = false;
  private loops: Promise<void>[] = [];
  private watcher: GameClient | null = null;
  private lastStateMs = NaN;
  private tickMs = 1000 / 30;
  private failedStart = NaN;
  private topBucketStart = NaN;
  private stallReported = false;
  private lastScrapeMs = NaN;
  private readonly self = new SelfDelay();

  constructor(
    private readonly urls: ServerUrls,
    private readonly stallLimitMs: number,
    /** The game the watcher plays (its default room type): the registry's first unless told. */
    private readonly game: AnyGame = defaultGame(),
  ) {}

  /** One /metrics scrape for the starting RSS, then the loops and the watcher. Throws if the server does not answer. */
  async start(): Promise<void> {
    const first = await this.scrape();
    if (!first) throw new Error(`no answer from ${this.urls.httpUrl}/metrics`);
    this.figures.rssStartMB = this.figures.rssNowMB;
    this.running = true;
    this.self.start();
    this.loops = [this.healthzLoop(), this.metricsLoop()];
    this.connectWatcher();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.self.stop();
    this.watcher?.leave();
    this.watcher = null;
  }

  /** A fresh RSS reading (for the settle period); false when the server did not answer. */
  async scrape(): Promise<boolean> {
    let samples: PromSample[];
    try {
      const res = await fetch(`${this.urls.httpUrl}/metrics`, { signal: AbortSignal.timeout(HEALTHZ_TIMEOUT_MS) });
      if (res.status !== 200) return false;
      samples = parsePrometheusText(await res.text());
    } catch {
      return false;
    }
    const f = this.figures;
    const rss = sumOf(samples, 'process_resident_memory_bytes');
    if (Number.isFinite(rss)) f.rssNowMB = rss / 2 ** 20;
    const lag = sumOf(samples, 'nodejs_eventloop_lag_max_seconds') * 1000;
    const now = performance.now();
    if (Number.isFinite(lag) && this.running && !Number.isNaN(this.lastScrapeMs)) {
      // A starved machine delays both processes: what this one suffered too is not the server's.
      f.worstLoopDelayMs = Math.max(f.worstLoopDelayMs, lag);
      this.stall(lag - this.self.longestMs(this.lastScrapeMs, now), 'the server event-loop delay');
    }
    this.lastScrapeMs = now;
    const failed = sumOf(samples, 'game_messages_failed_total');
    if (Number.isFinite(failed)) {
      if (Number.isNaN(this.failedStart)) this.failedStart = failed;
      f.messagesFailed = failed - this.failedStart;
    }
    const buckets = bucketsOf(samples, TICK_BASE);
    if (buckets.length >= 2) {
      const over = buckets[buckets.length - 1]!.count - buckets[buckets.length - 2]!.count;
      if (Number.isNaN(this.topBucketStart)) this.topBucketStart = over;
      f.ticksOverTopBucket = over - this.topBucketStart;
      if (f.ticksOverTopBucket > 0) this.stall(buckets[buckets.length - 2]!.le * 1000, 'a tick over the histogram top bucket');
    }
    return true;
  }

  private stall(ms: number, source: string): void {
    const f = this.figures;
    if (ms <= f.worstStallMs) return;
    f.worstStallMs = ms;
    if (ms > this.stallLimitMs && !this.stallReported) {
      this.stallReported = true;
      this.onStall?.(ms, source);
    }
  }

  private async healthzLoop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await fetch(`${this.urls.httpUrl}/healthz`, { signal: AbortSignal.timeout(HEALTHZ_TIMEOUT_MS) });
        await res.arrayBuffer();
        ok = res.status === 200;
      } catch {
        ok = false;
      }
      const ms = performance.now() - t0;
      this.figures.healthzPolls++;
      if (ok) {
        failures = 0;
        const net = ms - this.ownStall(t0, t0 + ms);
        this.figures.worstHealthzMs = Math.max(this.figures.worstHealthzMs, net);
        this.stall(net, '/healthz latency');
      } else if (++failures >= FAILURES_FOR_CRASH) {
        this.figures.unreachable = true;
      }
      await sleep(Math.max(0, HEALTHZ_EVERY_MS - ms));
    }
  }

  private async metricsLoop(): Promise<void> {
    while (this.running) {
      await sleep(METRICS_EVERY_MS);
      if (this.running) await this.scrape();
    }
  }

  private ownStall(t0: number, t1: number): number {
    const ms = this.self.blockedMs(t0, t1);
    this.figures.worstSelfDelayMs = Math.max(this.figures.worstSelfDelayMs, ms);
    return ms;
  }

  /** A player in a room: States come every tick, so a longer gap is the process not running. */
  private connectWatcher(): void {
    if (!this.running) return;
    const socketFactory = (url: string): SocketLike => new WebSocket(url, { perMessageDeflate: false }) as unknown as SocketLike;
    const c = new GameClient({ game: this.game, url: this.urls.wsUrl, name: 'fuzz-watcher', socketFactory, binaryType: 'nodebuffer' });
    this.watcher = c;
    this.lastStateMs = NaN;
    c.on('state', (st) => {
      if (!Number.isNaN(this.lastStateMs)) {
        const excess = st.receivedAtMs - this.lastStateMs - this.tickMs - this.ownStall(this.lastStateMs, st.receivedAtMs);
        this.figures.worstStateGapMs = Math.max(this.figures.worstStateGapMs, excess);
        this.stall(excess, 'a gap between the watcher client States');
      }
      this.lastStateMs = st.receivedAtMs;
    });
    c.on('close', () => {
      if (this.watcher === c) setTimeout(() => this.connectWatcher(), 200);
    });
    c.connect().then(
      (w) => (this.tickMs = 1000 / w.tickRate),
      () => {}, // the close handler reconnects
    );
  }
}
