/** The JSON the admin page polls: totals, and the busiest rooms with their players. */
import { systemClock, type Clock } from '../../../shared/clock.ts';
import type { GameServer } from '../../GameServer.ts';
import type { Room } from '../../rooms/Room.ts';

/** Rooms listed at most (the busiest first); each costs a percentile over its tick window. */
export const MAX_ROOMS_LISTED = 50;

export interface AdminPlayer {
  id: number;
  name: string;
  connected: boolean;
  bufferedBytes: number;
  statesSkipped: number;
}

export interface AdminRoom {
  id: string;
  type: string;
  capacity: number;
  tickRate: number;
  tick: number;
  ageSec: number;
  /** p99 of the last ticks' durations, ms (null before the first tick). */
  tickP99Ms: number | null;
  lateTicks: number;
  skippedTicks: number;
  /** A recording of the room runs (docs/replay.md). */
  recording: boolean;
  players: AdminPlayer[];
}

export interface AdminState {
  /** Wall-clock ms when this was taken (the page derives rates from it). */
  atMs: number;
  uptimeSec: number;
  draining: boolean;
  connections: number;
  players: number;
  roomCount: number;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  statesSkippedBackpressure: number;
  rejected: Record<string, number>;
  /** The server can record rooms (--record or --recordings): the page offers to start and stop them. */
  recordingsEnabled: boolean;
  /** Highest tickP99Ms among the listed rooms. */
  worstTickP99Ms: number | null;
  rooms: AdminRoom[];
}

function roomInfo(room: Room, nowMs: number): AdminRoom {
  const p99 = room.loop.stats.durationMs.percentile(99);
  return {
    id: room.id,
    type: room.opts.type,
    capacity: room.opts.capacity,
    tickRate: room.opts.tickRate,
    tick: room.tick,
    ageSec: Math.round((nowMs - room.createdAtMs) / 1000),
    tickP99Ms: Number.isNaN(p99) ? null : Math.round(p99 * 1000) / 1000,
    lateTicks: room.loop.stats.lateTicks,
    skippedTicks: room.loop.stats.skippedTicks,
    recording: room.recording !== null,
    players: [...room.sessions.values()].map((s) => ({
      id: s.playerId,
      name: s.name,
      connected: !s.conn.closed,
      bufferedBytes: s.conn.bufferedAmount(),
      statesSkipped: s.statesSkipped,
    })),
  };
}

/** `clock` must be the server's (room ages are measured on it). */
export function adminState(server: GameServer, clock: Clock = systemClock): AdminState {
  const all = [...server.rooms.rooms.values()];
  const listed = all.sort((a, b) => b.playerCount - a.playerCount).slice(0, MAX_ROOMS_LISTED);
  const nowMs = clock.now();
  const rooms = listed.map((r) => roomInfo(r, nowMs));
  const p99s = rooms.map((r) => r.tickP99Ms).filter((v): v is number => v !== null);
  const { stats } = server;
  return {
    atMs: Date.now(),
    uptimeSec: Math.round(process.uptime()),
    draining: server.draining,
    connections: server.sessions.size,
    players: all.reduce((n, r) => n + r.playerCount, 0),
    roomCount: all.length,
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    messagesIn: stats.messagesIn,
    messagesOut: stats.messagesOut,
    statesSkippedBackpressure: stats.statesSkippedBackpressure,
    rejected: stats.rejectedByName(),
    recordingsEnabled: server.recordings.enabled,
    worstTickP99Ms: p99s.length > 0 ? Math.max(...p99s) : null,
    rooms,
  };
}
