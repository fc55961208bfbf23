/**
 * Probes. /healthz: the process is alive and serving HTTP. /readyz: it accepts players; 503
 * while draining (shutting down), so a load balancer stops sending new players here.
 */
import type { GameServer } from '../GameServer.ts';
import type { HttpReply, Route } from '../transport/types.ts';

const json = (status: number, body: unknown): HttpReply => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export function healthRoutes(server: GameServer): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: () => json(200, { status: 'ok', uptimeSec: Math.round(process.uptime()) }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: () => (server.draining ? json(503, { ready: false, reason: 'draining' }) : json(200, { ready: true })),
    },
  ];
}
