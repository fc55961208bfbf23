/**
 * The state fan-out (server/sync/sendStates.ts) relies on uWS keeping one socket's messages in
 * order whether they were published to a topic or sent to it alone: a client leaves the state
 * topic and gets a catch-up of its own, or rejoins it, possibly several ticks within one event
 * loop iteration (a tick loop catching up). Checked here on the real transport.
 */
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createUwsTransport } from '../../server/transport/uws.ts';
import type { Connection, Transport } from '../../server/transport/types.ts';

let transport: Transport | null = null;
afterAll(() => transport?.closeAll(1001, 'done'));

it('publishes and sends to one socket in the order they were made, across subscribe and unsubscribe', async () => {
  let conn: Connection | null = null;
  transport = createUwsTransport(
    { host: '127.0.0.1', port: 0, wsPath: '/ws', maxFrameBytes: 1024, maxBackpressureBytes: 1 << 20, idleTimeoutSec: 30, maxBodyBytes: 1024, routes: [] },
    { open: (c) => (conn = c), message: () => {}, close: () => {}, drain: () => {} },
  );
  const port = await transport.listen();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const got: string[] = [];
  ws.on('message', (data: Buffer) => got.push(data.toString()));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  await new Promise((r) => setTimeout(r, 20));
  const c = conn!;
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  const t = transport;
  // All within one call, as ticks run back to back in one iteration of the event loop.
  c.subscribe!('room/x/state');
  t.publish!('room/x/state', bytes('p1'));
  c.send(bytes('s1'));
  t.publish!('room/x/state', bytes('p2'));
  c.unsubscribe!('room/x/state');
  c.send(bytes('s2'));
  t.publish!('room/x/state', bytes('not for it'));
  c.subscribe!('room/x/state');
  t.publish!('room/x/state', bytes('p3'));
  t.publish!('room/x/state', bytes('p4'));
  c.send(bytes('s3'));
  const want = ['p1', 's1', 'p2', 's2', 'p3', 'p4', 's3'];
  const t0 = Date.now();
  while (got.length < want.length && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50)); // nothing more may follow
  expect(got).toEqual(want);
  ws.close();
});
