/**
 * What one worker's bots measured. Counters are cumulative; histograms are per interval and
 * reset by takeSample(), which the worker posts to the coordinator once a second.
 */
import { LogHistogram, type SerializedHistogram } from './LogHistogram.ts';

export const LATENCY_KEYS = ['rtt', 'ack', 'snapshotInterval', 'jitter', 'join', 'reconnect'] as const;
export type LatencyKey = (typeof LATENCY_KEYS)[number];

export interface Counters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  states: number;
  joinsOk: number;
  joinsFailed: number;
  desyncs: number;
  /** Connections the bots closed themselves (end of run, chaos). */
  closesExpected: number;
  /** Lost connections resumed as the same player (SDK reconnection), and resumptions that gave up. */
  reconnects: number;
  reconnectsFailed: number;
  /** Rooms lost for good (node killed or drained) after which the SDK matchmade the bot into a new room. */
  moves: number;
}

export interface WorkerSample {
  workerId: number;
  /** When the sample was taken and when the worker started its bots (epoch ms, comparable across threads). */
  atMs: number;
  startedAtMs: number;
  /** Bots this worker has started so far and bots holding a joined connection now. */
  botsStarted: number;
  botsConnected: number;
  counters: Counters;
  /** Unexpected closes by close code, and server Error messages by error code (cumulative). */
  closeCodes: Record<string, number>;
  serverErrors: Record<string, number>;
  serverErrorExamples: Record<string, string>;
  /** Connected bots per room id. */
  rooms: Record<string, number>;
  /** Failed joins by reason (timeout, api:RoomFull, close:4004...). */
  joinFailures: Record<string, number>;
  latency: Record<LatencyKey, SerializedHistogram>;
  /** This thread's event-loop utilisation over the interval (0–1) and its event-loop delay. */
  elu: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The room tick rate the bots send inputs at (from Welcome; 0 before any join). */
  tickRate: number;
  /** Joins done through the matchmaking API vs direct /ws. */
  joinsVia: { matchmaking: number; direct: number };
  final: boolean;
}

export function emptyCounters(): Counters {
  return { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, states: 0, joinsOk: 0, joinsFailed: 0, desyncs: 0, closesExpected: 0, reconnects: 0, reconnectsFailed: 0, moves: 0 };
}

export class WorkerMetrics {
  readonly counters = emptyCounters();
  readonly closeCodes = new Map<number, number>();
  readonly serverErrors = new Map<number, number>();
  /** The first message seen for each server error code (what the server said). */
  readonly serverErrorExamples = new Map<number, string>();
  readonly joinsVia = { matchmaking: 0, direct: 0 };
  readonly joinFailures = new Map<string, number>();
  private readonly latency = Object.fromEntries(LATENCY_KEYS.map((k) => [k, new LogHistogram()])) as Record<LatencyKey, LogHistogram>;

  record(key: LatencyKey, valueMs: number): void {
    this.latency[key].record(valueMs);
  }

  unexpectedClose(code: number): void {
    this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
  }

  joinFailed(reason: string): void {
    this.joinFailures.set(reason, (this.joinFailures.get(reason) ?? 0) + 1);
  }

  serverError(code: number, message: string): void {
    this.serverErrors.set(code, (this.serverErrors.get(code) ?? 0) + 1);
    if (!this.serverErrorExamples.has(code)) this.serverErrorExamples.set(code, message.slice(0, 200));
  }

  /** The interval's histograms (then reset) with the cumulative counters. */
  takeLatency(): Record<LatencyKey, SerializedHistogram> {
    const out = {} as Record<LatencyKey, SerializedHistogram>;
    for (const key of LATENCY_KEYS) {
      out[key] = this.latency[key].toJSON();
      this.latency[key].reset();
    }
    return out;
  }
}

export function mapToRecord(m: ReadonlyMap<number | string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of m) out[String(k)] = v;
  return out;
}
