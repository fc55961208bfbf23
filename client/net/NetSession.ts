/**
 * One game session's network state on the client: it turns each State of the GameClient into
 * decoded entities, feeds them to the Interpolator (remote entities, drawn behind by a delay
 * that adapts to jitter and the snapshot rate) and the own player's record to the Predictor
 * (reconciliation), and sends inputs with prediction and with the tick the player was shown
 * (lag compensation). The scene reads from it; nothing here touches Phaser or the DOM, so bots
 * (bench/netcode.ts) drive the same class.
 */
import type { Clock } from '../../shared/clock.ts';
import { KIND, PlayerSchema, ProjectileSchema, type PlayerView, type ProjectileView } from '../../games/arena/shared/kinds.ts';
import type { WelcomeInfo } from '../../shared/protocol.ts';
import { fromRecord } from '../../shared/schema.ts';
import type { GameClient, InputState, SentInput, StateInfo } from '../../shared/sdk/GameClient.ts';
import { RULES } from '../../games/arena/shared/world.ts';
import { Interpolator } from '../../shared/netcode/Interpolator.ts';
import { Predictor } from '../../shared/netcode/Predictor.ts';
import { sendShiftMs } from '../../shared/netcode/inputTiming.ts';

export type PlayerEntity = PlayerView & { id: number; kind: typeof KIND.Player };
export type ProjectileEntity = ProjectileView & { id: number; kind: typeof KIND.Projectile };
export type Entity = PlayerEntity | ProjectileEntity;

export interface NetSessionOptions {
  /** A fixed interpolation delay; absent: adaptive. */
  interpDelayMs?: number;
  /** Predict the own player (default true); off, it is drawn from the server state like everyone else. */
  predict?: boolean;
  /** Shift the input send timing after the server's input timing reports (default true). */
  alignInputs?: boolean;
}

export class NetSession {
  readonly predictor: Predictor;
  readonly interpolator: Interpolator<Entity>;
  readonly tickRate: number;
  readonly tickMs: number;
  /** The latest server state of every player (scoreboard, own hp). */
  players: PlayerEntity[] = [];
  own: PlayerEntity | null = null;
  /** The server's input timing reports summed since the session began: ticks, ticks that found no input of ours (late), inputs taken beyond one a tick. */
  readonly inputTimingTotals = { ticks: 0, late: 0, extra: 0 };
  private readonly deathAtMs = new Map<number, number>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    readonly client: GameClient,
    readonly welcome: WelcomeInfo,
    private readonly clock: Clock,
    opts: NetSessionOptions = {},
  ) {
    this.tickRate = welcome.tickRate > 0 ? welcome.tickRate : 30;
    this.tickMs = 1000 / this.tickRate;
    this.predictor = new Predictor({ game: client.game, info: welcome.info, playerId: welcome.playerId, tickRate: this.tickRate });
    this.interpolator = new Interpolator<Entity>({ tickRate: this.tickRate, ...(opts.interpDelayMs !== undefined ? { delayMs: opts.interpDelayMs } : {}) });
    this.predict = opts.predict ?? true;
    const align = opts.alignInputs ?? true;
    this.unsubscribe = [
      client.on('state', (info) => this.onState(info)),
      // Inputs in flight on the lost connection are gone (or already in the server state).
      client.on('reconnected', () => this.predictor.discardPending()),
      // Overwatch-style: move the send timing so inputs arrive mid-interval, not across a tick.
      client.on('inputTiming', (r) => {
        const t = this.inputTimingTotals;
        t.ticks += r.ticks;
        t.late += r.late;
        t.extra += r.extra;
        if (align) this.sendShift += sendShiftMs(r, this.tickMs);
      }),
    ];
    if (client.view.tick > 0) this.onState({ tick: client.view.tick, baseTick: 0, ackSeq: client.ackSeq, full: true, bytes: 0, receivedAtMs: clock.now() });
  }

  get playerId(): number {
    return this.welcome.playerId;
  }

  get roomId(): string {
    return this.welcome.roomId;
  }

  /**
   * Send one tick's input, with the tick remote entities are drawn at now, and predict it.
   * Nothing while the connection is stalled: inputs would only queue behind the stall, and
   * predicting them would walk the player far from where the server has it (the snap back
   * when traffic resumed was hundreds of units); the player stands until the server is heard.
   */
  sendInput(input: InputState): SentInput | null {
    if (!this.client.isOpen || this.client.stalled) return null;
    const viewTick = this.interpolator.renderTick(this.clock.now());
    const sent = this.client.sendInput(input, Number.isFinite(viewTick) ? viewTick : undefined);
    if (this.predict) this.predictor.applyInput(sent);
    return sent;
  }

  /** Remote entities (everything but the own player) as drawn at nowMs. */
  remote(nowMs: number): Map<number, Entity> {
    const out = this.interpolator.sample(nowMs);
    out.delete(this.playerId);
    return out;
  }

  /** True when the own player is predicted (else it is drawn from the latest server state). */
  readonly predict: boolean;
  private sendShift = 0;

  /** Milliseconds to add to the input accumulator (positive: send sooner); taken once. */
  takeSendShiftMs(): number {
    const v = this.sendShift;
    this.sendShift = 0;
    return v;
  }

  /** Seconds until a dead player respawns (estimated from when it was seen dying), or null. */
  respawnInSec(id: number, nowMs: number): number | null {
    const at = this.deathAtMs.get(id);
    if (at === undefined) return null;
    return Math.max(0, RULES.respawnDelaySec - (nowMs - at) / 1000);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }

  private onState(info: StateInfo): void {
    const entities = new Map<number, Entity>();
    const players: PlayerEntity[] = [];
    for (const [id, e] of this.client.view.entities) {
      if (e.kind === KIND.Player) {
        const p: PlayerEntity = { ...fromRecord(PlayerSchema, e.rec), id, kind: KIND.Player };
        players.push(p);
        entities.set(id, p);
        this.trackDeath(p, info.receivedAtMs);
      } else {
        entities.set(id, { ...fromRecord(ProjectileSchema, e.rec), id, kind: KIND.Projectile });
      }
    }
    for (const id of this.deathAtMs.keys()) if (!entities.has(id)) this.deathAtMs.delete(id);
    this.players = players;
    this.own = players.find((p) => p.id === this.playerId) ?? null;
    this.interpolator.push(info.tick, info.receivedAtMs, entities);
    if (this.own && this.predict) this.predictor.reconcile(this.own, info.ackSeq);
  }

  private trackDeath(p: PlayerEntity, nowMs: number): void {
    if (p.alive) this.deathAtMs.delete(p.id);
    else if (!this.deathAtMs.has(p.id)) this.deathAtMs.set(p.id, nowMs);
  }
}
