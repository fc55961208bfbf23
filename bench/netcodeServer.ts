/**
 * The game server of the netcode benchmark, in its own process (so the bots' render loops do
 * not delay its ticks): argv[2] is a JSON partial GameServerConfig, plus maxInputBufferTicks
 * (the sessions' input buffer bound). Over IPC it reports
 * { type: 'ready', port }, then batches of hit events as [key, target] pairs, where key is
 * "<shooter>:<tick of the step that fired>", and { type: 'stopped' } after a { type: 'stop' }.
 */
import { createGameServer } from '../server/app.ts';
import { DEFAULT_CONFIG, type GameServerConfig } from '../server/GameServer.ts';
import type { GameEvent } from '../games/arena/shared/world.ts';

export type FromNetcodeServer = { type: 'ready'; port: number } | { type: 'hits'; hits: [string, number][] } | { type: 'stopped' };

const { maxInputBufferTicks, ...config } = JSON.parse(process.argv[2] ?? '{}') as Partial<GameServerConfig> & { maxInputBufferTicks?: number };
const send = (m: FromNetcodeServer): void => void process.send?.(m);
let hits: [string, number][] = [];

const server = createGameServer(
  { ...config, host: '127.0.0.1', staticDir: null, session: { ...DEFAULT_CONFIG.session, ...(maxInputBufferTicks !== undefined ? { maxInputBufferTicks } : {}) } },
  {
    onEvents: (_room, events) => {
      // A projectile born at tick b was fired by an input applied in the step that made tick b + 1.
      for (const e of events as readonly GameEvent[]) if (e.type === 'hit') hits.push([`${e.shooter}:${e.firedAtTick + 1}`, e.target]);
    },
  },
);

const flush = (): void => {
  if (hits.length === 0) return;
  send({ type: 'hits', hits });
  hits = [];
};
const timer = setInterval(flush, 200);

process.on('message', (m: unknown) => {
  if ((m as { type?: unknown }).type !== 'stop') return;
  clearInterval(timer);
  flush();
  void server.stop().then(() => {
    send({ type: 'stopped' });
    process.exit(0);
  });
});
process.on('disconnect', () => process.exit(0));

void server.start().then((port) => send({ type: 'ready', port }));
