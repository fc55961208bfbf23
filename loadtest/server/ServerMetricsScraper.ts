/**
 * Server-side figures from the server's Prometheus endpoint (`GET /metrics`), scraped once a
 * second: tick duration p50/p99 (over the interval, from histogram bucket deltas, or from a
 * summary's quantiles), CPU, memory, rooms, connections. A server without the endpoint (404,
 * refused) is noted once and the run goes on without server-side figures.
 */
import type { Clock } from '../../shared/clock.ts';
import { bucketsOf, histogramQuantile, parsePrometheusText, sumOf, type PromSample } from './prometheusText.ts';

export interface ServerPoint {
  tickP50Ms: number;
  tickP99Ms: number;
  /** Percent of one core (200 = two cores busy). */
  cpuPercent: number;
  memoryMB: number;
  rooms: number;
  connections: number;
}

export type HttpGet = (url: string, timeoutMs: number) => Promise<{ status: number; text: string }>;

export type ScrapeState = 'unknown' | 'available' | 'absent';

interface Previous {
  atMs: number;
  cpuSec: number;
  tickBuckets: { le: number; count: number }[];
}

export class ServerMetricsScraper {
  state: ScrapeState = 'unknown';
  note = '';
  private prev: Previous | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly get: HttpGet,
    private readonly clock: Clock,
    private readonly timeoutMs = 900,
  ) {}

  /** One scrape; null when the server has no usable endpoint (or this scrape failed). */
  async scrape(): Promise<ServerPoint | null> {
    if (this.state === 'absent') return null;
    let res: { status: number; text: string };
    try {
      res = await this.get(metricsUrl(this.baseUrl), this.timeoutMs);
    } catch (e) {
      if (this.state === 'unknown') this.absent(`server metrics unavailable (${(e as Error).message}); no server-side figures`);
      return null;
    }
    if (res.status === 404) {
      this.absent('the server has no /metrics endpoint (404); no server-side figures');
      return null;
    }
    if (res.status !== 200) {
      if (this.state === 'unknown') this.absent(`GET /metrics answered HTTP ${res.status}; no server-side figures`);
      return null;
    }
    this.state = 'available';
    return this.point(parsePrometheusText(res.text));
  }

  private absent(note: string): void {
    this.state = 'absent';
    this.note = note;
  }

  private point(samples: PromSample[]): ServerPoint {
    const now = this.clock.now();
    const cpuSec = sumOf(samples, 'process_cpu_seconds_total');
    const tick = tickDuration(samples);
    const prev = this.prev;
    this.prev = { atMs: now, cpuSec, tickBuckets: tick.buckets };
    let cpuPercent = NaN;
    let tickP50Ms = tick.p50Ms;
    let tickP99Ms = tick.p99Ms;
    if (prev) {
      const dtSec = (now - prev.atMs) / 1000;
      if (dtSec > 0 && Number.isFinite(cpuSec) && Number.isFinite(prev.cpuSec)) cpuPercent = ((cpuSec - prev.cpuSec) / dtSec) * 100;
      if (tick.buckets.length > 0 && prev.tickBuckets.length === tick.buckets.length) {
        const delta = tick.buckets.map((b, i) => ({ le: b.le, count: b.count - prev.tickBuckets[i]!.count }));
        tickP50Ms = histogramQuantile(0.5, delta) * tick.scaleToMs;
        tickP99Ms = histogramQuantile(0.99, delta) * tick.scaleToMs;
      }
    }
    return {
      tickP50Ms,
      tickP99Ms,
      cpuPercent,
      memoryMB: sumOf(samples, 'process_resident_memory_bytes') / (1024 * 1024),
      rooms: gauge(samples, /rooms?$|rooms_(active|open|current)$/),
      connections: gauge(samples, /(connections|clients|sessions)(_(active|open|current))?$/),
    };
  }
}

function metricsUrl(baseUrl: string): string {
  const u = new URL('/metrics', baseUrl);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  if (u.protocol === 'wss:') u.protocol = 'https:';
  return u.toString();
}

/** A gauge whose name matches (never a counter `_total`); summed over label sets. */
function gauge(samples: readonly PromSample[], pattern: RegExp): number {
  const name = samples.find((s) => pattern.test(s.name) && !s.name.endsWith('_total') && !/_(bucket|sum|count)$/.test(s.name))?.name;
  return name ? sumOf(samples, name) : NaN;
}

/** The server's tick-duration histogram (or summary), whatever its exact name. */
function tickDuration(samples: readonly PromSample[]): { buckets: { le: number; count: number }[]; scaleToMs: number; p50Ms: number; p99Ms: number } {
  const isTick = (n: string): boolean => /tick/.test(n) && /(duration|seconds|_ms)/.test(n);
  const bucketName = samples.find((s) => s.name.endsWith('_bucket') && isTick(s.name))?.name;
  if (bucketName) {
    const base = bucketName.slice(0, -'_bucket'.length);
    const scaleToMs = base.endsWith('_seconds') ? 1000 : 1;
    const buckets = bucketsOf(samples, base);
    return { buckets, scaleToMs, p50Ms: histogramQuantile(0.5, buckets) * scaleToMs, p99Ms: histogramQuantile(0.99, buckets) * scaleToMs };
  }
  const q = (v: string): number => {
    const s = samples.find((x) => isTick(x.name) && x.labels.quantile === v);
    if (!s) return NaN;
    return /_seconds/.test(s.name) ? s.value * 1000 : s.value;
  };
  return { buckets: [], scaleToMs: 1, p50Ms: q('0.5'), p99Ms: q('0.99') };
}
