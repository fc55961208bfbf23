/** A tiny element builder. Text goes in as textContent, never as HTML. */
export type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<'class' | 'id' | 'type' | 'placeholder' | 'title' | 'data-testid', string>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

/** Keys typed into a field must not also steer the player (Phaser listens on window). */
export function isolateKeys(input: HTMLElement): void {
  for (const type of ['keydown', 'keyup', 'keypress'] as const) input.addEventListener(type, (e) => e.stopPropagation());
}

/** "35 s", "4 min", "2 h" */
export function formatAge(ageSec: number): string {
  if (ageSec < 60) return `${Math.max(0, Math.floor(ageSec))} s`;
  if (ageSec < 3600) return `${Math.floor(ageSec / 60)} min`;
  return `${Math.floor(ageSec / 3600)} h`;
}
