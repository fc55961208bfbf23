/**
 * A read-only view of the replay viewer on `window.__replay`, for browser tests (and the
 * console): where the playback is, what is drawn now (every positioned entity as interpolated
 * for this frame, with its fields), the camera, and the game's own probe members (the same as
 * the live game's `window.__game` has) for the session shown.
 */
import type { WireValue } from '../../shared/schema.ts';
import type { GameClientEntry, Point } from '../shell/GameClientEntry.ts';
import type { Playback } from './Playback.ts';
import type { ReplayScene } from './ReplayScene.ts';

export interface DrawnEntity {
  readonly id: number;
  /** The kind's name. */
  readonly kind: string;
  readonly x: number;
  readonly y: number;
  /** Every decoded field as drawn (positions interpolated). */
  readonly fields: Readonly<Record<string, WireValue>>;
}

export interface ReplayProbe {
  readonly game: string;
  readonly roomId: string;
  readonly firstTick: number;
  readonly lastTick: number;
  /** The whole tick shown (what the time display says). */
  readonly tick: number;
  /** The virtual time as a fractional tick. */
  readonly at: number;
  /** The newest recorded state the session took (the HUD's: tick + 1 while there is one). */
  readonly stateTick: number;
  readonly playing: boolean;
  readonly speed: number;
  /** Whose view: a player id, 0 for the free camera. */
  readonly follow: number;
  /** Frames drawn, and times the view was made (seeks back and changes of view make it anew). */
  readonly frames: number;
  readonly builds: number;
  readonly problems: readonly string[];
  /** True once the view is drawing the current session (after a rebuild: its first frame). */
  readonly ready: boolean;
  drawn(): DrawnEntity[];
  camera(): { x: number; y: number; zoom: number };
  /** Where the view drew the followed player in the last frame (null for the free camera). */
  drawnOwnPosition(): Point | null;
  worldToScreen(x: number, y: number): Point | null;
  /** The game's probe members over the session shown (the live game's `window.__game` parts). */
  parts(): GameProbeParts;
}

declare global {
  interface Window {
    __replay?: ReplayProbe;
  }
}

export function createReplayProbe(playback: Playback, scene: ReplayScene, entry: GameClientEntry): ReplayProbe {
  const kinds = entry.game.kinds;
  return {
    game: entry.game.name,
    roomId: playback.recording.header.roomId,
    get firstTick() {
      return playback.firstTick;
    },
    get lastTick() {
      return playback.lastTick;
    },
    get tick() {
      return playback.tick;
    },
    get at() {
      return playback.at;
    },
    get stateTick() {
      return playback.session?.tick ?? 0;
    },
    get playing() {
      return playback.playing;
    },
    get speed() {
      return playback.speed;
    },
    get follow() {
      return playback.follow;
    },
    get frames() {
      return scene.frames;
    },
    get builds() {
      return scene.builds;
    },
    get problems() {
      return playback.problems.map((p) => p.message);
    },
    get ready() {
      return !playback.needsRebuild && scene.view !== null && scene.session === playback.session;
    },
    drawn: () => {
      const s = playback.session;
      if (!s) return [];
      const out: DrawnEntity[] = [];
      for (const e of s.sample(playback.clock.now()).values()) {
        const kind = kinds[e.kind - 1];
        if (!kind?.position) continue;
        const fields = { ...(e as unknown as Record<string, WireValue>) };
        out.push({ id: e.id, kind: kind.schema.name, x: fields[kind.schema.keys[kind.position.x]!] as number, y: fields[kind.schema.keys[kind.position.y]!] as number, fields });
      }
      return out;
    },
    camera: () => {
      const cam = scene.cameras.main;
      return { x: cam.midPoint.x, y: cam.midPoint.y, zoom: cam.zoom };
    },
    drawnOwnPosition: () => scene.view?.drawnOwnPosition?.() ?? null,
    worldToScreen: (x, y) => scene.worldToScreen(x, y),
    parts: () => (playback.session && entry.probe ? (entry.probe(playback.session, playback.clock) as GameProbeParts) : ({} as GameProbeParts)),
  };
}
