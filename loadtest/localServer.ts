/**
 * A game server process of this checkout for the soak (and the fuzz test) to run against: what
 * `npm start` runs (server/main.ts through tsx), without the client build, listening on a free
 * loopback port (`--port 0`; the port is read from its `listening` log line). Stopped by its
 * PID: SIGTERM (a graceful shutdown), then SIGKILL if it is still there after `graceMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_DIR = fileURLToPath(new URL('../', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface LocalServer {
  readonly pid: number;
  readonly httpUrl: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it exited (crashed, if before stop()). */
  readonly hasExited: () => boolean;
  /** The last lines of its stderr (for a report when it crashed). */
  readonly stderrTail: () => string;
  stop(graceMs?: number): Promise<void>;
}

/** Start the server with extra flags (e.g. `--debug-checksum on`); rejects if it does not listen in time. */
export function startLocalServer(flags: readonly string[]): Promise<LocalServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--host', '127.0.0.1', '--port', '0', ...flags], {
    cwd: REPO_DIR,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', STATIC_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve((exit = { code, signal })));
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let buf = '';
    let listening = false;
    const timer = setTimeout(() => fail(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      if (exit === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      reject(e);
    };
    void exited.then((e) => fail(new Error(`the server exited before listening (code ${e.code}): ${stderr.slice(-500)}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening) return; // its later logs are read and dropped
      buf += chunk.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const port = listeningPort(line);
        if (port === null) continue;
        clearTimeout(timer);
        listening = true;
        const pid = child.pid!;
        resolve({
          pid,
          httpUrl: `http://127.0.0.1:${port}`,
          exited,
          hasExited: () => exit !== null,
          stderrTail: () => stderr.slice(-1000),
          async stop(graceMs = 15_000) {
            if (exit !== null) return;
            process.kill(pid, 'SIGTERM');
            const t = setTimeout(() => exit === null && process.kill(pid, 'SIGKILL'), graceMs);
            await exited;
            clearTimeout(t);
          },
        });
        return;
      }
    });
  });
}

/** The port of a `listening` JSON log line; null for any other line. */
function listeningPort(line: string): number | null {
  if (!line.includes('"listening"')) return null;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null) return null;
    const rec = v as Record<string, unknown>;
    return rec.event === 'listening' && typeof rec.port === 'number' ? rec.port : null;
  } catch {
    return null;
  }
}
