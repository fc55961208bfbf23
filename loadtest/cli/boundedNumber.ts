/** A numeric command-line option within bounds, for the tools' own option parsers. */

/**
 * `raw` as a number from min to max (an integer when `integer`), `fallback` when absent; a bad
 * value throws what `error` makes of the sentence saying what was expected.
 */
export function boundedNumber(raw: string | undefined, name: string, fallback: number, min: number, max: number, integer: boolean, error: (message: string) => Error): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw error(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return v;
}
