/**
 * The netcode benchmark's options and network profiles (see bench/netcode.ts). A profile is the
 * server's network simulator for every bot: round trip, its spread, and stalls (the share of
 * seconds, each direction, that hold one, and its length).
 */

export interface NetProfile {
  name: string;
  lagMs: number;
  jitterMs: number;
  stallPercent: number;
  stallMs: number;
}

export const PROFILES: readonly NetProfile[] = [
  { name: '150j30', lagMs: 150, jitterMs: 30, stallPercent: 0, stallMs: 200 },
  { name: '250j50', lagMs: 250, jitterMs: 50, stallPercent: 0, stallMs: 200 },
  { name: '150stalls', lagMs: 150, jitterMs: 30, stallPercent: 1, stallMs: 200 },
];

export const VARIANTS = ['on', 'nobuf', 'off'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface Args {
  seconds: number;
  warmup: number;
  bots: number;
  seed: number;
  /** Lag compensation bound of the runs with the netcode on (the server's --max-rewind-ms). */
  maxRewindMs: number;
  profiles: NetProfile[];
  variants: Variant[];
}

const USAGE = 'options: --profile 150j30|250j50|150stalls|all, --lag MS --jitter MS --stall-percent P --stall-ms MS (a custom profile), --seconds N, --warmup N, --bots N, --seed N, --max-rewind-ms MS (400, as the server), --only on|nobuf|off';

export function parseArgs(argv: readonly string[]): Args {
  const out: Args = { seconds: 20, warmup: 3, bots: 16, seed: 1, maxRewindMs: 400, profiles: [...PROFILES], variants: [...VARIANTS] };
  const custom: Partial<Record<'lag' | 'jitter' | 'stall-percent' | 'stall-ms', number>> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '') ?? '';
    const value = argv[i + 1] ?? '';
    if (key === 'only') {
      if (!(VARIANTS as readonly string[]).includes(value)) throw new Error(`--only takes on, nobuf or off (${USAGE})`);
      out.variants = [value as Variant];
    } else if (key === 'profile') {
      const found = PROFILES.find((p) => p.name === value);
      if (value !== 'all' && !found) throw new Error(`unknown profile ${value} (${USAGE})`);
      out.profiles = found ? [found] : [...PROFILES];
    } else if (['seconds', 'warmup', 'bots', 'seed', 'max-rewind-ms', 'lag', 'jitter', 'stall-percent', 'stall-ms'].includes(key)) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} needs a number`);
      if (key === 'max-rewind-ms') out.maxRewindMs = n;
      else if (key === 'seconds' || key === 'warmup' || key === 'bots' || key === 'seed') out[key] = n;
      else custom[key as keyof typeof custom] = n;
    } else throw new Error(`unknown option ${argv[i]} (${USAGE})`);
  }
  if (Object.keys(custom).length > 0) {
    const lagMs = custom.lag ?? 150;
    out.profiles = [{ name: 'custom', lagMs, jitterMs: custom.jitter ?? 0, stallPercent: custom['stall-percent'] ?? 0, stallMs: custom['stall-ms'] ?? 200 }];
  }
  return out;
}

export function describeProfile(p: NetProfile): string {
  const base = `${p.lagMs} ms RTT ± ${p.jitterMs} ms (each way ${p.lagMs / 2} ± ${p.jitterMs / 2} ms, in order)`;
  return p.stallPercent > 0 ? `${base}, a ${p.stallMs} ms stall in ${p.stallPercent} % of seconds each way` : base;
}
