/** What an operator can do to rooms and players (the admin API calls these). */
import { CLOSE } from '../../../shared/protocol.ts';
import type { GameServer } from '../../GameServer.ts';

/** Disconnect every player of the room with CLOSE.RoomClosed and dispose it; null when no such room. */
export function closeRoom(server: GameServer, roomId: string): { players: number } | null {
  const room = server.rooms.rooms.get(roomId);
  if (!room) return null;
  const sessions = [...room.sessions.values()];
  for (const s of sessions) s.conn.close(CLOSE.RoomClosed, 'room closed by an operator');
  server.rooms.dispose(room);
  return { players: sessions.length };
}

/** Disconnect one player with CLOSE.Kicked; false when no such player in that room. */
export function kickPlayer(server: GameServer, roomId: string, playerId: number): boolean {
  const session = server.rooms.rooms.get(roomId)?.sessions.get(playerId);
  if (!session) return false;
  session.conn.close(CLOSE.Kicked, 'kicked by an operator');
  return true;
}
