/** Helpers of the operations tests: Prometheus text parsing, a free port, the real server process. */
import { spawn, type ChildProcess } from 'node:child_process';
export { freePort } from '../../scripts/freePort.ts';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../server/ops/logger.ts';
import { createOpsServer, type OpsServer, type OpsServerOptions } from '../../server/ops/opsServer.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface Sample {
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  type: string;
  help: string;
  samples: Map<string, Sample[]>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)/;

/** Parse Prometheus text exposition format 0.0.4; throws on any line that does not conform. */
export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { type: 'untyped', help: '', samples: new Map() }));
    return f;
  };
  const owner = (sample: string): string => {
    for (const suffix of ['_bucket', '_sum', '_count', '']) {
      const base = suffix && sample.endsWith(suffix) ? sample.slice(0, -suffix.length) : sample;
      if (families.has(base) && (suffix === '' || ['histogram', 'summary'].includes(families.get(base)!.type))) return base;
    }
    return sample;
  };
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line))) family(m[1]!).help = m[2]!;
    else if ((m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) family(m[1]!).type = m[2]!;
    else if (line.startsWith('#')) continue;
    else if ((m = SAMPLE.exec(line))) {
      const labels: Record<string, string> = {};
      let rest = m[2] ?? '';
      while (rest.length > 0) {
        const l = LABEL.exec(rest);
        if (!l) throw new Error(`line ${i + 1}: bad labels: ${line}`);
        labels[l[1]!] = l[2]!;
        rest = rest.slice(l[0].length);
      }
      const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
      // Prometheus parses floats as Go does, case-insensitively: prom-client writes NaN as "Nan".
      if (Number.isNaN(value) && m[3]!.toLowerCase() !== 'nan') throw new Error(`line ${i + 1}: bad value: ${line}`);
      const f = family(owner(m[1]!));
      const list = f.samples.get(m[1]!) ?? [];
      list.push({ labels, value });
      f.samples.set(m[1]!, list);
    } else throw new Error(`line ${i + 1}: not Prometheus text: ${line}`);
  }
  return families;
}

/** Value of one sample whose labels include `labels`; undefined when absent. */
export function sampleValue(families: Map<string, Family>, sample: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of families.values()) {
    for (const s of f.samples.get(sample) ?? []) {
      if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return undefined;
}

export const silentLogger = (): Logger => createLogger({ level: 'silent', format: 'json' });

/** The ops server in this process on an ephemeral port, without static files. */
export async function startOps(overrides: Partial<OpsServerOptions> = {}, log: Logger = silentLogger()): Promise<{ ops: OpsServer; port: number; httpUrl: string; wsUrl: string }> {
  const ops = createOpsServer(
    { game: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, staticDir: null }, adminToken: null, tls: null, shutdownTimeoutMs: 5000, drainDelayMs: 0, ...overrides },
    log,
  );
  const port = await ops.start();
  return { ops, port, httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` };
}

/** The real server process (`node --import tsx server/main.ts`), with its JSON log lines. */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[] = [];
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null; atMs: number } | null = null;
  readonly exited: Promise<void>;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      cwd: REPO_DIR,
      env: { ...process.env, LOG_FORMAT: 'json', STATIC_DIR: '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.logs.push({ raw: line });
        }
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal, atMs: performance.now() };
        resolve();
      });
    });
  }

  find(event: string): Record<string, unknown> | undefined {
    return this.logs.find((l) => l.event === event);
  }

  /** Kill it if it is still running (test cleanup). */
  kill(): void {
    if (this.exit === null && this.child.pid !== undefined) this.child.kill('SIGKILL');
  }
}
