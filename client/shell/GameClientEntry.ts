/**
 * The client-entry contract: what a game's `games/<name>/client/index.ts` exports for the
 * browser shell (client/), and the only place a game may import Phaser.
 *
 * The shell owns the page: the lobby, the connection and its NetSession, the Phaser.Game and
 * its renderer, the fixed-step loop (one input per server tick, pings, liveness), the status
 * line, the F3 overlay, the controls card, the connection-lost dialog and the test probe. The
 * game supplies, as plain data plus a view object:
 *
 *   const entry: GameClientEntry<typeof pong> = {
 *     game: pong,
 *     controls: { title: 'Pong', about: '…', keys: [['← →', 'move']] },
 *     createView: (ctx) => new PongView(ctx),
 *   };
 *   export default entry;
 *
 * (Types only from the shell: a game's entry imports no runtime code of client/, so the shell's
 * chunk and each game's stay apart.)
 *
 * and, in `games/<name>/client/lobby.ts`, its lobby text (a default-exported GameLobby, bundled
 * with the lobby: shown before any game code loads). client/games.ts finds both by that
 * convention. Every type is inferred from the game's definition: the input
 * a view samples is `InputOf<typeof game.input>`, an entity drawn of a kind is that kind's
 * decoded schema (see NetSession.drawn): no hand-written interfaces.
 */
import type Phaser from 'phaser';
import type { Clock } from '../../shared/clock.ts';
import type { Announcement, AnyGame } from '../../shared/game/GameDefinition.ts';
import type { InputOf } from '../../shared/game/inputs.ts';
import type { ViewSession } from '../net/NetSession.ts';

/** The input object of a game (what its view samples, what the session sends). */
export type GameInput<G extends AnyGame> = InputOf<G['input']>;
/** A game's room variants. */
export type GameMode<G extends AnyGame> = keyof G['rooms'] & string;

export interface Point {
  x: number;
  y: number;
}

/** What the lobby shows of a game before its code loads: plain text. */
export interface GameLobby<G extends AnyGame = AnyGame> {
  /** One or two sentences: what the game is and how it is played. */
  readonly about: string;
  /** Per room variant, a short label (default: the variant's `description` in the definition, else its name). */
  readonly modes?: { readonly [M in GameMode<G>]?: string };
}

/** The controls card's content (the shell adds its own rows: chat, F3, H). */
export interface ControlsText {
  readonly title: string;
  readonly about: string;
  /** [keys, what they do] rows. */
  readonly keys: readonly (readonly [string, string])[];
}

/** What a view gets for one session. */
export interface ViewContext<G extends AnyGame> {
  /** The Phaser scene the shell runs (created, camera at its defaults): draw into it. */
  readonly scene: Phaser.Scene;
  /** The session's states: live, or a recording's in the replay viewer (then nothing is sent and there is no prediction). */
  readonly session: ViewSession<G>;
  /** The HUD layer (HTML over the canvas, no pointer events): the game's HUD pieces go in here. */
  readonly hud: HTMLElement;
  readonly clock: Clock;
  /** Page (CSS pixel) position of a world point under the scene's main camera (null before it draws). */
  readonly worldToScreen: (x: number, y: number) => Point | null;
  /** True while the keyboard focus is in a text field (chat): keys are text then, not controls. */
  readonly typing: () => boolean;
}

/** One frame, as the shell's loop hands it to the view. */
export interface FrameInfo {
  readonly nowMs: number;
  /** Real time since the previous frame (bounded), ms. */
  readonly frameMs: number;
  /** How far into the next input tick this frame is, [0, 1) (for drawing the own entity ahead). */
  readonly tickFraction: number;
}

/** A game's view of one session: the drawing, the input sampling and the HUD pieces. */
export interface GameView<G extends AnyGame> {
  /** The player's controls now, as the game's input (called once per server tick, then sent and predicted). */
  sample(): GameInput<G>;
  /** Draw a frame: every kind (NetSession.drawn; the own entity from session.predictor when it predicts), the camera, the HUD pieces. */
  frame(f: FrameInfo): void;
  /** A game announcement of the room (a kill, a goal). */
  announce?(announcement: Announcement, nowMs: number): void;
  /** Where the own entity was drawn in the last frame (the test probe). */
  drawnOwnPosition?(): Point | null;
  destroy?(): void;
}

export interface GameClientEntry<G extends AnyGame = AnyGame> {
  readonly game: G;
  readonly controls: ControlsText;
  /** The canvas' background colour (default the page's). */
  readonly background?: string;
  createView(ctx: ViewContext<G>): GameView<G>;
  /** Game-specific members of the test probe `window.__game` (see client/debug/testProbe.ts). */
  probe?(session: ViewSession<G>, clock: Clock): object;
}
