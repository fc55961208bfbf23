/** Messages between the benchmark's orchestrator and its server and bot processes (Node IPC). */

export interface ServerReport {
  cpuPercentOfCore: number;
  rssMb: number;
  maxRssMb: number;
  bytesOut: number;
  messagesOut: number;
  clients: number;
  rooms: number;
  /** Live projectiles in all rooms when the report was taken. */
  projectiles: number;
  tickP50Ms: number;
  tickP99Ms: number;
  statesSkipped: number;
  catchUps: number;
  slowReaderCloses: number;
  windowSec: number;
  /** Of the CPU above, time in garbage collection (% of a core); absent for the ceiling. */
  gcPercentOfCore?: number;
}

export interface BotReport {
  bots: number;
  connected: number;
  /** Per normal (not slow) client, per second, over the window. */
  bytesPerClientPerSec: number;
  messagesPerClientPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencySamples: number;
  desyncs: number;
  slowBytesPerClientPerSec: number;
  avgVisiblePlayers: number;
  cpuPercentOfCore: number;
  eventLoopP99Ms: number;
  closes: Record<string, number>;
  windowSec: number;
}

export type ToChild = { cmd: 'mark' } | { cmd: 'report' } | { cmd: 'stop' };
export type FromServer = { type: 'ready'; port: number } | { type: 'report'; report: ServerReport };
export type FromBots = { type: 'connected'; count: number } | { type: 'report'; report: BotReport } | { type: 'error'; message: string };

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** CPU time (user + system) as a percentage of one core over a wall-clock window. */
export function cpuPercent(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage, wallMs: number): number {
  return ((to.user - from.user + (to.system - from.system)) / 1000 / wallMs) * 100;
}
