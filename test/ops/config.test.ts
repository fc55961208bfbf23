/** Configuration from flags and environment: values, precedence, and one-line messages naming the bad value. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_STATIC_DIR, OPTIONS, helpText, parseConfig, type ServerOptions } from '../../server/config.ts';
import { DEFAULT_CONFIG } from '../../server/GameServer.ts';
import { REPO_DIR } from './opsHelpers.ts';

function options(argv: string[], env: Record<string, string> = {}): ServerOptions {
  const parsed = parseConfig(argv, env);
  if (parsed.help) throw new Error('unexpected help');
  return parsed.options;
}

function message(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseConfig(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: REPO_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('configuration', () => {
  it('defaults, environment variables, and flags that win over them', () => {
    const d = options([]);
    expect(d.game).toEqual({ ...DEFAULT_CONFIG, staticDir: DEFAULT_STATIC_DIR });
    expect(d).toMatchObject({ logLevel: 'info', logFormat: 'auto', adminToken: null, tls: null, shutdownTimeoutMs: 10_000, drainDelayMs: 0 });

    const env = { PORT: '9001', TICK_RATE: '20', ROOM_CAPACITY: '8', LOG_LEVEL: 'debug', ADMIN_TOKEN: 'a-long-enough-admin-token', STATIC_DIR: '' };
    const o = options(['--port', '9000', '--tick-rate=60', '--max-violation-score', '5'], env);
    expect(o.game).toMatchObject({ port: 9000, tickRate: 60, roomCapacity: 8, staticDir: null, session: { ...DEFAULT_CONFIG.session, maxViolationScore: 5 } });
    expect(o.logLevel).toBe('debug');
    expect(o.adminToken).toBe('a-long-enough-admin-token');
  });

  it('rejects bad values with one line naming the flag or variable and the value', () => {
    expect(message(['--tick-rate', 'abc'])).toBe('--tick-rate="abc" is invalid: expected an integer from 1 to 240');
    expect(message([], { TICK_RATE: '0' })).toBe('TICK_RATE="0" is invalid: expected an integer from 1 to 240');
    expect(message([], { PORT: '70000' })).toBe('PORT="70000" is invalid: expected an integer from 0 to 65535');
    expect(message([], { PORT: '80.5' })).toBe('PORT="80.5" is invalid: expected an integer from 0 to 65535');
    expect(message([], { LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL="loud" is invalid: expected one of fatal, error, warn, info, debug, trace, silent');
    expect(message([], { HOST: ' ' })).toBe('HOST=" " is invalid: expected an address or host name without spaces');
    // The token is never echoed.
    expect(message([], { ADMIN_TOKEN: 'short' })).toMatch(/^ADMIN_TOKEN=\(hidden\) is invalid: expected at least 16 characters/);
    expect(message(['--bogus', '1'])).toBe('unknown option "--bogus" (see --help)');
    expect(message(['--port'])).toBe('--port needs a value (see --help)');
    expect(message([], { TLS_KEY_FILE: 'no/such/key.pem', TLS_CERT_FILE: 'no/such/cert.pem' })).toBe('TLS_KEY_FILE="no/such/key.pem" is invalid: cannot read the file (ENOENT)');
    expect(message(['--tls-cert', 'package.json'])).toBe('--tls-cert is set but --tls-key is not: give both the key and the certificate to serve wss://');
    expect(message([], { SOFT_BACKPRESSURE_BYTES: '2000000' })).toBe('SOFT_BACKPRESSURE_BYTES=2000000 must be below --hard-backpressure-bytes=1048576');
    expect(message(['--drain-delay-ms', '5000', '--shutdown-timeout-ms', '5000'])).toBe('--drain-delay-ms=5000 must be below --shutdown-timeout-ms=5000');
  });

  it('reads the surface flags: public URL, origins, trusted proxies, per-address caps', () => {
    const o = options(
      ['--public-url', 'https://Game.Example.com/', '--allowed-origins', 'https://a.example, http://localhost:8080', '--trust-proxy=10.0.0.1,::1', '--limit-loopback', 'on'],
      { MAX_CONNECTIONS_PER_ADDRESS: '0', MAX_PENDING_PER_ADDRESS: '5', MAX_UNJOINED_ROOMS_PER_ADDRESS: '2', MAX_OVER_RATE_MS: '0' },
    );
    expect(o.game).toMatchObject({
      publicUrl: 'https://game.example.com',
      allowedOrigins: ['https://a.example', 'http://localhost:8080'],
      trustProxy: ['10.0.0.1', '::1'],
      limitLoopback: true,
      maxConnectionsPerAddress: 0,
      maxPendingPerAddress: 5,
      maxUnjoinedRoomsPerAddress: 2,
      session: { maxOverRateMs: 0 },
    });
    expect(options([], { ALLOWED_ORIGINS: '*' }).game.allowedOrigins).toEqual(['*']);
    expect(message(['--public-url', 'https://game.example.com/play'])).toMatch(/^--public-url="https:\/\/game.example.com\/play" is invalid: expected an http:\/\/ or https:\/\/ URL without path/);
    expect(message([], { PUBLIC_URL: 'ftp://x' })).toMatch(/^PUBLIC_URL="ftp:\/\/x" is invalid/);
    expect(message([], { ALLOWED_ORIGINS: 'https://a.example,evil' })).toMatch(/^ALLOWED_ORIGINS=.* is invalid: expected \* or origins .*\(not "evil"\)$/);
    expect(message(['--trust-proxy', '10.0.0.1,proxy.local'])).toMatch(/is invalid: expected IP addresses separated by commas \(not "proxy.local"\)$/);
  });

  it('--help lists every option with its variable and default', () => {
    expect(parseConfig(['--port', '1', '--help'], {})).toEqual({ help: true });
    const text = helpText();
    for (const o of OPTIONS) expect(text).toMatch(new RegExp(`--${o.flag} <\\w+>\\s+${o.env}\\s+\\S+`));
    expect(text).toMatch(/--tick-rate <int>\s+TICK_RATE\s+unset\s/);
    expect(text).toMatch(/--admin-token <text>\s+ADMIN_TOKEN\s+unset\s/);
  });

  it('the real entry point prints help and exits 0, or prints one line and exits 1', async () => {
    const [help, bad] = await Promise.all([run(['--help']), run(['--port', '9000'], { TICK_RATE: 'fast' })]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('SHUTDOWN_TIMEOUT_MS');
    expect(help.stderr).toBe('');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('Cannot start: TICK_RATE="fast" is invalid: expected an integer from 1 to 240\n');
  });
});
