/**
 * The network simulator's queue and client socket on a manual clock: each message is delivered
 * lag/2 ± jitter/2 after it was sent, never before one sent earlier, and a close waits behind
 * the messages sent before it.
 */
import { describe, expect, it } from 'vitest';
import { DelayQueue, netSimFromParams } from '../../shared/netcode/DelayQueue.ts';
import { DelayedSocket } from '../../shared/netcode/DelayedSocket.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { ManualTimers, seededRandom } from './manualTimers.ts';

describe('DelayQueue', () => {
  it('delivers each message after lag/2 ± jitter/2, in order', () => {
    const timers = new ManualTimers();
    const got: { id: number; at: number }[] = [];
    const q = new DelayQueue<number>({ lagMs: 150, jitterMs: 30 }, { clock: timers.clock, schedule: timers.schedule, random: seededRandom(7) }, (id) =>
      got.push({ id, at: timers.clock.now() }),
    );
    const sentAt = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      sentAt.set(i, timers.clock.now());
      q.push(i);
      timers.advance(5);
    }
    timers.advance(1000);
    expect(got.map((g) => g.id)).toEqual([...Array(300).keys()]);
    const delays = got.map((g) => g.at - sentAt.get(g.id)!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(60);
    // In order: a message can wait for the one ahead of it, but never more than the jitter's spread beyond.
    expect(Math.max(...delays)).toBeLessThanOrEqual(90);
    // The spread is really used (not a constant delay).
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(20);
    expect(q.length).toBe(0);
    expect(timers.pending).toBe(0);
  });

  it('stalls (TCP loss): a message held stallMs longer holds back the ones behind it, none reordered', () => {
    const timers = new ManualTimers();
    const got: { id: number; at: number }[] = [];
    const q = new DelayQueue<number>({ lagMs: 100, jitterMs: 0, stallChance: 0.05, stallMs: 200 }, { clock: timers.clock, schedule: timers.schedule, random: seededRandom(3) }, (id) =>
      got.push({ id, at: timers.clock.now() }),
    );
    for (let i = 0; i < 400; i++) {
      q.push(i);
      timers.advance(10);
    }
    timers.advance(1000);
    expect(got.map((g) => g.id)).toEqual([...Array(400).keys()]);
    const delays = got.map((g) => g.at - g.id * 10 - 1000);
    const stalled = delays.filter((d) => d >= 250).length;
    // About 5 % held back 200 ms, and some behind each one waiting for it (never less than lag/2).
    expect(stalled).toBeGreaterThan(20);
    expect(stalled).toBeLessThan(200);
    expect(Math.min(...delays)).toBe(50);
    expect(Math.max(...delays)).toBe(250);
  });

  it('stalls in a share of seconds (stallSecondChance): what is sent during one arrives together at its end, from a seed', () => {
    const run = (seed: number, stream: number): number[] => {
      const timers = new ManualTimers();
      const at: number[] = [];
      const q = new DelayQueue<number>({ lagMs: 100, jitterMs: 0, stallSecondChance: 0.1, stallMs: 200, seed }, { clock: timers.clock, schedule: timers.schedule, stream }, () => at.push(timers.clock.now()));
      for (let i = 0; i < 10_000; i++) {
        q.push(i);
        timers.advance(10);
      }
      timers.advance(1000);
      return at;
    };
    const at = run(5, 0);
    expect(at.length).toBe(10_000);
    const delays = at.map((t, i) => t - (1000 + i * 10));
    expect(Math.min(...delays)).toBe(50);
    expect(Math.max(...delays)).toBeLessThanOrEqual(250);
    for (let i = 1; i < at.length; i++) expect(at[i]!).toBeGreaterThanOrEqual(at[i - 1]!);
    // Seconds (of 100) with a stall: about 10 %; each holds back ~20 messages to one time.
    const stalledSeconds = new Set(delays.flatMap((d, i) => (d > 50 ? [Math.floor(i / 100)] : [])));
    expect(stalledSeconds.size).toBeGreaterThan(3);
    expect(stalledSeconds.size).toBeLessThan(20);
    const bursts = new Map<number, number>();
    for (let i = 0; i < at.length; i++) if (delays[i]! > 50) bursts.set(at[i]!, (bursts.get(at[i]!) ?? 0) + 1);
    expect(Math.max(...bursts.values())).toBeGreaterThanOrEqual(15);
    // Reproducible: the same seed and stream give the same run; another stream another one.
    expect(run(5, 0)).toEqual(at);
    expect(run(5, 1)).not.toEqual(at);
  });

  it('without jitter delays every message by exactly half the lag', () => {
    const timers = new ManualTimers();
    const got: number[] = [];
    const q = new DelayQueue<string>({ lagMs: 100, jitterMs: 0 }, { clock: timers.clock, schedule: timers.schedule }, () => got.push(timers.clock.now()));
    q.push('a');
    timers.advance(49);
    expect(got).toEqual([]);
    timers.advance(1);
    expect(got).toEqual([1050]);
  });

  it('drops what is queued when closed', () => {
    const timers = new ManualTimers();
    const got: number[] = [];
    const q = new DelayQueue<number>({ lagMs: 100, jitterMs: 0 }, { clock: timers.clock, schedule: timers.schedule }, (n) => got.push(n));
    q.push(1);
    q.close();
    q.push(2);
    timers.advance(500);
    expect(got).toEqual([]);
  });

  it('reads ?lag=&jitter= (jitter never above lag; nothing when absent)', () => {
    expect(netSimFromParams(new URLSearchParams('lag=150&jitter=30'))).toEqual({ lagMs: 150, jitterMs: 30 });
    expect(netSimFromParams(new URLSearchParams('lag=20&jitter=500'))).toEqual({ lagMs: 20, jitterMs: 20 });
    expect(netSimFromParams(new URLSearchParams('name=x'))).toBeNull();
    expect(netSimFromParams(new URLSearchParams('lag=abc'))).toBeNull();
  });
});

/** A socket that records what was sent and lets the test play the server. */
class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 1;
  bufferedAmount = 0;
  sent: number[][] = [];
  closedWith: number | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: Uint8Array | ArrayBuffer): void {
    this.sent.push([...new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))]);
  }
  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }
}

describe('DelayedSocket (the client half: ?lag=150&jitter=30)', () => {
  it('delays sends and receives by half the lag each way; a close goes after the sends before it', () => {
    const timers = new ManualTimers();
    const inner = new FakeSocket();
    const s = new DelayedSocket(inner, { lagMs: 100, jitterMs: 0 }, { clock: timers.clock, schedule: timers.schedule });
    const received: number[] = [];
    let closed: number | null = null;
    s.onmessage = (ev) => received.push(new Uint8Array(ev.data as ArrayBuffer)[0]!);
    s.onclose = (ev) => (closed = ev.code);
    s.binaryType = 'arraybuffer';
    expect(inner.binaryType).toBe('arraybuffer');

    const buf = new Uint8Array([1, 2]);
    s.send(buf);
    buf[0] = 9; // the caller reuses its buffer: what goes out is what was sent
    s.close(1000, 'leave');
    timers.advance(49);
    expect(inner.sent).toEqual([]);
    expect(inner.closedWith).toBeNull();
    timers.advance(1);
    expect(inner.sent).toEqual([[1, 2]]);
    expect(inner.closedWith).toBe(1000);

    inner.onmessage!({ data: new Uint8Array([7]).buffer });
    inner.onclose!({ code: 1006, reason: '' });
    timers.advance(49);
    expect(received).toEqual([]);
    timers.advance(1);
    expect(received).toEqual([7]);
    expect(closed).toBe(1006);
  });
});
