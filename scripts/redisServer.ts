/**
 * A redis-server of our own on a free loopback port (no persistence), stopped by its PID: for the
 * cluster tests (test/cluster/redisServer.ts adds their REQUIRE_REDIS rule) and the benches.
 * Needs redis-server on PATH (Debian package redis-server): `hasRedisServer()` says whether it is.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './freePort.ts';

/** redis-server is on PATH (it answers --version). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** One inline command's raw reply line (e.g. ':3' for SCARD), or null when Redis does not answer. */
function inline(port: number, command: string): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    sock.once('error', () => resolve(null));
    sock.on('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\r\n');
      if (nl >= 0) {
        sock.destroy();
        resolve(buf.slice(0, nl));
      }
    });
    sock.setTimeout(500, () => {
      sock.destroy();
      resolve(null);
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    sock.once('error', () => resolve(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\r\n')) {
        sock.destroy();
        resolve(buf.startsWith('+PONG'));
      }
    });
    sock.setTimeout(500, () => {
      sock.destroy();
      resolve(false);
    });
  });
}

export class RedisServer {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(port?: number): Promise<RedisServer> {
    const r = new RedisServer(port ?? (await freePort()));
    await r.restart();
    return r;
  }

  /** Nodes registered in the directory (the set of node ids; 0 when Redis does not answer). */
  async registeredNodes(prefix = 'arena:'): Promise<number> {
    const reply = await inline(this.port, `SCARD ${prefix}nodes`);
    return reply?.startsWith(':') ? Number(reply.slice(1)) : 0;
  }

  /** (Re)start it on its port and wait until it answers PING. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('already running');
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const t0 = Date.now();
    while (!(await ping(this.port))) {
      if (this.child !== child) throw new Error('redis-server exited at start');
      if (Date.now() - t0 > 5000) throw new Error('redis-server did not answer in 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stop it by its PID (SIGKILL: an outage, not a shutdown) and wait for its exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGKILL');
    await exited;
    this.child = null;
  }
}
