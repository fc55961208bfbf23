/**
 * The replay viewer's page (/replay): the open panel, then the recording played back with its
 * game's client entry (startReplay, loaded with Phaser once a recording is open). `?renderer=
 * webgl|canvas` forces a renderer.
 */
import { OpenPanel } from './OpenPanel.ts';
import { openRecording } from './openRecording.ts';
import type { ReplayHandle } from './startReplay.ts';

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}

function main(): void {
  const params = new URLSearchParams(window.location.search);
  const r = params.get('renderer');
  const renderer = r === 'canvas' || r === 'webgl' ? r : 'auto';
  const overlay = element('overlay');
  overlay.replaceChildren();
  let handle: ReplayHandle | null = null;
  const close = (): void => {
    handle?.destroy();
    handle = null;
    document.title = 'Replay';
    panel.hidden = false;
    panel.say('');
  };
  const panel = new OpenPanel(overlay, {
    onOpen: async (bytes, name) => {
      const { recording, game } = await openRecording(bytes);
      const [shell, entry] = await Promise.all([import('./startReplay.ts'), game.load()]);
      handle?.destroy();
      panel.hidden = true;
      document.title = `Replay · ${game.game.title} · ${recording.header.roomId}`;
      handle = shell.startReplay({ entry, recording, fileName: name, onClose: close, parent: element('game'), hudRoot: element('hud'), barRoot: element('replay-controls'), renderer });
    },
  });
}

main();
