/**
 * A room's double on the recordings' writer thread (docs/replay.md, "Who makes the States"): a
 * room recorded from its first tick hands over only what its step consumed — seat operations,
 * inputs, events — and this re-simulation of it makes each tick's State and keyframes, the
 * encoding the room would have made for a client that sees everything, off the room's tick.
 * At each chunk's end the room's own state hash is the check: the two differ only when the game
 * is not deterministic (or the world changed outside its step), and then the recording stops
 * (reason 'diverged') and the room records its own States from then on.
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { RecordingHeader, SeatOp, TickInputs } from '../../shared/replay/format.ts';
import { Resimulation } from '../../shared/replay/Resimulation.ts';
import type { TickOut } from '../../shared/replay/tickCodec.ts';
import { RoomSync } from '../sync/RoomSync.ts';

const EMPTY = new Uint8Array(0);
const NO_EVENTS: readonly Uint8Array[] = [];

export class ShadowRoom {
  private readonly sim: Resimulation;
  private readonly sync: RoomSync;

  constructor(game: AnyGame, header: RecordingHeader) {
    this.sim = new Resimulation(game, header);
    this.sync = new RoomSync({ aoi: null, checksum: false, mode: 'delta', seat: game.seat, kinds: game.kinds });
  }

  /** The state hash of the last tick run. */
  get hash(): number {
    return this.sim.hash;
  }

  /** Run a tick from its ops and inputs: its State (against the tick before), its keyframe when asked, its hash. Throws on a divergence the re-simulation sees itself (Divergence) or a step that throws. */
  run(tick: number, ops: readonly SeatOp[], inputs: readonly TickInputs[], keyframe: boolean): TickOut {
    const prev = this.sim.snapshot;
    const hash = this.sim.run({ tick, hash: 0, ops, inputs, events: NO_EVENTS, state: EMPTY, keyframe: null });
    this.sync.beginTick(prev, this.sim.snapshot);
    // The State first: it is a copy, and the keyframe reuses the sync's writer.
    const state = this.sync.roomState();
    return { state, keyframe: keyframe ? this.sync.keyframe() : null, hash };
  }
}
