/**
 * Pong's view of a session: the court fitted to the screen (walls where no player is, dimmed
 * while a player reconnects), the paddles (the own one highlighted, its name and side under the
 * court's edge), the ball, and the HUD pieces from the `match` entity. The own paddle is drawn
 * where the prediction says (advanced into the current tick with the input held now) when the
 * session predicts, else interpolated like the other paddles and the ball.
 */
import type Phaser from 'phaser';
import type { FrameInfo, GameView, Point, ViewContext } from '../../../client/shell/GameClientEntry.ts';
import type { Announcement } from '../../../shared/game/GameDefinition.ts';
import type { pong } from '../index.ts';
import { Ball, Match, Paddle, type MatchView } from '../shared/kinds.ts';
import { readGeometry } from '../shared/predict.ts';
import { SIDE_COUNT, SIDES, type Geometry } from '../shared/rules.ts';
import { PaddleInput, type PongInput } from './PaddleInput.ts';
import { PALETTE } from './palette.ts';
import { PongHud, type ScoreSide } from './PongHud.ts';

type Pong = typeof pong;

/** Room around the court for the names, world units (a fraction of the court). */
const MARGIN = 0.12;
/** The room panel's width and more (client/lobby/RoomPanel: at most 340 px at the bottom left). */
const PANEL_PX = 360;

export class PongView implements GameView<Pong> {
  private readonly scene: Phaser.Scene;
  private readonly session: ViewContext<Pong>['session'];
  private readonly geo: Geometry;
  private readonly court: Phaser.GameObjects.Graphics;
  private readonly pieces: Phaser.GameObjects.Graphics;
  private readonly labels: Phaser.GameObjects.Text[] = [];
  private readonly input: PaddleInput;
  private readonly hud: PongHud;
  private drawnSides = -1;
  /** The name on each side (kept while its player reconnects and its paddle is out of the world). */
  private readonly names: string[] = new Array<string>(SIDE_COUNT).fill('');
  private drawnSelf: Point | null = null;
  private viewSize = { w: 0, h: 0 };

  constructor(ctx: ViewContext<Pong>) {
    this.scene = ctx.scene;
    this.session = ctx.session;
    this.geo = readGeometry(ctx.session.welcome.info);
    this.court = ctx.scene.add.graphics().setDepth(-10);
    this.pieces = ctx.scene.add.graphics().setDepth(5);
    for (let k = 0; k < SIDE_COUNT; k++) {
      this.labels.push(ctx.scene.add.text(0, 0, '', { fontFamily: 'system-ui, sans-serif', fontSize: '15px', color: '#e8ecf3' }).setOrigin(0.5).setDepth(6));
    }
    this.input = new PaddleInput(ctx.scene, ctx.typing);
    this.hud = new PongHud(ctx.hud);
    this.fit();
  }

  /** The own paddle's input (keys or pointer, for its side). */
  sample(): PongInput {
    const own = this.session.own;
    if (!own) return { move: 0 };
    const at = this.ownAt() ?? own;
    return this.input.sample(own.side, own.side < 2 ? at.x : at.y, this.geo.paddleSpeed / this.session.tickRate);
  }

  frame({ nowMs, tickFraction }: FrameInfo): void {
    const session = this.session;
    this.fit();
    const match = session.drawn(Match, nowMs)[0] ?? session.latest(Match)[0] ?? null;
    if (match && match.sides !== this.drawnSides) this.drawCourt(match.sides);
    const g = this.pieces;
    g.clear();
    const names = this.names;
    if (match) for (let k = 0; k < SIDE_COUNT; k++) if (((match.sides >> (2 * k)) & 3) === 0) names[k] = '';
    const own = session.own;
    const predictor = session.predictor;
    for (const p of session.drawn(Paddle, nowMs)) {
      names[p.side] = p.name;
      const self = p.id === session.playerId;
      let at: Point = p;
      if (self && predictor?.ready) at = predictor.renderAhead(this.sample(), tickFraction);
      if (self) this.drawnSelf = { x: at.x, y: at.y };
      this.drawPaddle(p.side, at, self);
    }
    if (own) names[own.side] ||= own.name;
    const ball = session.drawn(Ball, nowMs)[0];
    if (ball) {
      g.fillStyle(PALETTE.ball, 1);
      g.fillCircle(ball.x, ball.y, this.geo.ballRadius);
    }
    this.placeLabels(names, match, own?.side ?? null);
    this.hud.update(match, this.scoreSides(match, names), own?.side ?? null, nowMs);
  }

  announce(a: Announcement, nowMs: number): void {
    this.hud.announce(a, this.session.own?.name ?? '', nowMs);
  }

  drawnOwnPosition(): Point | null {
    return this.drawnSelf;
  }

  destroy(): void {
    this.hud.destroy();
  }

  /** Where the own paddle is now: predicted, else as last drawn. */
  private ownAt(): Point | null {
    const p = this.session.predictor;
    return p?.ready ? p.position : this.drawnSelf;
  }

  /**
   * Zoom so the court and its margin fill the screen's height (or width), centred; on a wide
   * screen the court moves right of the room panel (bottom left) so it never covers a paddle.
   */
  private fit(): void {
    const { width, height } = this.scene.scale;
    if (width === this.viewSize.w && height === this.viewSize.h) return;
    this.viewSize = { w: width, h: height };
    const left = width >= height + 2 * PANEL_PX ? 0 : width > height ? Math.min(PANEL_PX, width - height) : 0;
    const sizePx = Math.min(width - left, height);
    const cam = this.scene.cameras.main;
    const zoom = Math.max(0.05, sizePx / (this.geo.courtSize * (1 + 2 * MARGIN)));
    cam.setZoom(zoom);
    // The court's centre at the middle of the free area: shift the camera's centre left by half the panel.
    cam.centerOn(this.geo.courtSize / 2 - left / 2 / zoom, this.geo.courtSize / 2);
  }

  /** The floor, the centre marks and a wall on each side without a player (dimmed while its player reconnects). */
  private drawCourt(sides: number): void {
    this.drawnSides = sides;
    const s = this.geo.courtSize;
    const g = this.court;
    g.clear();
    g.fillStyle(PALETTE.floor, 1);
    g.fillRect(0, 0, s, s);
    g.lineStyle(Math.max(1, s * 0.004), PALETTE.line, 1);
    g.strokeCircle(s / 2, s / 2, s * 0.1);
    g.lineBetween(0, s / 2, s, s / 2);
    g.lineBetween(s / 2, 0, s / 2, s);
    const t = Math.max(2, this.geo.paddleThickness * 0.6);
    for (let k = 0; k < SIDE_COUNT; k++) {
      const state = (sides >> (2 * k)) & 3;
      if (state === 1) continue; // a player's side: open
      g.fillStyle(state === 2 ? PALETTE.heldWall : PALETTE.wall, 1);
      if (k === 0) g.fillRect(0, s - t, s, t);
      else if (k === 1) g.fillRect(0, 0, s, t);
      else if (k === 2) g.fillRect(0, 0, t, s);
      else g.fillRect(s - t, 0, t, s);
    }
  }

  private drawPaddle(side: number, at: Point, self: boolean): void {
    const { paddleLength: len, paddleThickness: th } = this.geo;
    const w = side < 2 ? len : th;
    const h = side < 2 ? th : len;
    const g = this.pieces;
    g.fillStyle(self ? PALETTE.self : PALETTE.other, 1);
    g.fillRect(at.x - w / 2, at.y - h / 2, w, h);
    if (self) {
      g.lineStyle(Math.max(1, th * 0.25), 0xffffff, 0.8);
      g.strokeRect(at.x - w / 2, at.y - h / 2, w, h);
    }
  }

  /** Each player's name outside its side of the court. */
  private placeLabels(names: readonly string[], match: MatchView | null, ownSide: number | null): void {
    const s = this.geo.courtSize;
    const off = s * MARGIN * 0.5;
    const zoom = this.scene.cameras.main.zoom;
    for (let k = 0; k < SIDE_COUNT; k++) {
      const label = this.labels[k]!;
      const state = match ? (match.sides >> (2 * k)) & 3 : names[k] ? 1 : 0;
      const text = state === 0 ? '' : `${names[k] || '…'}${k === ownSide ? ' (you)' : ''}${state === 2 ? ' · reconnecting' : ''}`;
      if (label.text !== text) label.setText(text);
      label.setScale(1 / zoom);
      label.setColor(k === ownSide ? '#6ff0c0' : '#e8ecf3');
      if (k === 0) label.setPosition(s / 2, s + off);
      else if (k === 1) label.setPosition(s / 2, -off);
      else label.setPosition(k === 2 ? -off : s + off, s / 2).setRotation(k === 2 ? -Math.PI / 2 : Math.PI / 2);
    }
  }

  private scoreSides(match: MatchView | null, names: readonly string[]): ScoreSide[] {
    const out: ScoreSide[] = [];
    if (!match) return out;
    const scores = [match.score0, match.score1, match.score2, match.score3];
    const ownSide = this.session.own?.side ?? -1;
    for (let k = 0; k < SIDE_COUNT; k++) {
      const state = (match.sides >> (2 * k)) & 3;
      if (state === 0) continue;
      out.push({ side: k, name: names[k] || SIDES[k]!, score: scores[k]!, state, self: k === ownSide });
    }
    return out;
  }
}
