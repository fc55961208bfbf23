/**
 * What the player sees when the game's connection ended for good (reconnection gave up, the
 * room was closed, the player was replaced or kicked): a sentence in plain words, a button to
 * try again (keeping the name) and the way back to the lobby. Text only, never HTML.
 */
import { el } from './dom.ts';
import { explainClose } from './messages.ts';

export interface ConnectionLostActions {
  onRetry: () => void;
  onLobby: () => void;
}

export function showConnectionLost(code: number, reason: string, actions: ConnectionLostActions): { remove(): void } {
  const { title, text } = explainClose(code, reason);
  const retry = el('button', { type: 'button', class: 'primary', 'data-testid': 'retry' }, 'Try again');
  const lobby = el('button', { type: 'button', 'data-testid': 'back-to-lobby' }, 'Back to the lobby');
  const root = el(
    'div',
    { class: 'hud-dialog', 'data-testid': 'connection-lost' },
    el('div', {}, el('h3', {}, title), el('p', {}, text), retry, lobby),
  );
  root.dataset.code = String(code);
  const remove = (): void => root.remove();
  retry.addEventListener('click', () => {
    remove();
    actions.onRetry();
  });
  lobby.addEventListener('click', () => {
    remove();
    actions.onLobby();
  });
  document.body.append(root);
  retry.focus();
  return { remove };
}
