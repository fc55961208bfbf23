/** `npm run fuzz` flags → FuzzOptions (bounded), or a usage error. */
import { parseArgs } from 'node:util';
import { FUZZ_BOUNDS, FUZZ_DEFAULTS, type FuzzOptions } from './runFuzz.ts';
import { boundedNumber } from '../cli/boundedNumber.ts';

export class FuzzOptionError extends Error {
  override readonly name = 'FuzzOptionError';
}

const d = FUZZ_DEFAULTS;
export const FUZZ_USAGE = `Usage: npm run fuzz -- --url URL --frames N [options]

  --url URL             a server on this machine (127.0.0.0/8, localhost, [::1]); default http://127.0.0.1:8080
  --frames N            frames to send, 1 to ${FUZZ_BOUNDS.maxFrames} (default 100000)
  --seed S              seed of the frame stream (default ${d.seed}): the same seed sends the same frames
  --connections C       sockets at once, 1 to ${FUZZ_BOUNDS.maxConnections} (default ${d.connections}); closed ones reconnect
  --rate R              frames per second per connection (default ${d.perSec}; the server allows 120)
  --max-seconds T       stop sending after T seconds even if frames remain (default ${d.maxSeconds}, at most ${FUZZ_BOUNDS.maxSeconds})
  --stall-ms MS         a stall longer than this fails the run (default ${d.stallLimitMs})
  --rss-limit-mb MB     RSS more than this above the start after the settle period fails the run (default ${d.rssLimitMB})
  --settle-seconds T    how long RSS may take to come back after the frames (default ${d.settleSeconds})
  --help

Exit codes: 0 clean, 1 crash, stall, memory or a handler that threw, 2 bad options or no server, 3 the tool failed.
`;

function num(raw: string | undefined, name: string, fallback: number, min: number, max: number, integer = true): number {
  return boundedNumber(raw, name, fallback, min, max, integer, (m) => new FuzzOptionError(m));
}

export function parseFuzzArgs(argv: readonly string[]): { options: FuzzOptions; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        url: { type: 'string' }, frames: { type: 'string' }, seed: { type: 'string' }, connections: { type: 'string' },
        rate: { type: 'string' }, 'max-seconds': { type: 'string' }, 'stall-ms': { type: 'string' }, 'rss-limit-mb': { type: 'string' },
        'settle-seconds': { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new FuzzOptionError((e as Error).message);
  }
  const options: FuzzOptions = {
    url: values.url ?? 'http://127.0.0.1:8080',
    frames: num(values.frames, 'frames', 100_000, 1, FUZZ_BOUNDS.maxFrames),
    seed: num(values.seed, 'seed', d.seed, 0, 2 ** 32 - 1),
    connections: num(values.connections, 'connections', d.connections, 1, FUZZ_BOUNDS.maxConnections),
    perSec: num(values.rate, 'rate', d.perSec, 1, FUZZ_BOUNDS.maxPerSec),
    maxSeconds: num(values['max-seconds'], 'max-seconds', d.maxSeconds, 1, FUZZ_BOUNDS.maxSeconds, false),
    stallLimitMs: num(values['stall-ms'], 'stall-ms', d.stallLimitMs, 10, 60_000),
    rssLimitMB: num(values['rss-limit-mb'], 'rss-limit-mb', d.rssLimitMB, 1, 65_536),
    settleSeconds: num(values['settle-seconds'], 'settle-seconds', d.settleSeconds, 0, 600, false),
  };
  return { options, help: values.help === true };
}
