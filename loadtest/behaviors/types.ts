/** What a bot behaviour is: a small brain that turns the bot's view of the world into inputs. */
import type { BotView } from '../../shared/game/GameDefinition.ts';
import type { InputState } from '../../shared/sdk/GameClient.ts';
import type { ClientView } from '../../shared/sync/clientView.ts';

/**
 * Reused by its bot from tick to tick: read it during the call, do not keep it. It is the
 * BotView the game's policies read (selfId, nowMs, entities, info), plus the bot's own figures.
 */
export interface BrainContext extends BotView {
  view: ClientView;
  selfId: number;
  nowMs: number;
  entities: ClientView['entities'];
  info: unknown;
  /** Milliseconds since this bot's current connection joined. */
  joinedForMs: number;
}

/** What the bot does with its connection: keep it, leave cleanly (Leave + close), or drop it (no close handshake). */
export type Lifecycle = 'stay' | 'leave' | 'drop';

export interface Brain {
  /** The input to send this tick (it may be an object the brain reuses: read it before the next call). */
  input(ctx: BrainContext): InputState;
  /** Connection lifecycle decision, asked once per tick (only `chaos` ever leaves). */
  lifecycle(ctx: BrainContext): Lifecycle;
  /** Delay before reconnecting after leaving or dropping. */
  reconnectDelayMs(): number;
  /** A number in [0, 1) from the bot's seeded random source (retry jitter). */
  jitter(): number;
}

export interface Behavior {
  readonly name: string;
  readonly description: string;
  /** Whether its bots resume a lost connection (SDK reconnection with the Welcome's token). */
  readonly reconnects: boolean;
  /** 'policy': one of the game's bot policies; 'engine': a lifecycle behaviour the load tester adds to every game. */
  readonly source: 'policy' | 'engine';
  create(random: () => number): Brain;
}
