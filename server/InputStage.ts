/**
 * Inputs wait here, as raw bytes, from their arrival until the next tick, which handles them all
 * in one batch (as Nakama's match loop gets each tick's messages): the message path (30 inputs a
 * second from every client) then copies some forty bytes into memory it touched a moment ago,
 * and touches nothing of the client's. Handled on arrival, each input read the client's session
 * and its queue's row right after the kernel's socket work had pushed them out of the caches;
 * handled in the tick, they are read once, next to the tick's own use of them.
 *
 * Bounded: a message larger than maxMessageBytes is not staged, and when the stage is full the
 * caller drains it before staging more. The bytes are copied (the transport's buffer dies when its
 * handler returns). Who sent each message is kept as an opaque reference, not dereferenced here.
 */
export class InputStage<From, Sender = From> {
  readonly bytes: Uint8Array;
  private readonly ends: Int32Array;
  private readonly at: Float64Array;
  private readonly from: (From | undefined)[];
  private readonly senders: (Sender | undefined)[];
  private n = 0;
  private used = 0;
  private draining = false;

  constructor(
    /** Messages staged at most before the stage must be drained. */
    readonly capacity: number,
    /** The largest message staged (a larger one is handled at once). */
    readonly maxMessageBytes: number,
  ) {
    if (!(capacity >= 1 && maxMessageBytes >= 1)) throw new Error('InputStage: capacity and maxMessageBytes must be at least 1');
    this.bytes = new Uint8Array(capacity * maxMessageBytes);
    this.ends = new Int32Array(capacity);
    this.at = new Float64Array(capacity);
    this.from = new Array<From | undefined>(capacity).fill(undefined);
    this.senders = new Array<Sender | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.n;
  }

  /** Stage a copy of `message` from `from`; false (nothing staged) when it is too large or the stage is full. */
  push(from: From, message: Uint8Array, atMs: number): boolean {
    const len = message.length;
    const n = this.n;
    if (len > this.maxMessageBytes || n === this.capacity) return false;
    const start = this.used;
    this.bytes.set(message, start);
    this.used = start + len;
    this.ends[n] = this.used;
    this.at[n] = atMs;
    this.from[n] = from;
    this.n = n + 1;
    return true;
  }

  /**
   * Hand every staged message to `handle` in arrival order, as a range of `bytes`, with its sender
   * resolved by `resolve`, and empty the stage. All the senders are resolved first, in one pass:
   * their objects are likely cache misses, and loads that do not depend on one another overlap
   * (the CPU runs ahead to the next sender while one is fetched), where resolving each just
   * before its handling would wait for them one at a time. `resolve` and `handle` must not throw.
   * A drain asked for by a handler (re-entrant) does nothing: the running drain goes on in
   * order, and also handles what a handler stages meanwhile.
   */
  drain(resolve: (from: From) => Sender, handle: (sender: Sender, bytes: Uint8Array, start: number, end: number, atMs: number) => void): void {
    if (this.draining) return;
    this.draining = true;
    let start = 0;
    let resolved = 0;
    for (let i = 0; i < this.n; i++) {
      if (i === resolved) {
        const n = this.n;
        for (let k = i; k < n; k++) {
          this.senders[k] = resolve(this.from[k]!);
          this.from[k] = undefined; // nothing is kept alive by the stage once handled
        }
        resolved = n;
      }
      const end = this.ends[i]!;
      const sender = this.senders[i]!;
      this.senders[i] = undefined;
      handle(sender, this.bytes, start, end, this.at[i]!);
      start = end;
    }
    this.n = 0;
    this.used = 0;
    this.draining = false;
  }
}
