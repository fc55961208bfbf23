/**
 * The arena's view of a session. Each frame: the own player where the prediction says (advanced
 * into the current tick with the keys held now, so a key press shows on the very next frame;
 * interpolated like the others when the session does not predict, as in the replay viewer),
 * everyone else where the interpolation says, the camera on the own player, then the HUD
 * pieces (scoreboard, respawn banner, minimap, arrows toward players out of view).
 */
import type Phaser from 'phaser';
import type { FrameInfo, GameView, Point, ViewContext } from '../../../client/shell/GameClientEntry.ts';
import type { Announcement } from '../../../shared/game/GameDefinition.ts';
import type { arena, ArenaInfo } from '../index.ts';
import { PlayerKind, ProjectileKind } from '../shared/kinds.ts';
import { RULES } from '../shared/world.ts';
import { ArenaHud } from './ArenaHud.ts';
import type { OffscreenPlayer } from './EdgeArrows.ts';
import { InputSampler, type ArenaInput } from './InputSampler.ts';
import { drawMap } from './MapView.ts';
import { PALETTE } from './palette.ts';
import type { PlayerLook } from './PlayerSprite.ts';
import { PlayersLayer } from './PlayersLayer.ts';
import { ProjectilesLayer, type ProjectileLook } from './ProjectilesLayer.ts';

const CAMERA_MARGIN = 300;

type Arena = typeof arena;

export class ArenaView implements GameView<Arena> {
  private readonly scene: Phaser.Scene;
  private readonly ctx: ViewContext<Arena>;
  private readonly session: ViewContext<Arena>['session'];
  private readonly players: PlayersLayer;
  private readonly projectiles: ProjectilesLayer;
  private readonly sampler: InputSampler;
  private readonly hud: ArenaHud;
  private readonly deathAtMs = new Map<number, number>();
  private readonly offState: () => void;
  private drawnSelf: Point | null = null;

  constructor(ctx: ViewContext<Arena>) {
    const { scene, session } = ctx;
    this.ctx = ctx;
    this.scene = scene;
    this.session = session;
    const map = (session.welcome.info as ArenaInfo).map;
    drawMap(scene, map);
    this.players = new PlayersLayer(scene, session.playerId);
    this.projectiles = new ProjectilesLayer(scene, session.playerId);
    this.sampler = new InputSampler(scene, ctx.typing);
    this.hud = new ArenaHud(ctx.hud, map, session.playerId);
    const cam = scene.cameras.main;
    cam.setBackgroundColor(PALETTE.background);
    cam.setBounds(-CAMERA_MARGIN, -CAMERA_MARGIN, map.width + 2 * CAMERA_MARGIN, map.height + 2 * CAMERA_MARGIN);
    cam.centerOn(map.width / 2, map.height / 2);
    this.offState = session.onState((info) => this.trackDeaths(info.receivedAtMs));
  }

  /** The controls, for the own player where it was last drawn (the aim is the angle to the pointer). */
  sample(): ArenaInput {
    const from = this.drawnSelf ?? this.session.predictor?.position ?? { x: 0, y: 0 };
    return this.sampler.sample(from.x, from.y);
  }

  frame({ nowMs, tickFraction }: FrameInfo): void {
    const session = this.session;
    const predictor = session.predictor;
    const looks = new Map<number, PlayerLook>();
    for (const e of session.drawn(PlayerKind, nowMs)) {
      if (e.id !== session.playerId || !predictor) looks.set(e.id, { ...e, respawnInSec: e.alive ? null : this.respawnInSec(e.id, nowMs) });
    }
    const shots: ProjectileLook[] = session.drawn(ProjectileKind, nowMs);
    const own = session.own;
    const selfRespawn = own && !own.alive ? this.respawnInSec(own.id, nowMs) : null;
    if (own && predictor?.ready) {
      const held = this.sampler.sample(predictor.position.x, predictor.position.y);
      const pos = predictor.renderAhead(held, tickFraction);
      this.drawnSelf = pos;
      const aim = this.sampler.sample(pos.x, pos.y).aim;
      looks.set(own.id, { x: pos.x, y: pos.y, aim, hp: own.hp, alive: own.alive, name: own.name, respawnInSec: selfRespawn });
      this.scene.cameras.main.centerOn(pos.x, pos.y);
    } else if (!predictor) {
      // Not predicted (prediction off, or a replay following this player): the camera follows it as drawn.
      const me = looks.get(session.playerId);
      this.drawnSelf = me ? { x: me.x, y: me.y } : null;
      if (me) this.scene.cameras.main.centerOn(me.x, me.y);
    }
    const view = this.scene.cameras.main.worldView;
    this.players.render(looks, view);
    this.projectiles.render(shots);
    this.hud.update({
      selfId: session.playerId,
      players: session.latest(PlayerKind),
      respawnInSec: selfRespawn,
      dots: [...looks].map(([id, l]) => ({ x: l.x, y: l.y, alive: l.alive, self: id === session.playerId })),
      offscreen: this.offscreen(looks, session.playerId),
      nowMs,
    });
  }

  announce(a: Announcement, nowMs: number): void {
    this.hud.announce(a, nowMs);
  }

  drawnOwnPosition(): Point | null {
    return this.drawnSelf;
  }

  destroy(): void {
    this.offState();
    this.hud.destroy();
  }

  /** Seconds until a dead player respawns (estimated from when it was seen dying), or null. */
  private respawnInSec(id: number, nowMs: number): number | null {
    const at = this.deathAtMs.get(id);
    if (at === undefined) return null;
    return Math.max(0, RULES.respawnDelaySec - (nowMs - at) / 1000);
  }

  private trackDeaths(receivedAtMs: number): void {
    const seen = new Set<number>();
    for (const p of this.session.latest(PlayerKind)) {
      seen.add(p.id);
      if (p.alive) this.deathAtMs.delete(p.id);
      else if (!this.deathAtMs.has(p.id)) this.deathAtMs.set(p.id, receivedAtMs);
    }
    for (const id of this.deathAtMs.keys()) if (!seen.has(id)) this.deathAtMs.delete(id);
  }

  /** The other living players outside the camera's view, in page pixels, with their distance. */
  private offscreen(looks: ReadonlyMap<number, PlayerLook>, selfId: number): OffscreenPlayer[] {
    const view = this.scene.cameras.main.worldView;
    const self = this.drawnSelf;
    const out: OffscreenPlayer[] = [];
    for (const [id, l] of looks) {
      if (id === selfId || !l.alive || view.contains(l.x, l.y)) continue;
      const p = this.ctx.worldToScreen(l.x, l.y);
      if (p) out.push({ x: p.x, y: p.y, dist: self ? Math.hypot(l.x - self.x, l.y - self.y) : 0 });
    }
    return out;
  }
}
