/**
 * A list reused call after call on the hot paths (every player and projectile of every room,
 * every tick). An array emptied with `length = 0` drops its backing store, so refilling it
 * allocates again; this one keeps its array and a count, so refilling allocates nothing once
 * it has grown to its working size. Read items[0 .. n - 1]; items past n are stale (they keep
 * their objects alive until overwritten, at most the list's high-water mark of them).
 */
export class ScratchList<T> {
  readonly items: T[] = [];
  n = 0;

  clear(): void {
    this.n = 0;
  }

  push(item: T): void {
    this.items[this.n++] = item;
  }
}
