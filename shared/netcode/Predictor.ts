/**
 * Client-side prediction of the own seat entity, reconciled with the server, for any game with
 * a `predict` (GameDefinition.predict).
 *
 * Every locally sampled input is applied at once with the game's `predict.apply` (the step's
 * rules for the own entity) and kept as pending. On each State the server's own-entity record
 * and ackSeq arrive: inputs up to ackSeq are dropped, the predicted entity is reset to the
 * server's and the remaining inputs are replayed. A game whose step snaps positions to the wire
 * grid lands exactly where the local prediction already was in steady movement; any residual
 * error (a hit, a respawn, an input the server dropped) is kept as a render offset that decays
 * over a few frames, or snapped when large.
 *
 * Pure: no clock, no I/O. The caller passes frame time to `advanceFrame` and the tick fraction
 * to `renderPosition`.
 */
import type { AnyGame, Prediction } from '../game/GameDefinition.ts';
import { normalizeInput, type InputValues } from '../game/inputPlan.ts';
import type { WireValue } from '../schema.ts';

type EntityState = Record<string, WireValue>;
type PredictedInput = InputValues & { seq: number; rewindTicks: number };

export interface PredictorOptions {
  /** The game (it must have `predict`) and its Welcome payload (the prediction's context). */
  game: AnyGame;
  info: unknown;
  playerId: number;
  tickRate: number;
  /** A correction longer than this (world units) snaps instead of blending (respawn, teleport). */
  snapDistance?: number;
  /** Time constant of the exponential blend that hides small corrections. */
  smoothingSec?: number;
  /** At most this many unacknowledged inputs are kept (the oldest go first). */
  maxPending?: number;
}

export interface PredictorStats {
  inputs: number;
  reconciles: number;
  /** Reconciles whose replay did not land on the previous prediction. */
  corrections: number;
  /** Corrections too large to blend. */
  snaps: number;
  /** Length of the last correction, in world units. */
  lastErrorUnits: number;
  /** Sum of the corrections' lengths (world units): with `corrections`, their mean size. */
  errorSumUnits: number;
}

export interface Vec2 {
  x: number;
  y: number;
}

const EPSILON = 1e-6;

export class Predictor {
  readonly stats: PredictorStats = { inputs: 0, reconciles: 0, corrections: 0, snaps: 0, lastErrorUnits: 0, errorSumUnits: 0 };
  /** The predicted own entity (its decoded record), after every input applied so far. */
  private readonly self: EntityState = {};
  /** A copy for previews within a tick (renderAhead): never holds committed state. */
  private readonly scratch: EntityState = {};
  private readonly predict: Prediction<InputValues, EntityState, unknown>;
  private readonly ctx: unknown;
  private readonly xKey: string;
  private readonly yKey: string;
  private aheadOf: Vec2 | null = null;
  private lastAhead: Vec2 = { x: 0, y: 0 };
  private lastAheadMoving = false;
  private readonly dtSec: number;
  private readonly snapDistance: number;
  private readonly smoothingSec: number;
  private readonly maxPending: number;
  private readonly pending: PredictedInput[] = [];
  private initialized = false;
  private prev: Vec2 = { x: 0, y: 0 };
  private cur: Vec2 = { x: 0, y: 0 };
  private offset: Vec2 = { x: 0, y: 0 };

  constructor(private readonly opts: PredictorOptions) {
    const { game } = opts;
    if (!game.predict) throw new Error(`game "${game.name}" predicts nothing (no predict)`);
    if (!game.seat.position) throw new Error(`game "${game.name}": a predicted seat kind needs a position`);
    this.predict = game.predict as Prediction<InputValues, EntityState, unknown>;
    this.ctx = this.predict.context(opts.info);
    this.xKey = game.seat.schema.keys[game.seat.position.x]!;
    this.yKey = game.seat.schema.keys[game.seat.position.y]!;
    this.dtSec = 1 / opts.tickRate;
    this.snapDistance = opts.snapDistance ?? 100;
    this.smoothingSec = opts.smoothingSec ?? 0.1;
    this.maxPending = opts.maxPending ?? 256;
  }

  /** True once a server state has been seen (before that there is nothing to predict from). */
  get ready(): boolean {
    return this.initialized;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** The predicted own entity's fields after every input applied so far (null before the first state). */
  get entity(): Readonly<EntityState> | null {
    return this.initialized ? this.self : null;
  }

  /** The predicted position, without render smoothing. */
  get position(): Vec2 {
    return { x: this.cur.x, y: this.cur.y };
  }

  /** Apply an input the client just sent (one server tick of it). */
  applyInput(input: Readonly<InputValues> & { seq: number }): void {
    const inp = normalizeInput(this.opts.game.input.plan, input);
    this.pending.push(inp);
    if (this.pending.length > this.maxPending) this.pending.shift();
    this.stats.inputs++;
    if (!this.initialized) return;
    this.prev = this.cur;
    this.predict.apply(this.self, inp, this.dtSec, this.ctx);
    this.cur = this.readPosition(this.self);
  }

  /** Take the server's own entity (its decoded record) and the last input it applied; replay the rest. */
  reconcile(server: Readonly<EntityState>, ackSeq: number): void {
    this.stats.reconciles++;
    let drop = 0;
    while (drop < this.pending.length && this.pending[drop]!.seq <= ackSeq) drop++;
    if (drop > 0) this.pending.splice(0, drop);
    Object.assign(this.self, server);
    for (const inp of this.pending) this.predict.apply(this.self, inp, this.dtSec, this.ctx);
    const next = this.readPosition(this.self);
    if (!this.initialized) {
      this.initialized = true;
      this.prev = next;
      this.cur = next;
      return;
    }
    const dx = next.x - this.cur.x;
    const dy = next.y - this.cur.y;
    const error = Math.hypot(dx, dy);
    this.cur = next;
    if (error <= EPSILON) return;
    this.stats.corrections++;
    this.stats.lastErrorUnits = error;
    this.stats.errorSumUnits += error;
    // Keep what is on screen where it was; the offset carries the difference and decays.
    this.prev = { x: this.prev.x + dx, y: this.prev.y + dy };
    this.offset = { x: this.offset.x - dx, y: this.offset.y - dy };
    if (Math.hypot(this.offset.x, this.offset.y) > this.snapDistance) {
      this.stats.snaps++;
      this.offset = { x: 0, y: 0 };
      this.prev = next;
    }
  }

  /**
   * Forget unacknowledged inputs (after a reconnect: those in flight on the old connection are
   * lost or already in the server state). The next reconcile starts from the server alone.
   */
  discardPending(): void {
    this.pending.length = 0;
  }

  /** Let the render offset decay by one frame of dtSec. */
  advanceFrame(dtSec: number): void {
    const k = Math.exp(-Math.max(0, dtSec) / this.smoothingSec);
    this.offset = { x: this.offset.x * k, y: this.offset.y * k };
    if (Math.abs(this.offset.x) < 0.01 && Math.abs(this.offset.y) < 0.01) this.offset = { x: 0, y: 0 };
  }

  /** Where to draw: between the last two predicted ticks (alpha in [0, 1]) plus the correction. */
  renderPosition(alpha: number): Vec2 {
    const a = Math.min(1, Math.max(0, alpha));
    return {
      x: this.prev.x + (this.cur.x - this.prev.x) * a + this.offset.x,
      y: this.prev.y + (this.cur.y - this.prev.y) * a + this.offset.y,
    };
  }

  /**
   * Where to draw the own entity `fraction` of the way into the current tick while the player
   * holds `input`: the last predicted tick advanced by that fraction of a tick with the game's
   * rules (walls included), previewed on a copy and never committed (the next tick's input
   * commits a whole tick). A key pressed now moves the entity on this very frame. Keys released
   * mid-tick do not jump it back to the tick's position: the difference joins the correction
   * offset and slides away.
   */
  renderAhead(input: Readonly<InputValues>, fraction: number): Vec2 {
    const f = Math.min(1, Math.max(0, fraction));
    let x = this.cur.x;
    let y = this.cur.y;
    if (this.initialized && f > 0) {
      Object.assign(this.scratch, this.self);
      this.predict.apply(this.scratch, normalizeInput(this.opts.game.input.plan, input), this.dtSec * f, this.ctx);
      const p = this.readPosition(this.scratch);
      x = p.x;
      y = p.y;
    }
    const moving = x !== this.cur.x || y !== this.cur.y;
    if (this.aheadOf === this.cur && this.lastAheadMoving && !moving) {
      this.offset = { x: this.offset.x + this.lastAhead.x - x, y: this.offset.y + this.lastAhead.y - y };
    }
    this.aheadOf = this.cur;
    this.lastAhead = { x, y };
    this.lastAheadMoving = moving;
    return { x: x + this.offset.x, y: y + this.offset.y };
  }

  /** The render offset still being blended away (world units). */
  get correctionOffset(): Vec2 {
    return { x: this.offset.x, y: this.offset.y };
  }

  private readPosition(e: EntityState): Vec2 {
    return { x: e[this.xKey] as number, y: e[this.yKey] as number };
  }
}
