/**
 * The server's recordings, through its admin API (server/ops/admin/recordingRoutes.ts), with the
 * admin token: the list, and one file's bytes. What the server answers is checked before use.
 */
import { quoteFile } from './deepLink.ts';

export interface ListedRecording {
  readonly file: string;
  readonly game: string;
  readonly mode: string;
  readonly roomId: string;
  readonly startedAtMs: number;
  readonly bytes: number;
  readonly part: number;
  /** False while the server is still writing it. */
  readonly closed: boolean;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
}

function headers(token: string): HeadersInit {
  return { authorization: `Bearer ${token}` };
}

async function refused(res: Response, what: string): Promise<never> {
  if (res.status === 401) throw new ApiError('the server refused the admin token');
  if (res.status === 404) throw new ApiError(`${what}: not found (is the admin API on, with --admin-token?)`);
  throw new ApiError(`${what}: the server answered ${res.status}`);
}

function isListed(v: unknown): v is ListedRecording {
  const r = v as Record<string, unknown> | null;
  return (
    typeof r === 'object' && r !== null && typeof r['file'] === 'string' && typeof r['game'] === 'string' && typeof r['mode'] === 'string' && typeof r['roomId'] === 'string' &&
    typeof r['startedAtMs'] === 'number' && typeof r['bytes'] === 'number' && typeof r['part'] === 'number' && typeof r['closed'] === 'boolean'
  );
}

export async function listRecordings(token: string, base = ''): Promise<ListedRecording[]> {
  const res = await fetch(`${base}/admin/api/recordings`, { headers: headers(token), cache: 'no-store' });
  if (!res.ok) return refused(res, 'the recordings list');
  const body = (await res.json().catch(() => null)) as { recordings?: unknown } | null;
  if (!Array.isArray(body?.recordings)) throw new ApiError('the recordings list is not in the expected form');
  return body.recordings.filter(isListed);
}

export async function fetchRecording(token: string, file: string, base = ''): Promise<Uint8Array> {
  const res = await fetch(`${base}/admin/api/recordings/file?name=${encodeURIComponent(file)}`, { headers: headers(token), cache: 'no-store' });
  // The admin API's own 404 is JSON (no such file); a 404 of text is no admin API at all.
  if (res.status === 404 && (res.headers.get('content-type') ?? '').startsWith('application/json')) throw new ApiError(`the server has no recording ${quoteFile(file)} (deleted to keep the directory under its cap, or a link from another server?)`);
  if (!res.ok) return refused(res, 'the recording');
  return new Uint8Array(await res.arrayBuffer());
}
