/**
 * Inputs sent and not yet acknowledged: a ring of (seq, sentAtMs). A State's ackSeq
 * acknowledges every input up to it; each one's wait is its input→ack latency.
 */
const CAPACITY = 256;

export class PendingInputs {
  private readonly seqs = new Float64Array(CAPACITY);
  private readonly sentAtMs = new Float64Array(CAPACITY);
  private head = 0;
  private tail = 0;

  get size(): number {
    return this.tail - this.head;
  }

  sent(seq: number, atMs: number): void {
    this.seqs[this.tail % CAPACITY] = seq;
    this.sentAtMs[this.tail % CAPACITY] = atMs;
    this.tail++;
    if (this.tail - this.head > CAPACITY) this.head = this.tail - CAPACITY; // the oldest are forgotten
  }

  /** Call `record(latencyMs)` for every input up to ackSeq, and forget them. */
  acknowledge(ackSeq: number, nowMs: number, record: (latencyMs: number) => void): void {
    while (this.head < this.tail && this.seqs[this.head % CAPACITY]! <= ackSeq) {
      record(nowMs - this.sentAtMs[this.head % CAPACITY]!);
      this.head++;
    }
  }

  clear(): void {
    this.head = this.tail = 0;
  }
}
