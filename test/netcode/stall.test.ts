/**
 * A connection that stalls without closing (a dead spot, a handover, a browser's offline mode),
 * against the real server: the SDK notices within the stall bound, its RTT ignores the pongs that
 * waited out the stall, and past the longer bound it drops the silent socket and resumes the same
 * player on a new one. The stall is made by holding the socket's incoming messages back.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../server/GameServer.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import { startServer, until } from '../helpers/net.ts';
import { arena } from '../../games/arena/index.ts';

let server: GameServer;
let wsUrl: string;
beforeAll(async () => {
  ({ server, wsUrl } = await startServer({}));
});
afterAll(async () => {
  await server.stop();
});

/** A `ws` socket whose incoming messages can be held back (stalled) and let through again. */
class StallableSocket {
  held: unknown[] = [];
  stalled = false;
  readonly ws: WebSocket;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data: Buffer) => {
      if (this.stalled) this.held.push(data);
      else this.onmessage?.({ data });
    });
  }
  release(): void {
    this.stalled = false;
    for (const data of this.held.splice(0)) this.onmessage?.({ data });
  }
}

function stallableFactory(): { factory: (url: string) => SocketLike; sockets: StallableSocket[] } {
  const sockets: StallableSocket[] = [];
  const factory = (url: string): SocketLike => {
    const s = new StallableSocket(url);
    sockets.push(s);
    const ws = s.ws;
    return {
      get binaryType() { return ws.binaryType; },
      set binaryType(v: string) { ws.binaryType = v as 'nodebuffer'; },
      get readyState() { return ws.readyState; },
      get bufferedAmount() { return ws.bufferedAmount; },
      send: (d) => ws.send(d),
      close: (code, reason) => ws.close(code, reason),
      set onopen(f: ((ev: unknown) => void) | null) { ws.onopen = f; },
      get onopen() { return null; },
      set onmessage(f: ((ev: { data: unknown }) => void) | null) { s.onmessage = f; },
      get onmessage() { return s.onmessage; },
      set onclose(f: ((ev: { code: number; reason: string }) => void) | null) { ws.onclose = f ? (ev) => f({ code: ev.code, reason: String(ev.reason) }) : null; },
      get onclose() { return null; },
      set onerror(f: ((ev: unknown) => void) | null) { ws.onerror = f; },
      get onerror() { return null; },
    } as SocketLike;
  };
  return { factory, sockets };
}

/** Drive the client as a game loop would: ping and check liveness every 16 ms. */
function loop(c: GameClient): () => void {
  const t = setInterval(() => {
    c.maybePing();
    c.checkLiveness();
  }, 16);
  return () => clearInterval(t);
}

describe('a stalled connection', () => {
  it('is noticed within the stall bound, and the RTT after it is the path, not the stall', async () => {
    const { factory, sockets } = stallableFactory();
    const c = new GameClient({ game: arena, url: wsUrl, name: 'stall', socketFactory: factory, binaryType: 'nodebuffer', reconnect: true, liveness: { stallAfterMs: 300, deadAfterMs: 10_000 } });
    const events: string[] = [];
    c.on('stalled', () => events.push('stalled'));
    c.on('resumed', (ms) => events.push(`resumed ${ms > 1000 ? 'late' : 'early'}`));
    await c.connect();
    const stop = loop(c);
    await until(() => c.clockSync.sampleCount >= 4, 5000, 'rtt samples');
    const rttBefore = c.rttMs;
    expect(rttBefore).toBeLessThan(100);

    sockets[0]!.stalled = true;
    const t0 = Date.now();
    await until(() => c.stalled, 2000, 'stall noticed');
    expect(Date.now() - t0).toBeLessThan(1000);
    // Pings go out during the stall and their pongs wait with everything else.
    await new Promise((r) => setTimeout(r, 2500));
    sockets[0]!.release();
    await until(() => !c.stalled, 2000, 'resumed');
    await new Promise((r) => setTimeout(r, 600));
    stop();
    expect(events).toEqual(['stalled', 'resumed late']);
    // The pongs that waited 0.5–2.5 s were not taken as round trips.
    expect(c.rttMs).toBeLessThan(100);
    expect(c.lastRttSampleMs).toBeLessThan(100);
    c.leave();
  });

  it('past the longer bound, drops the silent socket and resumes the same player on a new one', async () => {
    const { factory, sockets } = stallableFactory();
    const c = new GameClient({ game: arena, url: wsUrl, name: 'dead', socketFactory: factory, binaryType: 'nodebuffer', reconnect: true, liveness: { stallAfterMs: 300, deadAfterMs: 1500 } });
    const w = await c.connect();
    const stop = loop(c);
    const disconnects: string[] = [];
    c.on('disconnected', (_code, reason) => disconnects.push(reason));
    let resumedAs = 0;
    c.on('reconnected', (info) => (resumedAs = info.playerId));
    await until(() => c.view.tick > 0, 3000, 'states');
    sockets[0]!.stalled = true; // and it never comes back
    await until(() => resumedAs !== 0, 8000, 'resumed on a new socket').catch((e) => { throw new Error(`${e.message}: ${JSON.stringify({ disconnects, n: sockets.length, closed: c.closed, stalled: c.stalled, rec: c.reconnecting })}`); });
    stop();
    expect(disconnects).toEqual(['no traffic from the server for 2 s']);
    expect(sockets.length).toBe(2);
    expect(resumedAs).toBe(w.playerId);
    await until(() => c.isOpen && !c.stalled && c.stats.fullStates >= 2, 3000, 'a full snapshot on the new socket');
    c.leave();
  });
});
