/** Entity ids: small integers, a freed one reused only after a delay so no client confuses two entities. */

/** Freed ids wait this many ticks before reuse. */
export const ID_REUSE_DELAY_TICKS = 90;

export interface IdPool {
  next: number;
  /** Freed ids, oldest first, with the tick each was freed at. */
  readonly freed: { id: number; atTick: number }[];
}

export function createIdPool(): IdPool {
  return { next: 1, freed: [] };
}

/** A fresh id: the oldest long-freed one when there is one, keeping ids small on the wire. */
export function allocId(pool: IdPool, tick: number): number {
  const head = pool.freed[0];
  if (head !== undefined && tick - head.atTick >= ID_REUSE_DELAY_TICKS) {
    pool.freed.shift();
    return head.id;
  }
  return pool.next++;
}

export function freeId(pool: IdPool, id: number, tick: number): void {
  pool.freed.push({ id, atTick: tick });
}
