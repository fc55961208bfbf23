/** The benchmarks' command-line flags: `--name value`. */
const args = process.argv.slice(2);

/** The value after `--name`, or undefined. */
export function flag(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A numeric flag, or its default. */
export function numberFlag(name: string, dflt: number): number {
  const v = flag(name);
  return v === undefined ? dflt : Number(v);
}

/** Whether `--name` is given (no value). */
export function hasFlag(name: string): boolean {
  return args.includes(`--${name}`);
}
