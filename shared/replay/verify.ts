/**
 * Verification of a recording (docs/replay.md), in three checks, each tick:
 *   1. the file: every frame's CRC, the ticks in order, the end frame (frames.ts, when read);
 *   2. the recorded states: applied one after another (and each keyframe on its own), they hash
 *      to the tick's recorded hash — what a viewer shows is what the server had;
 *   3. the re-simulation: the game's step, run on the recorded inputs from the header's seed,
 *      makes a state of that same hash — the match is reproduced bit for bit.
 * The first tick that fails is reported with the entities and fields that differ between the
 * recording and the re-simulation.
 */
import type { AnyGame, EntityKind } from '../game/GameDefinition.ts';
import type { WireValue } from '../schema.ts';
import type { ClientView } from '../sync/clientView.ts';
import { ClientView as View } from '../sync/clientView.ts';
import type { Snapshot } from '../sync/snapshot.ts';
import { RecordingError } from './bytes.ts';
import type { Problem, Recording } from './frames.ts';
import { Divergence, Resimulation } from './Resimulation.ts';
import { viewHash } from './stateHash.ts';
import { applyState, Timeline } from './Timeline.ts';

export interface FieldDiff {
  readonly field: string;
  readonly recorded: WireValue;
  readonly replayed: WireValue;
}

export interface EntityDiff {
  readonly id: number;
  readonly kind: string;
  /** 'recorded-only': in the recording, not in the re-simulation; 'replayed-only': the other way. */
  readonly what: 'recorded-only' | 'replayed-only' | 'fields' | 'kind';
  readonly fields: readonly FieldDiff[];
}

export interface Failure {
  readonly tick: number;
  /** 'file' (damage), 'state' (the recorded state does not match its hash: altered), 'diverged' (the re-simulation differs). */
  readonly kind: 'file' | 'state' | 'diverged';
  readonly message: string;
  readonly diffs: readonly EntityDiff[];
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Ticks that passed every check that ran. */
  readonly verified: number;
  /** Whether the re-simulation ran (it needs the room from its first tick). */
  readonly resimulated: boolean;
  /** Why it did not, when it did not. */
  readonly notResimulated: string | null;
  readonly failure: Failure | null;
  /** Non-fatal notes (a file never closed). */
  readonly notes: readonly string[];
}

export interface VerifyOptions {
  /** Re-simulate (default true). */
  resimulate?: boolean;
  /** The most entity diffs reported (default 20). */
  maxDiffs?: number;
}

/** Verify the parts of one recording, in order (part 1 first for a re-simulation). */
export function verifyRecording(parts: readonly Recording[], game: AnyGame, opts: VerifyOptions = {}): VerifyResult {
  const notes: string[] = [];
  let verified = 0;
  const first = parts[0];
  if (!first) throw new RecordingError('no recording');
  let notResimulated: string | null = null;
  if (opts.resimulate === false) notResimulated = 'not asked to';
  else if (first.header.game !== game.name) notResimulated = `the recording is of game ${first.header.game}`;
  else if (first.header.gameVersion !== game.version) notResimulated = `recorded under ${game.name} rules version ${first.header.gameVersion.slice(0, 20)}, these are version ${game.version}`;
  else if (first.header.part !== 1 || first.header.startTick !== 1) notResimulated = first.header.part !== 1 ? `this is part ${first.header.part}: re-simulation starts from part 1 (${first.header.previous?.file ?? 'unknown'})` : `the recording starts at tick ${first.header.startTick}, after the room began (an operator started it mid-match)`;
  const sim = notResimulated === null ? new Resimulation(game, first.header) : null;
  const fail = (tick: number, kind: Failure['kind'], message: string, diffs: readonly EntityDiff[] = []): VerifyResult => ({
    ok: false,
    verified,
    resimulated: sim !== null,
    notResimulated,
    failure: { tick, kind, message, diffs },
    notes,
  });
  let prevLast: { tick: number; hash: number } | null = null;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const h = part.header;
    if (p > 0) {
      if (h.recordingId !== first.header.recordingId || h.part !== parts[p - 1]!.header.part + 1) return fail(h.startTick, 'file', `part ${h.part} of ${h.recordingId.slice(0, 80)} does not follow part ${parts[p - 1]!.header.part}`);
      if (prevLast !== null && (h.previous?.lastTick !== prevLast.tick || h.previous.lastHash !== prevLast.hash || h.startTick !== prevLast.tick + 1)) return fail(h.startTick, 'file', `part ${h.part} does not continue where part ${h.part - 1} ended (tick ${prevLast.tick})`);
    }
    const timeline = new Timeline(part.ticks, game.kinds);
    const keyView = new View(game.kinds);
    for (const rec of part.ticks) {
      // 2. The recorded state against its hash.
      try {
        timeline.advance();
        if (rec.keyframe !== null && rec.tick !== timeline.firstTick) {
          applyState(keyView, rec.keyframe, rec.tick);
          if (viewHash(keyView) !== rec.hash) return fail(rec.tick, 'state', `tick ${rec.tick}: the keyframe does not match the tick's hash (the recording was altered)`);
        }
      } catch (e) {
        if (!(e instanceof RecordingError)) throw e;
        return fail(rec.tick, 'state', e.message);
      }
      const recordedHash = viewHash(timeline.view);
      if (recordedHash !== rec.hash) return fail(rec.tick, 'state', `tick ${rec.tick}: the recorded state hashes to ${hex(recordedHash)}, the tick's hash is ${hex(rec.hash)} (the recording was altered)`);
      // 3. The re-simulation.
      if (sim !== null) {
        let hash: number;
        try {
          hash = sim.run(rec);
        } catch (e) {
          if (!(e instanceof Divergence)) return fail(rec.tick, 'diverged', `tick ${rec.tick}: the game's step threw on the recorded inputs: ${String((e as Error)?.message ?? e).slice(0, 200)}`);
          return fail(rec.tick, 'diverged', e.message, diffStates(timeline.view, sim.snapshot, game.kinds, opts.maxDiffs ?? 20));
        }
        if (hash !== rec.hash) {
          return fail(rec.tick, 'diverged', `tick ${rec.tick}: the re-simulated state hashes to ${hex(hash)}, the recording's to ${hex(rec.hash)}`, diffStates(timeline.view, sim.snapshot, game.kinds, opts.maxDiffs ?? 20));
        }
      }
      verified++;
    }
    const last = part.ticks[part.ticks.length - 1];
    prevLast = last ? { tick: last.tick, hash: last.hash } : prevLast;
    const fatal = part.problems.find((pr: Problem) => pr.fatal);
    if (fatal) return fail((last?.tick ?? h.startTick - 1) + 1, 'file', fatal.message);
    for (const pr of part.problems) notes.push(`part ${h.part}: ${pr.message}`);
    if (part.end !== null && part.end.lastHash !== (last?.hash ?? part.end.lastHash)) return fail(last!.tick, 'file', `the end frame's last hash is not the last tick's (the recording was altered)`);
  }
  return { ok: true, verified, resimulated: sim !== null, notResimulated, failure: null, notes };
}

/** The entities and fields in which the recorded view and the re-simulated snapshot differ. */
export function diffStates(recorded: ClientView, replayed: Snapshot, kinds: readonly EntityKind[], max: number): EntityDiff[] {
  const out: EntityDiff[] = [];
  const kindName = (code: number): string => kinds[code - 1]?.schema.name ?? `kind ${code}`;
  const ids = new Set<number>([...recorded.entities.keys(), ...replayed.ids]);
  for (const id of [...ids].sort((a, b) => a - b)) {
    if (out.length >= max) break;
    const r = recorded.entities.get(id);
    const s = replayed.byId[id];
    if (r && !s) out.push({ id, kind: kindName(r.kind), what: 'recorded-only', fields: [] });
    else if (!r && s) out.push({ id, kind: kindName(s.kind), what: 'replayed-only', fields: [] });
    else if (r && s) {
      if (r.kind !== s.kind) {
        out.push({ id, kind: `${kindName(r.kind)} / ${kindName(s.kind)}`, what: 'kind', fields: [] });
        continue;
      }
      const schema = kinds[r.kind - 1]?.schema;
      const fields: FieldDiff[] = [];
      // In the simulation's units (a fixed-point position in world units, an angle in radians).
      const value = (i: number, w: WireValue | undefined): WireValue => (w === undefined ? '(none)' : (schema?.list[i]?.dequantize(w) ?? w));
      for (let i = 0; i < Math.max(r.rec.length, s.rec.length); i++) {
        if (r.rec[i] !== s.rec[i]) fields.push({ field: schema?.keys[i] ?? `#${i}`, recorded: value(i, r.rec[i]), replayed: value(i, s.rec[i]) });
      }
      if (fields.length > 0) out.push({ id, kind: kindName(r.kind), what: 'fields', fields });
    }
  }
  return out;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
