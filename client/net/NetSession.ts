/**
 * One game session's network state on the client, for any game: it turns each State of the
 * GameClient into decoded entities (with the game's kinds), feeds them to the Interpolator
 * (drawn behind by a delay that adapts to jitter and the snapshot rate) and the own seat
 * entity's record to the prediction (reconciliation, when the game predicts), and sends inputs
 * with prediction and with the tick the player was shown (lag compensation). A game's client
 * entry reads from it; nothing here touches Phaser or the DOM, so bots (bench/netcode.ts)
 * drive the same class. The states come from a StateSource: the live GameClient, or a
 * recording's states on the replay viewer's clock (client/replay), which sends no input.
 *
 * Positions (a kind's position fields) and an `aim` angle are interpolated; the other fields
 * show the value of the snapshot drawn. Kinds with no position (a match clock) go through the
 * same delay, so a score changes when the ball is seen crossing the line.
 */
import type { Clock } from '../../shared/clock.ts';
import type { AnyGame, EntityKind } from '../../shared/game/GameDefinition.ts';
import type { InputOf } from '../../shared/game/inputs.ts';
import type { WelcomeInfo } from '../../shared/protocol.ts';
import { fromRecord, type Infer, type WireValue } from '../../shared/schema.ts';
import type { GameClient, SentInput, StateInfo } from '../../shared/sdk/GameClient.ts';
import { Interpolator } from '../../shared/netcode/Interpolator.ts';
import { sendShiftMs } from '../../shared/netcode/inputTiming.ts';
import { Predictor } from '../../shared/netcode/Predictor.ts';
import type { StateSource } from './StateSource.ts';

/** An entity of a kind as decoded from the wire: its fields (types inferred from the schema), its id and kind code. */
export type Entity<K extends EntityKind = EntityKind> = Infer<K['schema']> & { readonly id: number; readonly kind: number };

/** What the interpolator holds: the decoded fields plus the position under x, y (0, 0 without one). */
type Drawn = Record<string, WireValue> & { id: number; kind: number; x: number; y: number; aim?: number };

export interface NetSessionOptions<G extends AnyGame> {
  /** The game the client plays, for the types (default: the GameClient's, which it must be). */
  game?: G;
  /** A fixed interpolation delay; absent: adaptive. */
  interpDelayMs?: number;
  /** Predict the own seat entity (default true, when the game predicts); off, it is drawn from the server state like everyone else. */
  predict?: boolean;
  /** Shift the input send timing after the server's input timing reports (default true). */
  alignInputs?: boolean;
}

/** A session as a game's view sees it: live, or a replay's (no connection, no inputs). */
export type ViewSession<G extends AnyGame = AnyGame> = NetSession<G, StateSource>;

export class NetSession<G extends AnyGame = AnyGame, S extends StateSource = GameClient> {
  readonly game: G;
  /** The own seat entity's prediction, or null (the game does not predict, or prediction is off). */
  readonly predictor: Predictor | null;
  readonly interpolator: Interpolator<Drawn>;
  readonly tickRate: number;
  readonly tickMs: number;
  /** The own seat entity's latest server state (null before the first state, or while it is out of the world). */
  own: Entity<G['seat']> | null = null;
  /** The server's input timing reports summed since the session began: ticks, ticks that found no input of ours (late), inputs taken beyond one a tick. */
  readonly inputTimingTotals = { ticks: 0, late: 0, extra: 0 };
  /** Tick of the latest State taken. */
  tick = 0;
  private byKind: Entity[][] = [];
  private readonly kinds: readonly EntityKind[];
  private readonly positions: ({ x: string; y: string } | null)[] = [];
  private readonly listeners: ((info: StateInfo) => void)[] = [];
  private readonly unsubscribe: (() => void)[];
  private sampledAtMs = NaN;
  private sampled = new Map<number, Drawn>();
  private sendShift = 0;

  constructor(
    readonly client: S,
    readonly welcome: WelcomeInfo,
    private readonly clock: Clock,
    opts: NetSessionOptions<G> = {},
  ) {
    this.game = (opts.game ?? client.game) as G;
    if (this.game !== client.game) throw new Error(`NetSession: the client plays "${client.game.name}", not "${this.game.name}"`);
    this.kinds = this.game.kinds;
    for (const k of this.kinds) this.positions[k.code] = k.position && { x: k.schema.keys[k.position.x]!, y: k.schema.keys[k.position.y]! };
    this.tickRate = welcome.tickRate > 0 ? welcome.tickRate : 30;
    this.tickMs = 1000 / this.tickRate;
    this.predictor = (opts.predict ?? true) && this.game.predict ? new Predictor({ game: this.game, info: welcome.info, playerId: welcome.playerId, tickRate: this.tickRate }) : null;
    this.interpolator = new Interpolator<Drawn>({ tickRate: this.tickRate, ...(opts.interpDelayMs !== undefined ? { delayMs: opts.interpDelayMs } : {}) });
    const align = opts.alignInputs ?? true;
    this.unsubscribe = [
      client.on('state', (info) => this.take(info)),
      // Inputs in flight on the lost connection are gone (or already in the server state).
      client.on('reconnected', () => this.predictor?.discardPending()),
      // Overwatch-style: move the send timing so inputs arrive mid-interval, not across a tick.
      client.on('inputTiming', (r) => {
        const t = this.inputTimingTotals;
        t.ticks += r.ticks;
        t.late += r.late;
        t.extra += r.extra;
        if (align) this.sendShift += sendShiftMs(r, this.tickMs);
      }),
    ];
    if (client.view.tick > 0) this.take({ tick: client.view.tick, baseTick: 0, ackSeq: client.ackSeq, full: true, bytes: 0, receivedAtMs: clock.now() });
  }

  get playerId(): number {
    return this.welcome.playerId;
  }

  get roomId(): string {
    return this.welcome.roomId;
  }

  /** True when the own seat entity is predicted (else it is drawn from the server states like the others). */
  get predict(): boolean {
    return this.predictor !== null;
  }

  /** Call `listener` after each State is taken in (a game's HUD counting deaths, say). Returns the unsubscribe. */
  onState(listener: (info: StateInfo) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Send one tick's input, with the tick remote entities are drawn at now, and predict it.
   * Nothing while the connection is stalled: inputs would only queue behind the stall, and
   * predicting them would walk the player far from where the server has it (the snap back
   * when traffic resumed was hundreds of units); the player stands until the server is heard.
   */
  sendInput(this: NetSession<G, GameClient>, input: InputOf<G['input']>): SentInput<InputOf<G['input']>> | null {
    if (!this.client.isOpen || this.client.stalled) return null;
    const viewTick = this.interpolator.renderTick(this.clock.now());
    const sent = this.client.sendInput(input, Number.isFinite(viewTick) ? viewTick : undefined);
    this.predictor?.applyInput(sent);
    return sent;
  }

  /** The latest server state of every entity of a kind (a scoreboard, the match). */
  latest<K extends EntityKind>(kind: K): readonly Entity<K>[] {
    return (this.byKind[kind.code] ?? []) as Entity<K>[];
  }

  /** The entities of a kind as drawn at nowMs (interpolated; the own seat entity included). */
  drawn<K extends EntityKind>(kind: K, nowMs: number): Entity<K>[] {
    const out: Entity<K>[] = [];
    for (const e of this.sample(nowMs).values()) if (e.kind === kind.code) out.push(e as unknown as Entity<K>);
    return out;
  }

  /** Every entity as drawn at nowMs, by id (one interpolation per frame time, shared by the callers of that frame). */
  sample(nowMs: number): ReadonlyMap<number, Entity> {
    if (nowMs !== this.sampledAtMs) {
      this.sampledAtMs = nowMs;
      this.sampled = this.interpolator.sample(nowMs);
      for (const e of this.sampled.values()) {
        const pos = this.positions[e.kind];
        if (pos && (pos.x !== 'x' || pos.y !== 'y')) {
          e[pos.x] = e.x;
          e[pos.y] = e.y;
        }
      }
    }
    return this.sampled as unknown as ReadonlyMap<number, Entity>;
  }

  /** Remote entities (everything but the own seat entity) as drawn at nowMs. */
  remote(nowMs: number): Map<number, Entity> {
    const out = new Map(this.sample(nowMs));
    out.delete(this.playerId);
    return out;
  }

  /** Milliseconds to add to the input accumulator (positive: send sooner); taken once. */
  takeSendShiftMs(): number {
    const v = this.sendShift;
    this.sendShift = 0;
    return v;
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.listeners.length = 0;
  }

  private take(info: StateInfo): void {
    const drawn = new Map<number, Drawn>();
    const byKind: Entity[][] = [];
    let ownState: Record<string, WireValue> | null = null;
    let own: Entity | null = null;
    for (const [id, e] of this.client.view.entities) {
      const kind = this.kinds[e.kind - 1];
      if (!kind) continue;
      const decoded = fromRecord(kind.schema, e.rec) as Record<string, WireValue>;
      const pos = this.positions[e.kind];
      const d = { ...decoded, id, kind: e.kind, x: pos ? (decoded[pos.x] as number) : 0, y: pos ? (decoded[pos.y] as number) : 0 } as Drawn;
      drawn.set(id, d);
      (byKind[e.kind] ??= []).push(d as unknown as Entity);
      if (id === this.playerId && kind === this.game.seat) {
        ownState = decoded;
        own = d as unknown as Entity;
      }
    }
    this.byKind = byKind;
    this.own = own as Entity<G['seat']> | null;
    this.tick = info.tick;
    this.interpolator.push(info.tick, info.receivedAtMs, drawn);
    this.sampledAtMs = NaN;
    if (ownState && this.predictor) this.predictor.reconcile(ownState, info.ackSeq);
    for (const l of [...this.listeners]) l(info);
  }
}
