/** wss:// with a self-signed certificate made by the openssl CLI: a client joins and receives states. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import type { SocketLike } from '../../shared/sdk/socket.ts';
import type { OpsServer } from '../../server/ops/opsServer.ts';
import { until } from '../helpers/net.ts';
import { startOps } from './opsHelpers.ts';
import { arena } from '../../games/arena/index.ts';

let dir: string;
let ops: OpsServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arena-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  ({ ops, port } = await startOps({ tls: { keyFile, certFile } }));
});
afterAll(async () => {
  await ops?.shutdown('test over');
  rmSync(dir, { recursive: true, force: true });
});

function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('TLS', () => {
  it('serves https:// and wss:// with the given key and certificate', async () => {
    expect(await httpsStatus(`https://127.0.0.1:${port}/healthz`)).toBe(200);
    const c = new GameClient({ game: arena,
      url: `wss://127.0.0.1:${port}/ws`,
      name: 'secure',
      socketFactory: (u) => new WebSocket(u, { rejectUnauthorized: false }) as unknown as SocketLike,
    });
    const welcome = await c.connect();
    expect(welcome.playerId).toBeGreaterThan(0);
    c.sendInput({ mx: 1, my: 0, aim: 0, fire: false });
    await until(() => c.stats.states >= 5 && c.ackSeq === 1, 5000, 'states over wss');
    expect(c.view.entities.has(welcome.playerId)).toBe(true);
    c.leave();

    // A client that checks certificates refuses the self-signed one: this really is TLS.
    const strict = new WebSocket(`wss://127.0.0.1:${port}/ws`);
    const err = await new Promise<Error>((resolve) => strict.on('error', resolve));
    expect(err.message).toMatch(/self[- ]signed|certificate/i);
  });
});
