/** /metrics, /healthz and /readyz of the real server (in process, ephemeral port), with players playing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameClient } from '../../shared/sdk/GameClient.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import { client, until } from '../helpers/net.ts';
import { parsePrometheus, sampleValue, startOps, type Family } from './opsHelpers.ts';

let ops: OpsServer;
let httpUrl: string;
let wsUrl: string;

beforeAll(async () => {
  ({ ops, httpUrl, wsUrl } = await startOps({ game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null, reconnectGraceMs: 0 } }));
});
afterAll(async () => {
  await ops.shutdown('test over');
});

async function scrape(): Promise<Map<string, Family>> {
  const res = await fetch(`${httpUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

const DOCUMENTED: Record<string, string> = {
  game_connections: 'gauge',
  game_players: 'gauge',
  game_rooms: 'gauge',
  game_draining: 'gauge',
  game_tick_duration_seconds: 'histogram',
  game_ticks_total: 'counter',
  game_ticks_late_total: 'counter',
  game_ticks_catch_up_total: 'counter',
  game_ticks_skipped_total: 'counter',
  game_bytes_in_total: 'counter',
  game_bytes_out_total: 'counter',
  game_messages_in_total: 'counter',
  game_messages_out_total: 'counter',
  game_states_skipped_backpressure_total: 'counter',
  game_states_dropped_total: 'counter',
  game_rejected_messages_total: 'counter',
  game_connections_opened_total: 'counter',
  game_connections_closed_total: 'counter',
  game_rooms_created_total: 'counter',
  game_rooms_disposed_total: 'counter',
  game_rooms_reclaimed_total: 'counter',
  game_upgrades_refused_total: 'counter',
  game_matchmake_refused_total: 'counter',
  process_cpu_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
};

describe('operations endpoints', () => {
  it('probes answer', async () => {
    const health = await fetch(`${httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    // Admin is off without a token: 404, not the client's index.html.
    expect((await fetch(`${httpUrl}/admin`)).status).toBe(404);
    expect((await fetch(`${httpUrl}/admin/api/state`)).status).toBe(404);
  });

  it('/metrics parses as Prometheus text, and its gauges and counters follow the players', async () => {
    const before = await scrape();
    for (const [name, type] of Object.entries(DOCUMENTED)) expect(before.get(name)?.type, name).toBe(type);
    expect(sampleValue(before, 'game_players')).toBe(0);

    const players: GameClient[] = ['m1', 'm2', 'm3'].map((n) => client(wsUrl, n));
    await Promise.all(players.map((c) => c.connect()));
    const play = setInterval(() => players.forEach((c) => c.isOpen && c.sendInput({ mx: 0.5, my: -0.5, aim: 1, fire: true })), 33);
    try {
      await until(() => players.every((c) => c.stats.states >= 10), 5000, 'states');
      players[0]!.sendRaw(new Uint8Array([0xc1])); // never valid msgpack
      await until(() => ops.server.stats.rejectedTotal() >= 1, 2000, 'the rejection');
      const during = await scrape();
      expect(sampleValue(during, 'game_connections')).toBe(3);
      expect(sampleValue(during, 'game_players')).toBe(3);
      expect(sampleValue(during, 'game_rooms', { type: 'arena' })).toBe(1);
      expect(sampleValue(during, 'game_rejected_messages_total', { reason: 'Malformed' })).toBe(1);
      expect(sampleValue(during, 'game_rejected_messages_total', { reason: 'BadField' })).toBe(0);
      for (const counter of ['game_bytes_in_total', 'game_bytes_out_total', 'game_messages_in_total', 'game_messages_out_total', 'game_connections_opened_total']) {
        expect(sampleValue(during, counter), counter).toBeGreaterThan(sampleValue(before, counter)!);
      }
      const ticks = sampleValue(during, 'game_ticks_total', { room_type: 'arena' })!;
      expect(ticks).toBeGreaterThanOrEqual(10);

      // The histogram: cumulative buckets ending in +Inf = count, and a count that follows the ticks.
      const buckets = during.get('game_tick_duration_seconds')!.samples.get('game_tick_duration_seconds_bucket')!.filter((s) => s.labels.room_type === 'arena');
      expect(buckets.length).toBeGreaterThan(5);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      const count = sampleValue(during, 'game_tick_duration_seconds_count', { room_type: 'arena' })!;
      expect(buckets.at(-1)).toEqual({ labels: { room_type: 'arena', le: '+Inf' }, value: count });
      expect(count).toBeGreaterThanOrEqual(10);
      expect(sampleValue(during, 'game_tick_duration_seconds_sum', { room_type: 'arena' })).toBeGreaterThan(0);

      await until(() => players[0]!.stats.states >= 20, 3000, 'more states');
      const later = await scrape();
      expect(sampleValue(later, 'game_bytes_out_total')).toBeGreaterThan(sampleValue(during, 'game_bytes_out_total')!);
      expect(sampleValue(later, 'game_tick_duration_seconds_count', { room_type: 'arena' })).toBeGreaterThan(count);
    } finally {
      clearInterval(play);
      players.forEach((c) => c.leave());
    }

    // Everyone left: the room is disposed, but its tick counts stay in the counters.
    await until(() => ops.server.rooms.rooms.size === 0 && ops.server.sessions.size === 0, 5000, 'the room to be disposed');
    const after = await scrape();
    expect(sampleValue(after, 'game_players')).toBe(0);
    expect(sampleValue(after, 'game_connections')).toBe(0);
    expect(sampleValue(after, 'game_rooms', { type: 'arena' })).toBe(0);
    expect(sampleValue(after, 'game_rooms_disposed_total')).toBe(1);
    expect(sampleValue(after, 'game_connections_closed_total', { code: 'Normal' })).toBe(3);
    expect(sampleValue(after, 'game_ticks_total', { room_type: 'arena' })).toBeGreaterThanOrEqual(20);
  });
});
