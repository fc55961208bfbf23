/** The start screen: a name field and a Play button, as an HTML overlay. Resolves with the name. */
import { LIMITS, sanitizeName } from '../../shared/protocol.ts';

export interface NamePromptOptions {
  initialName?: string;
  /** Shown under the field (e.g. why the last attempt to join failed). */
  error?: string;
  /** The game's title (the heading). */
  title?: string;
}

export function promptForName(host: HTMLElement, opts: NamePromptOptions = {}): Promise<string> {
  const root = document.createElement('div');
  root.className = 'prompt';
  const form = document.createElement('form');
  const title = document.createElement('h1');
  title.textContent = opts.title ?? 'Play';
  const input = document.createElement('input');
  input.name = 'name';
  input.placeholder = 'Your name';
  input.maxLength = LIMITS.nameMaxLength;
  input.setAttribute('autocomplete', 'nickname');
  input.value = opts.initialName ?? '';
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Play';
  const error = document.createElement('p');
  error.className = 'error';
  error.textContent = opts.error ?? '';
  form.append(title, input, button, error);
  root.append(form);
  host.append(root);
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      root.remove();
      resolve(sanitizeName(input.value));
    });
  });
}
