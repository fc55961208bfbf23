/** Command-line flags → RunOptions plus the CLI's own settings (report directory, assertions). */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { behaviorsOf } from '../behaviors/index.ts';
import { INSTALLED_GAMES } from '../games.ts';
import { DEFAULT_OPTIONS, gameOf, OptionError, parseBehaviorOption, validateOptions, type RunOptions } from '../options.ts';

export interface CliSettings {
  run: RunOptions;
  reportDir: string | null;
  assert: string | null;
  /** Live status style: auto (TTY → refreshing block), or one line per second. */
  live: 'auto' | 'lines' | 'off';
  help: boolean;
}

/** The usage text, with the installed games' modes and behaviours. */
export function usage(games: readonly AnyGame[] = INSTALLED_GAMES): string {
  return `Usage: npm run loadtest -- [options]

  --url URL             server address (default ${DEFAULT_OPTIONS.url})
  --bots N              number of bots (default ${DEFAULT_OPTIONS.bots})
  --ramp N/s            bots started per second (default ${DEFAULT_OPTIONS.rampPerSec}/s)
  --duration T          whole run, ramp included: 30s, 2m, 1h (default 30s, at most 1h)
  --mode NAME           room type to join: a game's name or a variant (default ${DEFAULT_OPTIONS.mode}); it picks the game
  --game NAME           the game a custom room type plays (default: the game whose variants include --mode)
  --behavior SPEC       one of the game's behaviours, mix, or weights: fighter:3,chaos:1 (default: the game's first)
  --workers N           worker threads (default: one per core)
  --rooms N             spread bots evenly over N rooms (needs the matchmaking API)
  --report DIR          write DIR/report.json and DIR/report.html
  --assert LIST         thresholds, e.g. "rtt.p99<100ms,errors=0": exit code 1 when one fails
  --seed N              seed of the bots' random choices (default 1)
  --socket net|ws       the bots' WebSocket client: net (lean, default) or the ws package
  --status lines|off    one status line per second / none (default: live block on a TTY)
  --help

Games, their modes and behaviours (idle and chaos are the engine's; chaos plays the first):
${games.map(gameUsage).join('\n')}
`;
}

function gameUsage(game: AnyGame): string {
  const modes = Object.entries(game.rooms).map(([mode, r]) => `    --mode ${mode.padEnd(14)} capacity ${r.capacity}, ${r.tickRate} Hz${r.description ? `: ${r.description}` : ''}`);
  const behaviors = Object.values(behaviorsOf(game)).map((b, i) => `    --behavior ${b.name.padEnd(10)} ${b.description}${i === 0 ? ' (default)' : ''}`);
  return [`  ${game.name} (${game.title})`, ...modes, ...behaviors].join('\n');
}

/** "60s", "2m", "500ms", "1h", or a bare number of seconds → milliseconds. */
export function parseDurationMs(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) throw new OptionError(`--duration ${JSON.stringify(raw)}: expected e.g. 30s, 2m, 1h`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']);
}

/** "200/s" or "200" → bots per second. */
export function parseRate(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(raw.trim());
  if (!m) throw new OptionError(`--ramp ${JSON.stringify(raw)}: expected bots per second, e.g. 200/s`);
  return Number(m[1]);
}

function intFlag(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v)) throw new OptionError(`--${name} ${JSON.stringify(raw)}: expected an integer`);
  return v;
}

export function parseCli(argv: readonly string[]): CliSettings {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        url: { type: 'string' },
        bots: { type: 'string' },
        ramp: { type: 'string' },
        duration: { type: 'string' },
        mode: { type: 'string' },
        game: { type: 'string' },
        behavior: { type: 'string' },
        workers: { type: 'string' },
        rooms: { type: 'string' },
        report: { type: 'string' },
        assert: { type: 'string' },
        seed: { type: 'string' },
        socket: { type: 'string' },
        status: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new OptionError((e as Error).message);
  }
  const mode = values.mode ?? DEFAULT_OPTIONS.mode;
  const gameName = values.game ?? null;
  const help = values.help === true;
  // --help lists every game: it needs no mode of one.
  const behaviors = values.behavior !== undefined && !help ? parseBehaviorOption(values.behavior, gameOf({ mode, game: gameName })) : DEFAULT_OPTIONS.behaviors;
  const bots = intFlag(values.bots, 'bots', DEFAULT_OPTIONS.bots);
  const run: RunOptions = {
    ...DEFAULT_OPTIONS,
    url: values.url ?? DEFAULT_OPTIONS.url,
    bots,
    rampPerSec: values.ramp !== undefined ? parseRate(values.ramp) : DEFAULT_OPTIONS.rampPerSec,
    durationMs: values.duration !== undefined ? parseDurationMs(values.duration) : DEFAULT_OPTIONS.durationMs,
    mode,
    game: gameName,
    behaviors,
    workers: intFlag(values.workers, 'workers', Math.max(1, Math.min(availableParallelism(), Math.ceil(bots / 50)))),
    rooms: values.rooms !== undefined ? intFlag(values.rooms, 'rooms', 0) : null,
    seed: intFlag(values.seed, 'seed', DEFAULT_OPTIONS.seed),
    socket: (values.socket ?? DEFAULT_OPTIONS.socket) as RunOptions['socket'],
  };
  const status = values.status;
  if (status !== undefined && status !== 'lines' && status !== 'off') throw new OptionError('--status must be lines or off');
  return {
    run: help ? run : validateOptions(run),
    reportDir: values.report ?? null,
    assert: values.assert ?? null,
    live: status ?? 'auto',
    help,
  };
}
