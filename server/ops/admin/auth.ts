/** Admin token check: `Authorization: Bearer <token>` or `?token=<token>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../../transport/types.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** A checker for one token; digests have a fixed length, so timingSafeEqual never throws. */
export function tokenChecker(token: string): (req: HttpRequest) => boolean {
  const expected = digest(token);
  return (req) => {
    const header = req.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const given = m?.[1] ?? req.query.get('token');
    if (!given) return false;
    return timingSafeEqual(digest(given), expected);
  };
}
