/** A tiny typed event emitter (browser and Node alike). */
export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly handlers: { [K in keyof Events]?: Set<(...args: Events[K]) => void> } = {};

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    const set = (this.handlers[event] ??= new Set());
    set.add(fn);
    return () => set.delete(fn);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    const set = this.handlers[event];
    if (set) for (const fn of set) fn(...args);
  }
}
