/** `npm run soak` flags → SoakOptions (bounded), or a usage error. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { gameOf, OptionError, parseBehaviorOption } from '../options.ts';
import { SOAK_DEFAULTS, type SoakOptions } from './runSoak.ts';
import { boundedNumber } from '../cli/boundedNumber.ts';

export class SoakOptionError extends Error {
  override readonly name = 'SoakOptionError';
}

const d = SOAK_DEFAULTS;
export const SOAK_USAGE = `Usage: npm run soak -- --minutes M [options]

  --minutes M           how long the bots play, 0.05 to 120 (required)
  --bots N              bots, 1 to 2000 (default ${d.bots})
  --url URL             soak a server already running on this machine (loopback only); without it the
                        soak starts its own (server/main.ts --debug-checksum on, a free loopback port)
                        and stops it by PID at the end
  --mode NAME           room type the bots join; it picks the game (default ${d.mode})
  --behavior SPEC       bot mix, as the load test's --behavior (default: chaos:2 and each of the game's
                        bot policies once; the arena: chaos:2,fighter:1,wander:1)
  --lag-ms MS           network simulator in every bot: round trip added (default ${d.netSim.lagMs})
  --jitter-ms MS        spread of that round trip (default ${d.netSim.jitterMs})
  --stall-percent P     messages held back as by a lost TCP segment, in % (default ${d.netSim.stallChance * 100})
  --stall-ms MS         how long such a message is held (default ${d.netSim.stallMs})
  --seed N              seed of the bots' choices and of the simulator (default ${d.seed})
  --status-every S      a status line every S seconds (default ${d.statusEverySec})
  --help

Exit codes: 0 clean, 1 a desync, a handler that threw on the server, the server lost, or no bot
connected, 2 bad options, 3 the tool failed.
`;

function num(raw: string | undefined, name: string, fallback: number, min: number, max: number, integer = false): number {
  return boundedNumber(raw, name, fallback, min, max, integer, (m) => new SoakOptionError(m));
}

export function parseSoakArgs(argv: readonly string[]): { options: SoakOptions; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        minutes: { type: 'string' }, bots: { type: 'string' }, url: { type: 'string' }, mode: { type: 'string' }, behavior: { type: 'string' },
        'lag-ms': { type: 'string' }, 'jitter-ms': { type: 'string' }, 'stall-percent': { type: 'string' }, 'stall-ms': { type: 'string' },
        seed: { type: 'string' }, 'status-every': { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new SoakOptionError((e as Error).message);
  }
  if (values.help === true) return { options: { ...d, minutes: 0, url: null }, help: true };
  if (values.minutes === undefined) throw new SoakOptionError('--minutes is required');
  const mode = values.mode ?? d.mode;
  const behavior = values.behavior ?? d.behavior;
  try {
    const game = gameOf({ mode, game: null });
    if (behavior !== null) parseBehaviorOption(behavior, game);
  } catch (e) {
    throw new SoakOptionError(e instanceof OptionError ? e.message : String(e));
  }
  const bots = num(values.bots, 'bots', d.bots, 1, 2000, true);
  const lagMs = num(values['lag-ms'], 'lag-ms', d.netSim.lagMs, 0, 2000);
  const options: SoakOptions = {
    minutes: num(values.minutes, 'minutes', 0, 0.05, 120),
    bots,
    url: values.url ?? null,
    mode,
    behavior,
    netSim: {
      lagMs,
      jitterMs: num(values['jitter-ms'], 'jitter-ms', Math.min(d.netSim.jitterMs, lagMs), 0, lagMs),
      stallChance: num(values['stall-percent'], 'stall-percent', d.netSim.stallChance * 100, 0, 50) / 100,
      stallMs: num(values['stall-ms'], 'stall-ms', d.netSim.stallMs, 0, 5000),
    },
    seed: num(values.seed, 'seed', d.seed, 0, 2 ** 31 - 1, true),
    workers: Math.max(1, Math.min(availableParallelism(), Math.ceil(bots / 50))),
    statusEverySec: num(values['status-every'], 'status-every', d.statusEverySec, 1, 3600),
  };
  return { options, help: false };
}
