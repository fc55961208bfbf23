/**
 * The link to the moment a server recording shows (deepLink.ts): while paused, the address bar
 * follows the tick shown and whose view (history.replaceState: no new history entry, nothing
 * reloads), so the address can be copied as it is; the control bar's "Copy link" copies it at
 * any time. The link never carries the admin token.
 */
import { momentHref } from './deepLink.ts';
import type { Playback } from './Playback.ts';

export class MomentLink {
  private shown = '';

  constructor(
    private readonly playback: Playback,
    /** The server's file name of the recording. */
    readonly file: string,
  ) {}

  /** The link to the moment shown now. */
  get href(): string {
    return momentHref(window.location.href, this.file, this.playback.tick, this.playback.follow);
  }

  /** Each frame: the address follows the moment while paused (not while playing: a new address every frame is noise, and browsers throttle it). */
  update(): void {
    const pb = this.playback;
    if (pb.playing) return;
    const key = `${pb.tick}:${pb.follow}`;
    if (key === this.shown) return;
    this.shown = key;
    window.history.replaceState(window.history.state, '', this.href);
  }
}
