/**
 * The own seat entity's prediction, as the session uses it: one small interface over
 * shared/netcode/Predictor, built for the game of the session. A game without `predict` gets
 * none: its own entity is interpolated like the others.
 *
 * Transitional (until the Predictor is generic, issue 18): the Predictor still runs the arena's
 * rules, so it is used only for a game that declares no `predict` and whose Welcome carries a
 * `map` (the arena); other games are interpolated. When the generic Predictor lands, this file is
 * the one place that changes (`new Predictor({ game, info, playerId, tickRate })`).
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { Predictor, type PredictorStats, type Vec2 } from '../../shared/netcode/Predictor.ts';
import { fromRecord, type WireValue } from '../../shared/schema.ts';
import type { SentInput } from '../../shared/sdk/GameClient.ts';

export type { PredictorStats, Vec2 };

export interface OwnPredictor {
  readonly ready: boolean;
  readonly pendingCount: number;
  readonly stats: PredictorStats;
  /** The predicted position on the wire grid, without render smoothing. */
  readonly position: Vec2;
  applyInput(sent: SentInput): void;
  /** The server's record of the own seat entity and the last input it applied. */
  reconcile(ownRecord: readonly WireValue[], ackSeq: number): void;
  discardPending(): void;
  advanceFrame(dtSec: number): void;
  renderPosition(alpha: number): Vec2;
  /** Where to draw the own entity `fraction` of the way into the current tick with `input` held. */
  renderAhead(input: Readonly<Record<string, number | boolean>>, fraction: number): Vec2;
}

export function createOwnPredictor(game: AnyGame, info: unknown, playerId: number, tickRate: number): OwnPredictor | null {
  const map = typeof info === 'object' && info !== null ? (info as { map?: unknown }).map : undefined;
  if (game.predict !== undefined || typeof map !== 'object' || map === null) return null;
  const p = new Predictor({ map: map as ConstructorParameters<typeof Predictor>[0]['map'], playerId, tickRate });
  const schema = game.seat.schema;
  return {
    get ready() {
      return p.ready;
    },
    get pendingCount() {
      return p.pendingCount;
    },
    stats: p.stats,
    get position() {
      return p.position;
    },
    applyInput: (sent) => p.applyInput(sent),
    reconcile: (rec, ackSeq) => p.reconcile(fromRecord(schema, rec) as unknown as Parameters<Predictor['reconcile']>[0], ackSeq),
    discardPending: () => p.discardPending(),
    advanceFrame: (dtSec) => p.advanceFrame(dtSec),
    renderPosition: (alpha) => p.renderPosition(alpha),
    renderAhead: (input, fraction) => p.renderAhead({ mx: Number(input['mx'] ?? 0), my: Number(input['my'] ?? 0) }, fraction),
  };
}
