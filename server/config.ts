/**
 * Server configuration from CLI flags and environment variables (a flag wins over its
 * variable), validated at start: a bad value throws a ConfigError whose one-line message names
 * the flag or variable and the value. The option table is data; `--help` is generated from it.
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, type GameServerConfig } from './GameServer.ts';
import { originOf } from './http/publicEndpoint.ts';
import { MAX_BUFFER_TICKS } from './InputQueue.ts';
import { DEFAULT_RECORD } from './replay/Recordings.ts';

const MB = 1024 * 1024;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The built client, dist/client, from this file's source (server/config.ts) or its build (dist/server/server/config.js). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../dist/client' : '../../client', import.meta.url));
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** Everything main.ts needs to run the server. */
export interface ServerOptions {
  game: GameServerConfig;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** null: the admin page and API answer 404. */
  adminToken: string | null;
  /** null: plain ws:// and http://. */
  tls: { keyFile: string; certFile: string } | null;
  /** Upper bound on a graceful shutdown, from the signal to the exit. */
  shutdownTimeoutMs: number;
  /** How long /readyz reports 503 while games go on, before clients are told to go away. */
  drainDelayMs: number;
  /**
   * Draining (SIGTERM/SIGINT, or the admin drain): running rooms play on at most this long (less
   * if their players leave), then the players left are closed (4017 NodeDraining in a cluster,
   * 1001 otherwise). 0: closed at once (after drainDelayMs).
   */
  drainDeadlineMs: number;
}

type Kind =
  | { type: 'int'; min: number; max: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'host' }
  | { type: 'dir' }
  | { type: 'file' }
  | { type: 'secret' }
  /** An http(s) base URL without path, query or credentials. */
  | { type: 'url' }
  /** A comma list of origins (scheme://host[:port]) or `*`. */
  | { type: 'origins' }
  /** A comma list of IP addresses. */
  | { type: 'ips' }
  /** A redis:// or rediss:// URL. */
  | { type: 'redis' }
  /** A short name of letters, digits, '.', '_' and '-'. */
  | { type: 'id' };

interface OptionSpec {
  flag: string;
  env: string;
  kind: Kind;
  /** Default as text ('' = unset). */
  fallback: string;
  help: string;
}

/** An unset optional number (its fallback '' reads as 0, below its minimum). */
const orNull = (n: number): number | null => (n === 0 || !Number.isFinite(n) ? null : n);
const int = (min: number, max: number): Kind => ({ type: 'int', min, max });
const D = DEFAULT_CONFIG;

export const OPTIONS: readonly OptionSpec[] = [
  { flag: 'port', env: 'PORT', kind: int(0, 65535), fallback: String(D.port), help: 'TCP port for HTTP and WebSocket (0: any free port)' },
  { flag: 'host', env: 'HOST', kind: { type: 'host' }, fallback: D.host, help: 'address to listen on' },
  { flag: 'tick-rate', env: 'TICK_RATE', kind: int(1, 240), fallback: '', help: "simulation ticks per second, for every room type (default: each game's own)" },
  { flag: 'room-capacity', env: 'ROOM_CAPACITY', kind: int(1, 1000), fallback: '', help: "players per room of each game's default room type (default: the game's)" },
  { flag: 'max-rooms', env: 'MAX_ROOMS', kind: int(1, 100_000), fallback: String(D.maxRooms), help: 'rooms at most; joins beyond are refused' },
  { flag: 'map-width', env: 'MAP_WIDTH', kind: int(400, 20_000), fallback: '', help: "map width in world units, for each game's default room type that has one (default: the game's)" },
  { flag: 'map-height', env: 'MAP_HEIGHT', kind: int(400, 20_000), fallback: '', help: "map height in world units, likewise (default: the game's)" },
  { flag: 'join-timeout-ms', env: 'JOIN_TIMEOUT_MS', kind: int(100, 600_000), fallback: String(D.joinTimeoutMs), help: 'close connections that send no Join within this time' },
  { flag: 'soft-backpressure-bytes', env: 'SOFT_BACKPRESSURE_BYTES', kind: int(1024, 256 * 1024 * 1024), fallback: String(D.softBackpressureBytes), help: 'skip state updates to a client with more than this buffered' },
  { flag: 'hard-backpressure-bytes', env: 'HARD_BACKPRESSURE_BYTES', kind: int(2048, 512 * 1024 * 1024), fallback: String(D.hardBackpressureBytes), help: 'close a client with more than this buffered (4005)' },
  { flag: 'messages-per-sec', env: 'MESSAGES_PER_SEC', kind: int(1, 10_000), fallback: String(D.session.messagesPerSec), help: 'messages per second a client may send' },
  { flag: 'message-burst', env: 'MESSAGE_BURST', kind: int(1, 10_000), fallback: String(D.session.messageBurst), help: 'burst of messages a client may send at once' },
  { flag: 'max-violation-score', env: 'MAX_VIOLATION_SCORE', kind: int(1, 10_000), fallback: String(D.session.maxViolationScore), help: 'bad-message score at which a client is closed (4003)' },
  { flag: 'seat-expiry-ms', env: 'SEAT_EXPIRY_MS', kind: int(100, 600_000), fallback: String(D.seatExpiryMs), help: 'free a matchmaking seat not claimed within this time' },
  { flag: 'reconnect-grace-ms', env: 'RECONNECT_GRACE_MS', kind: int(0, 3_600_000), fallback: String(D.reconnectGraceMs), help: 'hold a dropped player this long for a reconnect (0: free the seat at once)' },
  { flag: 'empty-room-ttl-ms', env: 'EMPTY_ROOM_TTL_MS', kind: int(100, 3_600_000), fallback: String(D.emptyRoomTtlMs), help: 'dispose a room nobody holds a seat in after this long' },
  { flag: 'slow-reader-timeout-ms', env: 'SLOW_READER_TIMEOUT_MS', kind: int(500, 600_000), fallback: String(D.slowReaderTimeoutMs), help: 'a client that cannot take states (send buffer over the soft limit, or too much unacknowledged) for this long is closed with 4005' },
  { flag: 'max-in-flight-ms', env: 'MAX_IN_FLIGHT_MS', kind: int(100, 60_000), fallback: String(D.maxInFlightMs), help: 'a client with more than this much state sent but not acknowledged gets no deltas until it catches up' },
  { flag: 'debug-checksum', env: 'DEBUG_CHECKSUM', kind: { type: 'enum', values: ['off', 'on'] }, fallback: D.debugChecksum ? 'on' : 'off', help: "attach a checksum of each client's view to every State; clients verify it (debug)" },
  { flag: 'matchmake-per-sec', env: 'MATCHMAKE_PER_SEC', kind: int(1, 100_000), fallback: String(D.matchmakePerSec), help: 'POST /api/matchmake calls per second allowed per client address (then 429)' },
  { flag: 'matchmake-burst', env: 'MATCHMAKE_BURST', kind: int(1, 1_000_000), fallback: String(D.matchmakeBurst), help: 'burst of matchmake calls allowed per client address' },
  { flag: 'reclaim-unjoined-after-ms', env: 'RECLAIM_UNJOINED_AFTER_MS', kind: int(0, 600_000), fallback: String(D.reclaimUnjoinedAfterMs), help: 'at --max-rooms, a room nobody has joined that is this old gives its place to a new room' },
  { flag: 'max-pending-per-address', env: 'MAX_PENDING_PER_ADDRESS', kind: int(1, 100_000), fallback: String(D.maxPendingPerAddress), help: 'matchmaking seats one client address may hold unclaimed (then 429 TooManyPending)' },
  { flag: 'max-unjoined-rooms-per-address', env: 'MAX_UNJOINED_ROOMS_PER_ADDRESS', kind: int(1, 100_000), fallback: String(D.maxUnjoinedRoomsPerAddress), help: 'rooms one client address may have created that nobody has joined yet (then 429 TooManyPending)' },
  { flag: 'max-connections-per-address', env: 'MAX_CONNECTIONS_PER_ADDRESS', kind: int(0, 1_000_000), fallback: String(D.maxConnectionsPerAddress), help: 'open WebSockets one client address may hold (then the upgrade gets HTTP 429; 0: no cap)' },
  { flag: 'limit-loopback', env: 'LIMIT_LOOPBACK', kind: { type: 'enum', values: ['off', 'on'] }, fallback: D.limitLoopback ? 'on' : 'off', help: 'apply the per-address caps to loopback addresses too (off: 127.0.0.0/8 and ::1 are exempt, for load tests from this machine)' },
  { flag: 'max-input-buffer-ticks', env: 'MAX_INPUT_BUFFER_TICKS', kind: int(0, MAX_BUFFER_TICKS), fallback: String(D.session.maxInputBufferTicks ?? MAX_BUFFER_TICKS), help: "the most inputs the server holds back per client so jitter does not make its player stutter (ticks of added input delay, adapted to each client's network; 0: none)" },
  { flag: 'max-over-rate-ms', env: 'MAX_OVER_RATE_MS', kind: int(0, 600_000), fallback: String(D.session.maxOverRateMs ?? 0), help: 'close a client over its message rate this long without a break (4016; 0: never)' },
  { flag: 'public-url', env: 'PUBLIC_URL', kind: { type: 'url' }, fallback: '', help: 'HTTP base URL clients use (https://game.example.com): wsUrl of matchmake replies and the default allowed origin' },
  { flag: 'allowed-origins', env: 'ALLOWED_ORIGINS', kind: { type: 'origins' }, fallback: '', help: "page origins that may open game sessions, comma list ('*': any; unset: the public URL's origin, or localhost/127.0.0.1 on this port)" },
  { flag: 'trust-proxy', env: 'TRUST_PROXY', kind: { type: 'ips' }, fallback: '', help: 'comma list of proxy addresses whose X-Forwarded-For/-Proto are believed (unset: none)' },
  { flag: 'net-sim-lag-ms', env: 'NET_SIM_LAG_MS', kind: int(0, 5_000), fallback: String(D.netSimLagMs), help: 'network simulator: round trip added to every connection, half each way (demos, tests; 0: off)' },
  { flag: 'net-sim-jitter-ms', env: 'NET_SIM_JITTER_MS', kind: int(0, 5_000), fallback: String(D.netSimJitterMs), help: 'network simulator: spread of that round trip (each way uniform in ± half; in order)' },
  { flag: 'net-sim-stall-percent', env: 'NET_SIM_STALL_PERCENT', kind: int(0, 100), fallback: String(D.netSimStallPercent), help: 'network simulator: % of seconds, each way, holding a stall (a lost TCP segment: what is sent during it arrives together at its end)' },
  { flag: 'net-sim-stall-ms', env: 'NET_SIM_STALL_MS', kind: int(1, 5_000), fallback: String(D.netSimStallMs), help: 'network simulator: how long a stall lasts (a retransmission timeout)' },
  { flag: 'net-sim-seed', env: 'NET_SIM_SEED', kind: int(0, 2_147_483_647), fallback: String(D.netSimSeed), help: 'network simulator: seed of its jitter and stalls (same seed and order of connections: same run)' },
  { flag: 'max-rewind-ms', env: 'MAX_REWIND_MS', kind: int(0, 1_000), fallback: String(D.maxRewindMs), help: "lag compensation: shots are tested against targets where the shooter saw them, at most this far back (0: off)" },
  { flag: 'redis', env: 'REDIS_URL', kind: { type: 'redis' }, fallback: '', help: 'Redis of the cluster (redis://host:6379): rooms, seats, codes and nodes shared by every node using it (unset: rooms in memory, this process only)' },
  { flag: 'node-id', env: 'NODE_ID', kind: { type: 'id' }, fallback: '', help: "this node's id in the cluster and in /api/rooms (letters, digits, . _ -; unset: generated)" },
  { flag: 'record', env: 'RECORD_DIR', kind: { type: 'dir' }, fallback: '', help: 'record every room into this directory (docs/replay.md; created if missing; unset: no room records by itself)' },
  { flag: 'recordings', env: 'RECORDINGS_DIR', kind: { type: 'dir' }, fallback: '', help: 'directory of the recordings an operator starts per room (admin API) without --record (default: --record\'s)' },
  { flag: 'record-max-file-mb', env: 'RECORD_MAX_FILE_MB', kind: int(1, 1_000_000), fallback: String(DEFAULT_RECORD.maxFileBytes / MB), help: 'a recording file past this size ends and the recording continues in its next part' },
  { flag: 'record-keep-mb', env: 'RECORD_KEEP_MB', kind: int(0, 100_000_000), fallback: String(DEFAULT_RECORD.keepBytes / MB), help: 'keep the recordings directory under this size: the oldest ended files are deleted (0: keep all)' },
  { flag: 'record-keyframe-sec', env: 'RECORD_KEYFRAME_SEC', kind: int(1, 600), fallback: String(DEFAULT_RECORD.keyframeEverySec), help: "a recording's full state every this many seconds (where the viewer can seek to)" },
  { flag: 'static-dir', env: 'STATIC_DIR', kind: { type: 'dir' }, fallback: DEFAULT_STATIC_DIR, help: "directory of the built client to serve ('' to serve none)" },
  { flag: 'log-level', env: 'LOG_LEVEL', kind: { type: 'enum', values: LOG_LEVELS }, fallback: 'info', help: 'lowest level logged' },
  { flag: 'log-format', env: 'LOG_FORMAT', kind: { type: 'enum', values: LOG_FORMATS }, fallback: 'auto', help: 'auto: pretty when stdout is a terminal, JSON lines otherwise' },
  { flag: 'admin-token', env: 'ADMIN_TOKEN', kind: { type: 'secret' }, fallback: '', help: `token for /admin (at least ${MIN_ADMIN_TOKEN_LENGTH} characters; unset: admin off). Prefer the variable: flags show in ps` },
  { flag: 'tls-key', env: 'TLS_KEY_FILE', kind: { type: 'file' }, fallback: '', help: 'PEM private key: serve https:// and wss:// (needs --tls-cert)' },
  { flag: 'tls-cert', env: 'TLS_CERT_FILE', kind: { type: 'file' }, fallback: '', help: 'PEM certificate chain (needs --tls-key)' },
  { flag: 'shutdown-timeout-ms', env: 'SHUTDOWN_TIMEOUT_MS', kind: int(100, 600_000), fallback: '10000', help: 'on SIGTERM/SIGINT, exit within this time' },
  { flag: 'drain-delay-ms', env: 'DRAIN_DELAY_MS', kind: int(0, 600_000), fallback: '0', help: 'on SIGTERM/SIGINT, report not-ready this long before closing clients' },
  { flag: 'drain-deadline-sec', env: 'DRAIN_DEADLINE_SEC', kind: int(0, 3600), fallback: '0', help: 'draining (SIGTERM/SIGINT, admin drain): rooms play on at most this long, or until empty, then players are closed (4017 NodeDraining in a cluster: the SDK matchmakes elsewhere); below --shutdown-timeout-ms' },
];

export type ParsedArgs = { help: true } | { help: false; options: ServerOptions };

/** Parse argv (without node and script) and the environment. Throws ConfigError. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const fromFlags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const spec = m ? OPTIONS.find((o) => o.flag === m[1]) : undefined;
    if (!m || !spec) throw new ConfigError(`unknown option ${JSON.stringify(arg)} (see --help)`);
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new ConfigError(`--${spec.flag} needs a value (see --help)`);
    }
    fromFlags.set(spec.flag, value);
  }
  const values = new Map<string, string | number>();
  const source = new Map<string, string>();
  for (const spec of OPTIONS) {
    const flagValue = fromFlags.get(spec.flag);
    const envValue = env[spec.env];
    const [raw, name] = flagValue !== undefined ? [flagValue, `--${spec.flag}`] : envValue !== undefined ? [envValue, spec.env] : [spec.fallback, ''];
    source.set(spec.flag, name || `--${spec.flag}`);
    values.set(spec.flag, name ? check(spec, raw, name) : spec.kind.type === 'int' ? Number(raw) : raw);
  }
  const num = (flag: string): number => values.get(flag) as number;
  const str = (flag: string): string => values.get(flag) as string;
  const soft = num('soft-backpressure-bytes');
  const hard = num('hard-backpressure-bytes');
  if (soft >= hard) throw new ConfigError(`${source.get('soft-backpressure-bytes')}=${soft} must be below ${source.get('hard-backpressure-bytes')}=${hard}`);
  if (num('drain-delay-ms') >= num('shutdown-timeout-ms')) {
    throw new ConfigError(`${source.get('drain-delay-ms')}=${num('drain-delay-ms')} must be below ${source.get('shutdown-timeout-ms')}=${num('shutdown-timeout-ms')}`);
  }
  if (num('drain-delay-ms') + num('drain-deadline-sec') * 1000 >= num('shutdown-timeout-ms')) {
    throw new ConfigError(
      `${source.get('drain-delay-ms')}=${num('drain-delay-ms')} ms plus ${source.get('drain-deadline-sec')}=${num('drain-deadline-sec')} s must be below ${source.get('shutdown-timeout-ms')}=${num('shutdown-timeout-ms')} ms (raise it: the drain and the close must fit in the shutdown bound)`,
    );
  }
  const keyFile = str('tls-key');
  const certFile = str('tls-cert');
  if ((keyFile === '') !== (certFile === '')) {
    const [given, missing] = keyFile ? ['tls-key', 'tls-cert'] : ['tls-cert', 'tls-key'];
    throw new ConfigError(`${source.get(given)} is set but ${source.get(missing)} is not: give both the key and the certificate to serve wss://`);
  }
  const staticDir = str('static-dir');
  const recordAll = str('record');
  const recordings = str('recordings');
  if (recordAll !== '' && recordings !== '' && recordAll !== recordings) {
    throw new ConfigError(`${source.get('record')} and ${source.get('recordings')} name two directories: give one (--record records every room into it, --recordings only what an operator starts)`);
  }
  return {
    help: false,
    options: {
      game: {
        ...DEFAULT_CONFIG,
        host: str('host'),
        port: num('port'),
        tickRate: orNull(num('tick-rate')),
        roomCapacity: orNull(num('room-capacity')),
        maxRooms: num('max-rooms'),
        mapWidth: orNull(num('map-width')),
        mapHeight: orNull(num('map-height')),
        joinTimeoutMs: num('join-timeout-ms'),
        softBackpressureBytes: soft,
        hardBackpressureBytes: hard,
        seatExpiryMs: num('seat-expiry-ms'),
        reconnectGraceMs: num('reconnect-grace-ms'),
        emptyRoomTtlMs: num('empty-room-ttl-ms'),
        session: { messagesPerSec: num('messages-per-sec'), messageBurst: num('message-burst'), maxViolationScore: num('max-violation-score'), maxOverRateMs: num('max-over-rate-ms'), maxInputBufferTicks: num('max-input-buffer-ticks') },
        staticDir: staticDir === '' ? null : staticDir,
        netSimLagMs: num('net-sim-lag-ms'),
        netSimJitterMs: num('net-sim-jitter-ms'),
        netSimStallPercent: num('net-sim-stall-percent'),
        netSimStallMs: num('net-sim-stall-ms'),
        netSimSeed: num('net-sim-seed'),
        maxRewindMs: num('max-rewind-ms'),
        slowReaderTimeoutMs: num('slow-reader-timeout-ms'),
        maxInFlightMs: num('max-in-flight-ms'),
        debugChecksum: str('debug-checksum') === 'on',
        matchmakePerSec: num('matchmake-per-sec'),
        matchmakeBurst: num('matchmake-burst'),
        reclaimUnjoinedAfterMs: num('reclaim-unjoined-after-ms'),
        maxPendingPerAddress: num('max-pending-per-address'),
        maxUnjoinedRoomsPerAddress: num('max-unjoined-rooms-per-address'),
        maxConnectionsPerAddress: num('max-connections-per-address'),
        limitLoopback: str('limit-loopback') === 'on',
        publicUrl: str('public-url') === '' ? null : str('public-url'),
        allowedOrigins: list(str('allowed-origins')),
        trustProxy: list(str('trust-proxy')),
        redisUrl: str('redis') === '' ? null : str('redis'),
        nodeId: str('node-id'),
        record: {
          dir: recordAll || recordings || null,
          all: recordAll !== '',
          maxFileBytes: num('record-max-file-mb') * MB,
          keepBytes: num('record-keep-mb') * MB,
          keyframeEverySec: num('record-keyframe-sec'),
        },
      },
      logLevel: str('log-level') as LogLevel,
      logFormat: str('log-format') as LogFormat,
      adminToken: str('admin-token') || null,
      tls: keyFile ? { keyFile, certFile } : null,
      shutdownTimeoutMs: num('shutdown-timeout-ms'),
      drainDelayMs: num('drain-delay-ms'),
      drainDeadlineMs: num('drain-deadline-sec') * 1000,
    },
  };
}

/** The canonical origin of an http(s) URL that is nothing but an origin (no path, query or credentials), else null. */
function bareOrigin(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.username || u.password || u.search || u.hash || u.pathname !== '/') return null;
  return originOf(u.href);
}

/** The items of a comma list, trimmed, empty ones dropped. */
const list = (raw: string): string[] => raw.split(',').map((x) => x.trim()).filter((x) => x !== '');

function check(spec: OptionSpec, raw: string, name: string): string | number {
  const bad = (expected: string): ConfigError => new ConfigError(`${name}=${spec.kind.type === 'secret' || spec.kind.type === 'redis' ? '(hidden)' : JSON.stringify(raw)} is invalid: ${expected}`);
  const kind = spec.kind;
  switch (kind.type) {
    case 'int': {
      const v = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(v) || v < kind.min || v > kind.max) throw bad(`expected an integer from ${kind.min} to ${kind.max}`);
      return v;
    }
    case 'enum':
      if (!kind.values.includes(raw)) throw bad(`expected one of ${kind.values.join(', ')}`);
      return raw;
    case 'host':
      if (raw === '' || /\s/.test(raw)) throw bad('expected an address or host name without spaces');
      return raw;
    case 'dir':
      return raw;
    case 'secret':
      if (raw === '') return raw;
      if (raw.length < MIN_ADMIN_TOKEN_LENGTH || /\s/.test(raw)) throw bad(`expected at least ${MIN_ADMIN_TOKEN_LENGTH} characters without spaces (e.g. \`openssl rand -hex 24\`)`);
      return raw;
    case 'url': {
      if (raw === '') return raw;
      const origin = bareOrigin(raw);
      if (origin === null) throw bad('expected an http:// or https:// URL without path, query or credentials (e.g. https://game.example.com)');
      return origin;
    }
    case 'origins': {
      const items = list(raw);
      const wrong = items.find((o) => o !== '*' && bareOrigin(o) === null);
      if (wrong !== undefined) throw bad(`expected * or origins such as https://game.example.com, separated by commas (not ${JSON.stringify(wrong.slice(0, 80))})`);
      return items.map((o) => (o === '*' ? o : bareOrigin(o)!)).join(',');
    }
    case 'ips': {
      const wrong = list(raw).find((a) => isIP(a) === 0);
      if (wrong !== undefined) throw bad(`expected IP addresses separated by commas (not ${JSON.stringify(wrong.slice(0, 80))})`);
      return raw;
    }
    case 'redis': {
      if (raw === '') return raw;
      let u: URL | null = null;
      try {
        u = new URL(raw);
      } catch {
        u = null;
      }
      if (u === null || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || u.hostname === '') throw bad('expected a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)');
      return raw;
    }
    case 'id':
      if (raw !== '' && !/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw bad("expected 1 to 64 letters, digits, '.', '_' or '-'");
      return raw;
    case 'file':
      if (raw === '') return raw;
      try {
        accessSync(raw, fsConstants.R_OK);
      } catch (e) {
        throw bad(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      return raw;
  }
}

const ARG_NAMES: Record<Kind['type'], string> = { int: '<int>', enum: '<name>', file: '<file>', dir: '<dir>', host: '<text>', secret: '<text>', url: '<url>', origins: '<list>', ips: '<list>', redis: '<url>', id: '<name>' };

/** The text `--help` prints: every option with its variable and default. */
export function helpText(): string {
  const rows = OPTIONS.map((o) => {
    const arg = ARG_NAMES[o.kind.type];
    const fallback = o.fallback === '' ? 'unset' : o.fallback === DEFAULT_STATIC_DIR ? 'dist/client' : o.fallback;
    const help = o.kind.type === 'enum' ? `${o.help} (${o.kind.values.join(', ')})` : o.help;
    return [`--${o.flag} ${arg}`, o.env, fallback, help] as const;
  });
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const w2 = Math.max(...rows.map((r) => r[2].length), 'default'.length);
  const line = (r: readonly string[]): string => `  ${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]!.padEnd(w2)}  ${r[3]}`;
  return [
    'Usage: npm start -- [options]    (or: tsx server/main.ts [options])',
    '',
    'Every option can also be set with its environment variable; a flag wins over its variable.',
    '',
    line(['option', 'variable', 'default', '']),
    ...rows.map(line),
    `  ${'--help'.padEnd(w0)}  print this and exit`,
    '',
  ].join('\n');
}
