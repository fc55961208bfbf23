/**
 * The admin page and its JSON API, behind a token. With no token configured every /admin path
 * answers 404; without the right token, 401.
 *   GET  /admin                    the live page (polls the API)
 *   GET  /admin/api/state          rooms, players, totals (see AdminState)
 *   POST /admin/api/rooms/close    {"roomId"}            → players disconnected with 4008
 *   POST /admin/api/players/kick   {"roomId","playerId"} → that player disconnected with 4007
 *   GET  /admin/api/drain          the node's drain status
 *   POST /admin/api/drain          {"deadlineSec"?} → draining (see ops/drain.ts); {"cancel": true} → serving again
 *   GET  /admin/api/recordings, GET /admin/api/recordings/file?name=, POST /admin/api/rooms/record  (recordingRoutes.ts)
 */
import { randomBytes } from 'node:crypto';
import type { GameServer } from '../../GameServer.ts';
import type { HttpHandler, HttpReply, HttpRequest, Route } from '../../transport/types.ts';
import type { Logger } from '../logger.ts';
import { closeRoom, kickPlayer } from './actions.ts';
import { adminPage } from './adminPage.ts';
import { adminState } from './adminState.ts';
import { tokenChecker } from './auth.ts';
import { recordingHandlers } from './recordingRoutes.ts';
import type { NodeDrain } from '../drain.ts';

/** The admin drain: the node's NodeDrain, and the deadline when the request names none (--drain-deadline-sec). */
export interface AdminDrain {
  drain: NodeDrain;
  defaultDeadlineMs: number;
}

/** The longest deadline the admin drain accepts (an hour, like --drain-deadline-sec). */
const MAX_DRAIN_DEADLINE_SEC = 3600;

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown): HttpReply => ({ status, headers: { 'content-type': 'application/json', ...NO_STORE }, body: JSON.stringify(body) });
const text = (status: number, body: string, extra: Record<string, string> = {}): HttpReply => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8', ...NO_STORE, ...extra }, body });

function parseBody(req: HttpRequest): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(req.body));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function adminRoutes(server: GameServer, token: string | null, log: Logger, adminDrain: AdminDrain | null = null): Route[] {
  const notFound: HttpHandler = () => text(404, 'not found');
  if (!token) {
    return [
      { method: 'GET', path: '/admin', handler: notFound },
      { method: 'GET', path: '/admin/*', handler: notFound },
      { method: 'POST', path: '/admin/*', handler: notFound },
    ];
  }
  const authorized = tokenChecker(token);
  const guard = (handler: HttpHandler): HttpHandler => (req) => {
    if (authorized(req)) return handler(req);
    log.warn({ event: 'admin_denied', path: req.path, remoteAddress: req.remoteAddress }, 'admin request without a valid token');
    return text(401, 'admin token required: Authorization: Bearer <token> or ?token=<token>', { 'www-authenticate': 'Bearer realm="admin"' });
  };
  const page: HttpHandler = () => {
    const nonce = randomBytes(16).toString('base64');
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, ...NO_STORE }, body: adminPage(nonce) };
  };
  /** Every node and every public room of the registry (this process alone without --redis). */
  const clusterView: HttpHandler = async () => {
    const cluster = server.cluster;
    if (cluster === null) {
      const self = { nodeId: server.nodeId, wsUrl: server.endpoint.wsUrl(undefined, null), capacity: server.config.maxRooms, load: server.sessions.size, draining: server.draining, rooms: server.rooms.rooms.size };
      return json(200, { nodeId: server.nodeId, cluster: false, nodes: [self], rooms: await server.directory.list(undefined) });
    }
    try {
      const [nodes, rooms] = await Promise.all([cluster.nodes(), cluster.list(undefined)]);
      return json(200, { nodeId: server.nodeId, cluster: true, nodes, rooms });
    } catch {
      return json(503, { error: 'the room directory (Redis) is unreachable' });
    }
  };
  const close: HttpHandler = (req) => {
    const body = parseBody(req);
    if (typeof body?.roomId !== 'string') return json(400, { error: 'expected {"roomId": string}' });
    const result = closeRoom(server, body.roomId);
    if (!result) return json(404, { error: `no room ${body.roomId}` });
    log.info({ event: 'room_close', roomId: body.roomId, players: result.players, remoteAddress: req.remoteAddress }, 'room closed by an operator');
    return json(200, { ok: true, ...result });
  };
  const kick: HttpHandler = (req) => {
    const body = parseBody(req);
    if (typeof body?.roomId !== 'string' || !Number.isInteger(body.playerId)) return json(400, { error: 'expected {"roomId": string, "playerId": integer}' });
    const playerId = body.playerId as number;
    if (!kickPlayer(server, body.roomId, playerId)) return json(404, { error: `no player ${playerId} in room ${body.roomId}` });
    log.info({ event: 'kick', roomId: body.roomId, playerId, remoteAddress: req.remoteAddress }, 'player kicked by an operator');
    return json(200, { ok: true });
  };
  const drainStatus = (): HttpReply => {
    if (adminDrain === null) return json(404, { error: 'no drain on this server' });
    const st = adminDrain.drain.status();
    return json(200, { draining: st.draining, connections: st.connections, cancellable: st.cancellable, deadlineInSec: st.remainingMs === null ? null : Math.round(st.remainingMs / 100) / 10 });
  };
  const drain: HttpHandler = (req) => {
    if (adminDrain === null) return json(404, { error: 'no drain on this server' });
    const body = parseBody(req) ?? {};
    if (body.cancel === true) {
      if (!adminDrain.drain.cancel()) return json(409, { error: 'no drain to cancel (none running, past its deadline, or started by a signal)' });
      log.info({ event: 'drain_cancel', remoteAddress: req.remoteAddress }, 'drain cancelled by an operator: serving again');
      return drainStatus();
    }
    const sec = body.deadlineSec ?? adminDrain.defaultDeadlineMs / 1000;
    if (typeof sec !== 'number' || !Number.isFinite(sec) || sec < 0 || sec > MAX_DRAIN_DEADLINE_SEC) return json(400, { error: `expected {"deadlineSec": number from 0 to ${MAX_DRAIN_DEADLINE_SEC}} or {"cancel": true}` });
    const connections = server.sessions.size;
    void adminDrain.drain.start(sec * 1000, { cancellable: true }).then((r) => {
      if (!r.cancelled) log.info({ event: 'drain_done', connections: r.connections, closedAtDeadline: r.closedAtDeadline, elapsedMs: Math.round(r.elapsedMs) }, 'drain done: no player left on this node');
    });
    log.info({ event: 'drain', deadlineSec: sec, connections, remoteAddress: req.remoteAddress }, 'node draining (operator): no new rooms or seats');
    return drainStatus();
  };
  const rec = recordingHandlers(server, log, parseBody);
  return [
    { method: 'GET', path: '/admin', handler: guard(page) },
    { method: 'GET', path: '/admin/api/recordings', handler: guard(rec.list) },
    { method: 'GET', path: '/admin/api/recordings/file', handler: guard(rec.file) },
    { method: 'POST', path: '/admin/api/rooms/record', handler: guard(rec.record) },
    { method: 'GET', path: '/admin/api/drain', handler: guard(drainStatus) },
    { method: 'POST', path: '/admin/api/drain', handler: guard(drain) },
    { method: 'GET', path: '/admin/api/state', handler: guard(() => json(200, adminState(server))) },
    { method: 'GET', path: '/admin/api/cluster', handler: guard(clusterView) },
    { method: 'POST', path: '/admin/api/rooms/close', handler: guard(close) },
    { method: 'POST', path: '/admin/api/players/kick', handler: guard(kick) },
    { method: 'GET', path: '/admin/*', handler: guard(notFound) },
    { method: 'POST', path: '/admin/*', handler: guard(notFound) },
  ];
}
