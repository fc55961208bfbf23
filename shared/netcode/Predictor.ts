/**
 * Client-side prediction of the own player, reconciled with the server.
 *
 * Every locally sampled input is applied at once with the shared `step` and kept as pending.
 * On each State the server's own-player record and ackSeq arrive: inputs up to ackSeq are
 * dropped, a local world is reset to the server's player and the remaining inputs are replayed.
 * `step` snaps positions to the wire grid, so in steady movement the replay lands exactly where
 * the local prediction already was; any residual error (a hit, a respawn, an input the server
 * dropped) is kept as a render offset that decays over a few frames, or snapped when large.
 *
 * Pure: no clock, no I/O. The caller passes frame time to `advanceFrame` and the tick fraction
 * to `renderPosition`.
 */
import type { GameMap } from '../../games/arena/shared/map.ts';
import { applyInput, step } from '../../games/arena/shared/step.ts';
import { createWorld, type Input, type Player, type World } from '../../games/arena/shared/world.ts';
import { normalizeInput } from './input.ts';

export interface PredictorOptions {
  map: GameMap;
  playerId: number;
  tickRate: number;
  /** A correction longer than this (world units) snaps instead of blending (respawn, teleport). */
  snapDistance?: number;
  /** Time constant of the exponential blend that hides small corrections. */
  smoothingSec?: number;
  /** At most this many unacknowledged inputs are kept (the oldest go first). */
  maxPending?: number;
}

/** The own player's server state, decoded from the wire record. */
export interface ServerPlayerState {
  x: number;
  y: number;
  aim: number;
  hp: number;
  alive: boolean;
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
  private readonly world: World;
  /** A second world for previews within a tick (renderAhead): never holds committed state. */
  private readonly scratch: World;
  private aheadOf: Vec2 | null = null;
  private lastAhead: Vec2 = { x: 0, y: 0 };
  private lastAheadMoving = false;
  private readonly dtSec: number;
  private readonly snapDistance: number;
  private readonly smoothingSec: number;
  private readonly maxPending: number;
  private readonly pending: Input[] = [];
  private initialized = false;
  private prev: Vec2 = { x: 0, y: 0 };
  private cur: Vec2 = { x: 0, y: 0 };
  private offset: Vec2 = { x: 0, y: 0 };

  constructor(private readonly opts: PredictorOptions) {
    this.world = createWorld(opts.map, 0);
    this.scratch = createWorld(opts.map, 0);
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

  /** The predicted player after every input applied so far (null before the first state). */
  get player(): Readonly<Player> | null {
    return this.initialized ? (this.world.players.get(this.opts.playerId) ?? null) : null;
  }

  /** The predicted position on the wire grid, without render smoothing. */
  get position(): Vec2 {
    return { x: this.cur.x, y: this.cur.y };
  }

  /** Apply an input the client just sent (one server tick of movement). */
  applyInput(input: Input): void {
    const inp = normalizeInput(input);
    this.pending.push(inp);
    if (this.pending.length > this.maxPending) this.pending.shift();
    this.stats.inputs++;
    if (!this.initialized) return;
    this.prev = this.cur;
    this.stepOne(inp);
    this.cur = this.readPosition();
  }

  /** Take the server's own-player state and the last input it applied; replay the rest. */
  reconcile(server: ServerPlayerState, ackSeq: number): void {
    this.stats.reconciles++;
    let drop = 0;
    while (drop < this.pending.length && this.pending[drop]!.seq <= ackSeq) drop++;
    if (drop > 0) this.pending.splice(0, drop);
    this.resetWorld(server);
    for (const inp of this.pending) this.stepOne(inp);
    const next = this.readPosition();
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
   * Where to draw the own player `fraction` of the way into the current tick while the player
   * holds `move`: the last predicted tick advanced by that fraction of a tick with the shared
   * rules (walls included), previewed in a scratch world and never committed (the next tick's
   * input commits a whole tick). A key pressed now moves the player on this very frame. Keys
   * released mid-tick do not jump the player back to the tick's position: the difference joins
   * the correction offset and slides away.
   */
  renderAhead(move: { mx: number; my: number }, fraction: number): Vec2 {
    const f = Math.min(1, Math.max(0, fraction));
    const p = this.player;
    const moving = move.mx !== 0 || move.my !== 0;
    let x = this.cur.x;
    let y = this.cur.y;
    if (p && p.alive && moving && f > 0) {
      const q = { ...p };
      this.scratch.players.clear();
      this.scratch.players.set(q.id, q);
      const inp = normalizeInput({ seq: 0, mx: move.mx, my: move.my, aim: p.aim, fire: false });
      applyInput(this.scratch, q, inp, this.dtSec * f);
      x = q.x;
      y = q.y;
    }
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

  private resetWorld(server: ServerPlayerState): void {
    const id = this.opts.playerId;
    this.world.players.clear();
    this.world.projectiles.clear();
    this.world.players.set(id, {
      id,
      born: 0,
      name: '',
      x: server.x,
      y: server.y,
      aim: server.aim,
      hp: server.hp,
      alive: server.alive,
      kills: 0,
      lastInput: 0,
      lastInputTick: 0,
      deaths: 0,
      // A respawn spot comes from the server's RNG: never predict one, wait for the server.
      respawnInSec: server.alive ? 0 : Infinity,
      fireCooldownSec: 0,
    });
  }

  private stepOne(inp: Input): void {
    step(this.world, new Map([[this.opts.playerId, [inp]]]), this.dtSec);
    this.world.projectiles.clear();
  }

  private readPosition(): Vec2 {
    const p = this.world.players.get(this.opts.playerId);
    return p ? { x: p.x, y: p.y } : { x: 0, y: 0 };
  }
}
