/**
 * Prometheus metrics (prom-client, one registry per server, no global state). Everything is
 * read at scrape time from ServerStats, the sessions and the rooms, so the tick loop does no
 * metrics work; the one exception is the tick-duration histogram, observed through
 * ServerStats.onTickMeasured after each tick. docs/operations.md lists every metric.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ERR } from '../../shared/protocol.ts';
import type { GameServer } from '../GameServer.ts';
import type { Room } from '../rooms/Room.ts';
import { closeCodeName } from './logHooks.ts';

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** The exposition text. */
  text(): Promise<string>;
  /** Detach from the server's tick hook. */
  close(): void;
}

type LoopField = 'ticks' | 'lateTicks' | 'skippedTicks' | 'catchUpTicks';
const LOOP_FIELDS: readonly LoopField[] = ['ticks', 'lateTicks', 'skippedTicks', 'catchUpTicks'];

/** Tick-loop counters summed per room type, keeping the counts of disposed rooms so they never go down. */
class LoopTotals {
  private readonly retired = new Map<string, Record<LoopField, number>>();
  private readonly known = new Set<Room>();

  constructor(private readonly rooms: () => Iterable<Room>) {}

  read(field: LoopField): Map<string, number> {
    const live = new Set(this.rooms());
    for (const room of this.known) {
      if (live.has(room)) continue;
      const acc = this.retiredOf(room.opts.type);
      for (const f of LOOP_FIELDS) acc[f] += room.loop.stats[f];
      this.known.delete(room);
    }
    const out = new Map<string, number>();
    for (const [type, acc] of this.retired) out.set(type, acc[field]);
    for (const room of live) {
      this.known.add(room);
      out.set(room.opts.type, (out.get(room.opts.type) ?? 0) + room.loop.stats[field]);
    }
    return out;
  }

  private retiredOf(type: string): Record<LoopField, number> {
    let acc = this.retired.get(type);
    if (!acc) this.retired.set(type, (acc = { ticks: 0, lateTicks: 0, skippedTicks: 0, catchUpTicks: 0 }));
    return acc;
  }
}

export function createMetrics(server: GameServer): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const { stats } = server;
  const rooms = (): Iterable<Room> => server.rooms.rooms.values();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const total = (name: string, help: string, read: () => number): void => {
    const c: Counter = new Counter({ name, help, registers, collect: () => { c.reset(); c.inc(read()); } });
  };
  const totalBy = (name: string, help: string, label: string, read: () => Iterable<[string, number]>): void => {
    const c: Counter<string> = new Counter({
      name, help, registers, labelNames: [label],
      collect: () => {
        c.reset();
        for (const [value, n] of read()) c.inc({ [label]: value }, n);
      },
    });
  };

  const connections: Gauge = new Gauge({ name: 'game_connections', help: 'Open WebSocket connections (joined or not)', registers, collect: () => connections.set(server.sessions.size) });
  const players: Gauge = new Gauge({
    name: 'game_players', help: 'Players seated in rooms', registers,
    collect: () => {
      let n = 0;
      for (const room of rooms()) n += room.playerCount;
      players.set(n);
    },
  });
  const seenTypes = new Set<string>();
  const roomsByType: Gauge<string> = new Gauge({
    name: 'game_rooms', help: 'Live rooms by room type', registers, labelNames: ['type'],
    collect: () => {
      const counts = new Map<string, number>([...seenTypes].map((t) => [t, 0]));
      for (const room of rooms()) counts.set(room.opts.type, (counts.get(room.opts.type) ?? 0) + 1);
      for (const [type, n] of counts) {
        seenTypes.add(type);
        roomsByType.set({ type }, n);
      }
    },
  });
  const draining: Gauge = new Gauge({ name: 'game_draining', help: '1 while the server shuts down and refuses joins', registers, collect: () => draining.set(server.draining ? 1 : 0) });
  const rec = server.recordings.stats;
  total('game_recordings_started_total', 'Room recordings started (docs/replay.md)', () => rec.recordingsStarted);
  total('game_recordings_failed_total', 'Room recordings that stopped by themselves: the disk fell behind or a write failed', () => rec.recordingsFailed);
  total('game_recording_files_deleted_total', 'Recording files deleted to keep the directory under --record-keep-mb', () => rec.recordingFilesDeleted);
  total('game_recordings_diverged_total', "Recorded rooms that differed from their re-simulation (a game that is not deterministic): recorded with the room's own states from then on", () => rec.recordingsDiverged);
  const recording: Gauge = new Gauge({
    name: 'game_rooms_recording',
    help: 'Rooms being recorded now',
    registers,
    collect: () => recording.set(server.recordings.recordingRooms),
  });

  const cluster = server.cluster;
  if (cluster !== null) {
    const up: Gauge = new Gauge({ name: 'game_cluster_redis_up', help: '1 while the link to the Redis of the cluster is up', registers, collect: () => up.set(cluster.available ? 1 : 0) });
    const age: Gauge = new Gauge({
      name: 'game_cluster_heartbeat_age_seconds', help: 'Time since the last heartbeat Redis accepted (the node is dropped from the registry past its TTL)', registers,
      collect: () => age.set(cluster.lastHeartbeatOkMs === 0 ? -1 : (Date.now() - cluster.lastHeartbeatOkMs) / 1000),
    });
    totalBy('game_cluster_heartbeats_total', 'Heartbeats to the registry, by result (ok, failed)', 'result', () => [['ok', cluster.heartbeatsOk], ['failed', cluster.heartbeatsFailed]]);
  }

  const tickDuration = new Histogram({
    name: 'game_tick_duration_seconds', help: 'Time to run one room tick (inputs, step, snapshot, sends)', registers, labelNames: ['room_type'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.033, 0.066, 0.1, 0.25],
  });
  stats.onTickMeasured = (roomType, durationMs) => tickDuration.observe({ room_type: roomType }, durationMs / 1000);

  const loops = new LoopTotals(rooms);
  totalBy('game_ticks_total', 'Room ticks run', 'room_type', () => loops.read('ticks'));
  totalBy('game_ticks_late_total', 'Ticks that ran more than one interval after they were due', 'room_type', () => loops.read('lateTicks'));
  totalBy('game_ticks_catch_up_total', 'Ticks run back to back to catch up after a stall', 'room_type', () => loops.read('catchUpTicks'));
  totalBy('game_ticks_skipped_total', 'Ticks skipped because a stall exceeded the catch-up bound', 'room_type', () => loops.read('skippedTicks'));

  total('game_bytes_in_total', 'WebSocket payload bytes received', () => stats.bytesIn);
  total('game_bytes_out_total', 'WebSocket payload bytes sent', () => stats.bytesOut);
  total('game_messages_in_total', 'WebSocket messages received', () => stats.messagesIn);
  total('game_messages_out_total', 'WebSocket messages sent', () => stats.messagesOut);
  total('game_states_skipped_backpressure_total', 'State updates not sent because the client send buffer was over the soft limit', () => stats.statesSkippedBackpressure);
  total('game_states_dropped_total', 'State updates the transport dropped', () => stats.statesDropped);
  total('game_states_published_total', 'State updates fanned out by one native publish per room (counted per client)', () => stats.statesPublished);
  total('game_messages_failed_total', 'Client messages whose handling threw (a server bug; logged)', () => stats.messagesFailed);
  total('game_catch_up_states_total', 'State updates built against an older baseline (client behind)', () => stats.catchUpStates);
  total('game_connections_opened_total', 'WebSocket connections opened', () => stats.connectionsOpened);
  total('game_rooms_created_total', 'Rooms created', () => stats.roomsCreated);
  total('game_rooms_disposed_total', 'Rooms disposed', () => stats.roomsDisposed);
  totalBy('game_rejected_messages_total', 'Client messages rejected, by reason (protocol ERR name)', 'reason', () =>
    Object.entries(ERR).map(([name, code]): [string, number] => [name, stats.rejected.get(code) ?? 0]),
  );
  total('game_rooms_reclaimed_total', 'Rooms nobody had joined, disposed at the room limit to make room for a new one', () => stats.roomsReclaimed);
  totalBy('game_upgrades_refused_total', 'WebSocket upgrades refused before upgrading, by reason (origin: 403, connections_per_address: 429)', 'reason', () => server.gate.refused);
  totalBy('game_matchmake_refused_total', 'POST /api/matchmake calls refused, by protocol ERR name (RateLimited, TooManyPending, MaxRooms, …)', 'reason', () =>
    Object.entries(ERR).map(([name, code]): [string, number] => [name, stats.matchmakeRefused.get(code) ?? 0]),
  );
  totalBy('game_connections_closed_total', 'WebSocket connections closed, by close code name', 'code', () =>
    [...stats.closedByCode].map(([code, n]): [string, number] => [closeCodeName(code), n]),
  );

  return {
    registry,
    contentType: registry.contentType,
    text: () => registry.metrics(),
    close: () => {
      stats.onTickMeasured = null;
    },
  };
}
