/** Messages between the coordinator and its bot worker threads. */
import type { NetSimOptions } from '../../shared/netcode/DelayQueue.ts';
import type { BehaviorShare } from '../behaviors/index.ts';
import type { WorkerSample } from '../metrics/WorkerMetrics.ts';
import type { PlannedRoom } from '../SeatSource.ts';

export interface WorkerConfig {
  workerId: number;
  workerCount: number;
  baseUrl: string;
  mode: string;
  /** The game the mode belongs to (its name: the thread finds it through loadtest/games.ts). */
  game: string;
  behaviors: BehaviorShare[];
  /** Total bots across all workers; this worker runs the indices ≡ workerId (mod workerCount). */
  totalBots: number;
  /** Bots started per second across all workers (bot i starts at i / rampPerSec seconds). */
  rampPerSec: number;
  seed: number;
  /** The bots' WebSocket client (`--socket`). */
  socket: 'net' | 'ws';
  joinTimeoutMs: number;
  stopTimeoutMs: number;
  sampleIntervalMs: number;
  namePrefix: string;
  /** Rooms created up front for `--rooms N` (null: matchmaking fills rooms). */
  plannedRooms: PlannedRoom[] | null;
  /** Network simulator in every bot (null: off). */
  netSim: NetSimOptions | null;
}

/** start: begin the ramp now (sent once every worker is ready); stop: close every bot and report. */
export type ToWorker = { type: 'start' } | { type: 'stop' };
export type FromWorker = { type: 'ready' } | { type: 'sample'; sample: WorkerSample } | { type: 'fatal'; message: string };

/** The bot indices a worker runs and when each starts, relative to the run's start. */
export function botSchedule(cfg: Pick<WorkerConfig, 'workerId' | 'workerCount' | 'totalBots' | 'rampPerSec'>): { index: number; startAfterMs: number }[] {
  const out: { index: number; startAfterMs: number }[] = [];
  for (let i = cfg.workerId; i < cfg.totalBots; i += cfg.workerCount) out.push({ index: i, startAfterMs: (i / cfg.rampPerSec) * 1000 });
  return out;
}
