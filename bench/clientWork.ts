/**
 * The client's own work per State, in process: msgpack decoding and ClientView.apply of the
 * States a 50-player room (scenario A) sends, recorded once and replayed. Bots spend most of
 * their CPU here (every bot decodes every State), so this is what bots per core depend on.
 *
 *   npm run bench:client-work [-- --players 50 --ticks 600]
 */
import { decode } from '../shared/codec.ts';
import { generateMap } from '../games/arena/shared/map.ts';
import { addPlayer, step } from '../games/arena/shared/step.ts';
import { createWorld, type Input } from '../games/arena/shared/world.ts';
import { ClientView } from '../shared/sync/clientView.ts';
import { EMPTY_SNAPSHOT, type Snapshot } from '../shared/sync/snapshot.ts';
import { arenaSnapshotter } from '../test/helpers/arenaSnapshot.ts';
import { RoomSync, type SyncTarget } from '../server/sync/RoomSync.ts';
import { numberFlag } from './args.ts';
import { arena } from '../games/arena/index.ts';

const buildSnapshot = arenaSnapshotter();

const PLAYERS = numberFlag('players', 50);
const TICKS = numberFlag('ticks', 600);

// Record the States one client of a busy room gets: everyone moves, aims every tick, and fires.
const world = createWorld(generateMap(1, { width: 2400, height: 2400 }), 1);
const ids = Array.from({ length: PLAYERS }, (_, i) => addPlayer(world, `p${i}`).id);
const sync = new RoomSync({ aoi: null, checksum: false, mode: 'delta', seat: arena.seat, kinds: arena.kinds });
const me: SyncTarget = { playerId: ids[0]!, baseline: EMPTY_SNAPSHOT, held: null, needsFull: true, viewX: 0, viewY: 0 };
let prev: Snapshot = EMPTY_SNAPSHOT;
const states: Uint8Array[] = [];
let seq = 0;
for (let tick = 1; tick <= TICKS; tick++) {
  const inputs = new Map<number, Input[]>(ids.map((id, i) => [id, [{ seq: ++seq, mx: Math.cos(i + tick / 30), my: Math.sin(i + tick / 30), aim: (tick * 0.05 + i) % 6.28, fire: tick % 10 === i % 10 }]]));
  step(world, inputs, 1 / 30);
  const next = buildSnapshot(world, prev, 1 / 30);
  sync.beginTick(prev, next);
  states.push(sync.encodeFor(me).slice());
  if (sync.lastWasShared) sync.commitShared(me);
  else sync.commit(me);
  prev = next;
}
const decoded = states.map((b) => decode(b) as unknown[]);
const applyAll = (msgs: readonly unknown[][]): ClientView => {
  const v = new ClientView(arena.kinds);
  for (const m of msgs) v.apply(m[1] as number, m[2] === 0 ? 0 : (m[1] as number) - (m[2] as number), m[3], m[4], m[5], m[6]);
  return v;
};
const time = (rounds: number, fn: () => void): number => {
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) fn();
  return ((performance.now() - t0) * 1000) / (rounds * states.length);
};
for (let w = 0; w < 5; w++) applyAll(decoded); // warm-up (JIT)
const ROUNDS = 20;
const decodeUs = time(ROUNDS, () => states.forEach((b) => decode(b)));
const applyUs = time(ROUNDS, () => applyAll(decoded));
const view = applyAll(decoded);
const bytes = states.reduce((s, b) => s + b.byteLength, 0) / states.length;
console.log(`client work per State (${PLAYERS} players, ${view.entities.size} entities in view at the end, ${bytes.toFixed(0)} bytes per State, Node ${process.version}):`);
console.log(`  msgpack decode       ${decodeUs.toFixed(2)} µs`);
console.log(`  ClientView.apply     ${applyUs.toFixed(2)} µs`);
console.log(`  total                ${(decodeUs + applyUs).toFixed(2)} µs per State (at 30 Hz: ${(((decodeUs + applyUs) * 30) / 1e4).toFixed(3)} % of a core per bot)`);
