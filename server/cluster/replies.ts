/**
 * Validation of what the cluster scripts return. Redis is ours, but what is read back is checked
 * all the same (another version of the engine, an operator's hand edit, a bug): a reply of the
 * wrong shape is an error, never a crash or a wrong seat.
 */
export class BadReplyError extends Error {
  override readonly name = 'BadReplyError';
}

const MAX_TEXT = 512;

export function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new BadReplyError(`${what}: expected an array`);
  return v;
}

export function text(v: unknown, what: string): string {
  if (typeof v === 'string' && v.length <= MAX_TEXT) return v;
  if (Buffer.isBuffer(v) && v.length <= MAX_TEXT) return v.toString();
  throw new BadReplyError(`${what}: expected a short string`);
}

export function int(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new BadReplyError(`${what}: expected an integer`);
  return n;
}

/** Split a flat list into rows of `width`. */
export function rows(list: unknown[], width: number, what: string): unknown[][] {
  if (list.length % width !== 0) throw new BadReplyError(`${what}: ${list.length} items, not rows of ${width}`);
  const out: unknown[][] = [];
  for (let i = 0; i < list.length; i += width) out.push(list.slice(i, i + width));
  return out;
}
