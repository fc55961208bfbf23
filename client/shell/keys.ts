/** Keyboard helpers for the games' input samplers. */

/** True while the keyboard focus is in a text field: the keys are text then, not controls. */
export function isTyping(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
}
