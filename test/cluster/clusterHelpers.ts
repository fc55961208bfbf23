/** Cluster tests: in-process nodes sharing one redis-server, and raw joins of reserved seats. */
import type { GameServerConfig } from '../../server/GameServer.ts';
import { MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { RoomListing, SeatReservation } from '../../shared/sdk/api.ts';
import { RawSocket } from '../helpers/net.ts';
import { start, until, type Running } from '../rooms/net.ts';

export async function startNodes(redisUrl: string, count: number, config: Partial<GameServerConfig> = {}): Promise<Running[]> {
  const nodes = await Promise.all(Array.from({ length: count }, (_, i) => start({ redisUrl, nodeId: `n${i + 1}`, ...config })));
  // Every node registered (its first heartbeat done).
  await until(() => nodes.every((n) => n.server.cluster?.available === true), 5000, 'nodes registered');
  return nodes;
}

export async function rooms(httpUrl: string, mode = 'arena'): Promise<RoomListing[]> {
  const res = await fetch(`${httpUrl}/api/rooms?mode=${mode}`);
  return ((await res.json()) as { rooms: RoomListing[] }).rooms;
}

/** Open the reservation's wsUrl and present its seat; resolves when Welcome or a close arrives. */
export async function joinSeat(seat: Pick<SeatReservation, 'wsUrl' | 'seatToken' | 'mode'>, wsUrl = seat.wsUrl): Promise<RawSocket> {
  const raw = new RawSocket(wsUrl);
  await raw.opened;
  raw.send([MSG.Join, PROTOCOL_VERSION, 'p', seat.mode, { seat: seat.seatToken }]);
  await until(() => raw.closeCode !== null || raw.messages.some((m) => m[0] === MSG.Welcome), 10_000, 'welcome or close');
  return raw;
}

export const welcomed = (raw: RawSocket): boolean => raw.closeCode === null && raw.messages.some((m) => m[0] === MSG.Welcome);
