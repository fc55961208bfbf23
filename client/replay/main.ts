/**
 * The replay viewer's page (/replay): the open panel, then the recording played back with its
 * game's client entry (startReplay, loaded with Phaser once a recording is open). `?renderer=
 * webgl|canvas` forces a renderer. A deep link (`?file=…&tick=…&follow=…`, deepLink.ts) opens a
 * server recording at that moment; a token in the fragment (`#token=…`) is kept for the tab
 * (adminToken.ts) and dropped from the address at once.
 */
import { storeToken } from './adminToken.ts';
import { fragmentToken, parseDeepLink, withoutMoment, type Moment } from './deepLink.ts';
import { OpenPanel } from './OpenPanel.ts';
import { openRecording } from './openRecording.ts';
import type { ReplayHandle } from './startReplay.ts';

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}

/** A token brought in the fragment: into the tab's storage, out of the address (and so out of any link copied from it). */
function takeFragmentToken(): void {
  const { token, rest } = fragmentToken(window.location.hash);
  if (token === null) return;
  storeToken(token);
  const url = new URL(window.location.href);
  url.hash = rest;
  window.history.replaceState(window.history.state, '', url.href);
}

function main(): void {
  takeFragmentToken();
  const params = new URLSearchParams(window.location.search);
  const r = params.get('renderer');
  const renderer = r === 'canvas' || r === 'webgl' ? r : 'auto';
  const link = parseDeepLink(window.location.search);
  /** The linked recording's moment, until that recording opens. */
  let linked: (Moment & { file: string }) | null = link.kind === 'server' ? link : null;
  const overlay = element('overlay');
  overlay.replaceChildren();
  let handle: ReplayHandle | null = null;
  const close = (): void => {
    handle?.destroy();
    handle = null;
    linked = null;
    document.title = 'Replay';
    window.history.replaceState(window.history.state, '', withoutMoment(window.location.href));
    panel.hidden = false;
    panel.say('');
  };
  const panel = new OpenPanel(overlay, {
    onOpen: async (bytes, name, from) => {
      const { recording, game } = await openRecording(bytes);
      const [shell, entry] = await Promise.all([import('./startReplay.ts'), game.load()]);
      const start = from === 'server' && linked?.file === name ? linked : null;
      linked = null;
      handle?.destroy();
      panel.hidden = true;
      document.title = `Replay · ${game.game.title} · ${recording.header.roomId}`;
      if (from === 'file') window.history.replaceState(window.history.state, '', withoutMoment(window.location.href));
      handle = shell.startReplay({
        entry,
        recording,
        fileName: name,
        linkable: from === 'server',
        start,
        onClose: close,
        parent: element('game'),
        hudRoot: element('hud'),
        barRoot: element('replay-controls'),
        renderer,
      });
    },
  });
  if (link.kind === 'bad') panel.say(link.message, true);
  else if (link.kind === 'server') panel.openLinked(link.file);
}

main();
