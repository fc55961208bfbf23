/** The shape of report.json: every figure of a run. */
import type { HistogramSummary, SerializedHistogram } from '../metrics/LogHistogram.ts';
import type { Counters, LatencyKey } from '../metrics/WorkerMetrics.ts';
import type { ServerPoint } from '../server/ServerMetricsScraper.ts';

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface TimelinePoint {
  tSec: number;
  /** Bots the ramp has started so far, and bots holding a joined connection. */
  botsStarted: number;
  botsConnected: number;
  rooms: number;
  /** Fewest and most bots in one room (how evenly the rooms are filled). */
  botsPerRoom: { min: number; max: number };
  snapshotsPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  messagesInPerSec: number;
  messagesOutPerSec: number;
  rtt: Percentiles;
  ack: Percentiles;
  jitter: Percentiles;
  snapshotInterval: Percentiles;
  /** Cumulative errors (join failures, unexpected closes, server errors, desyncs). */
  errors: number;
  /** The rooms' tick rate (inputs a bot sends per second). */
  tickRate: number;
  server: ServerPoint | null;
  generator: { cpuPercent: number; eluMax: number; loopDelayP99Ms: number };
}

export interface LatencyReport extends HistogramSummary {
  histogram: SerializedHistogram;
}

export interface ErrorReport {
  total: number;
  joinFailures: number;
  /** timeout, api:RoomFull (matchmaking refused), close:4004 (socket closed before Welcome)... */
  joinFailuresByReason: Record<string, number>;
  desyncs: number;
  /** Lost connections the SDK could not resume (token refused, grace period over, too many attempts). */
  reconnectsFailed: number;
  /** Closes the bots did not ask for, by WebSocket close code. */
  unexpectedCloses: Record<string, number>;
  /** Error messages from the server, by ERR name. */
  serverErrors: Record<string, number>;
  /** One message the server sent for each error name. */
  serverErrorExamples: Record<string, string>;
}

export interface AssertionResult {
  expression: string;
  metric: string;
  actual: number;
  passed: boolean;
  message: string;
}

export interface Report {
  tool: { name: string; node: string; platform: string; cpus: number; startedAt: string; finishedAt: string };
  options: { url: string; bots: number; rampPerSec: number; durationSec: number; mode: string; game: string; gameVersion: string; behavior: string; workers: number; rooms: number | null; seed: number; socket: string };
  elapsedSec: number;
  totals: Counters & { botsPeakConnected: number; roomsPeak: number };
  /** Mean bytes per connected bot per second, over the run. */
  perBot: { bytesInPerSec: number; bytesOutPerSec: number; snapshotsPerSec: number };
  latency: Record<LatencyKey, LatencyReport>;
  errors: ErrorReport;
  joins: { matchmaking: number; direct: number };
  server: { available: boolean; note: string; tickP50MsMax: number; tickP99MsMax: number; cpuPercentMax: number; memoryMBMax: number };
  generator: {
    workers: number;
    cpuPercentMean: number;
    cpuPercentMax: number;
    eluMax: number;
    loopDelayP99MsMax: number;
    bottleneck: boolean;
    /**
     * Bots driven at full rate per core of load-generator CPU, over the seconds when every bot was
     * connected. A bot counts in full only while it sends its inputs at the tick rate and takes
     * every snapshot: a starved generator that falls behind is not credited for bots it did not drive.
     */
    botsPerCore: number;
  };
  warnings: string[];
  assertions: AssertionResult[];
  timeline: TimelinePoint[];
}
