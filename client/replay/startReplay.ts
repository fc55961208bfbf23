/**
 * Plays a recording back with the game's own client entry: the Playback (virtual clock and the
 * session fed from the recording), the Phaser game with the ReplayScene (the game's view, the
 * free camera), the control bar and the test probe. This module and what it imports (Phaser) is
 * a chunk of its own, loaded once a recording is opened; the game's entry is another.
 */
import Phaser from 'phaser';
import type { Recording } from '../../shared/replay/frames.ts';
import { phaserRendererType, type RendererChoice } from '../render/pickRenderer.ts';
import type { GameClientEntry } from '../shell/GameClientEntry.ts';
import { ControlBar } from './ControlBar.ts';
import { placeMoment, type Moment } from './deepLink.ts';
import { MomentLink } from './MomentLink.ts';
import { Playback } from './Playback.ts';
import { createReplayProbe } from './replayProbe.ts';
import { ReplayScene } from './ReplayScene.ts';

export interface ReplayOptions {
  entry: GameClientEntry;
  recording: Recording;
  fileName: string;
  /** The recording is the server's file `fileName`: the page's address follows the moment shown, and "Copy link" copies it. */
  linkable: boolean;
  /** Where to begin (a deep link's moment): paused at that tick, from that seat; what the recording cannot show is said in a note. */
  start?: Moment | null;
  /** The user asks to open another recording (the caller destroys this one). */
  onClose: () => void;
  parent: HTMLElement;
  hudRoot: HTMLElement;
  barRoot: HTMLElement;
  renderer?: RendererChoice;
}

export interface ReplayHandle {
  readonly playback: Playback;
  destroy(): void;
}

export function startReplay(opts: ReplayOptions): ReplayHandle {
  const { entry, hudRoot } = opts;
  const playback = new Playback(entry.game, opts.recording);
  if (opts.start) startAt(playback, opts.start);
  hudRoot.hidden = false;
  document.body.classList.add('replaying');
  const link = opts.linkable ? new MomentLink(playback, opts.fileName) : null;
  const bar = new ControlBar(opts.barRoot, { playback, fileName: opts.fileName, onClose: opts.onClose, link });
  const scene = new ReplayScene({ entry, playback, hudRoot, onFrame: () => bar.update(), onViewError: (m) => playback.report(m) });
  const game = new Phaser.Game({
    type: phaserRendererType(opts.renderer ?? 'auto'),
    parent: opts.parent,
    backgroundColor: entry.background ?? '#10141c',
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    banner: false,
    disableContextMenu: true,
    scene: [scene],
  });
  const probe = createReplayProbe(playback, scene, entry);
  window.__replay = probe;
  return {
    playback,
    destroy() {
      game.destroy(true);
      playback.session?.dispose();
      bar.destroy();
      hudRoot.replaceChildren();
      hudRoot.hidden = true;
      document.body.classList.remove('replaying');
      if (window.__replay === probe) delete window.__replay;
    },
  };
}

/** Before the first view: the moment a link asks for, within the recording (notes for what it cannot). */
function startAt(playback: Playback, want: Moment): void {
  const placed = placeMoment(want, { firstTick: playback.firstTick, lastTick: playback.lastTick, hasPlayer: (id) => playback.nameOf(id) !== null });
  for (const note of placed.notes) playback.report(note, false);
  playback.setFollow(placed.follow);
  if (placed.tick !== null) playback.seek(placed.tick);
}
