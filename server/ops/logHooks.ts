/** Server lifecycle hooks that write one structured log line per event. */
import { CLOSE, ERR } from '../../shared/protocol.ts';
import type { ServerHooks } from '../GameServer.ts';
import type { Room } from '../rooms/Room.ts';
import type { Logger } from './logger.ts';

const CLOSE_NAMES = new Map<number, string>(Object.entries(CLOSE).map(([name, code]) => [code, name]));
const ERR_NAMES = new Map<number, string>(Object.entries(ERR).map(([name, code]) => [code, name]));

/** Name of a WebSocket close code ("GoingAway", "Kicked", "1006"). */
export function closeCodeName(code: number): string {
  return CLOSE_NAMES.get(code) ?? (code === 1005 ? 'NoStatus' : code === 1006 ? 'Abnormal' : String(code));
}

/** Close codes that mean something went wrong on the client's side or the server's. */
const QUIET = new Set<number>([CLOSE.Normal, CLOSE.GoingAway, 1005, CLOSE.Kicked, CLOSE.RoomClosed]);

export function roomFields(room: Room): Record<string, unknown> {
  return { roomId: room.id, roomType: room.opts.type };
}

export function logHooks(log: Logger): ServerHooks {
  return {
    joined(room, s) {
      log.info({ event: 'join', ...roomFields(room), playerId: s.playerId, name: s.name, players: room.playerCount, remoteAddress: s.conn.remoteAddress }, 'player joined');
    },
    left(room, s, code) {
      const fields = { event: 'leave', ...roomFields(room), playerId: s.playerId, code, reason: closeCodeName(code), players: room.playerCount };
      if (QUIET.has(code)) log.info(fields, 'player left');
      else log.warn(fields, 'player left abnormally');
    },
    roomCreated(room) {
      log.info({ event: 'room_create', ...roomFields(room), capacity: room.opts.capacity, tickRate: room.opts.tickRate }, 'room created');
    },
    rejected(s, code, reason) {
      log.debug({ event: 'reject', roomId: s.room?.id, playerId: s.playerId || undefined, code: ERR_NAMES.get(code) ?? code, reason, remoteAddress: s.conn.remoteAddress }, 'message rejected');
    },
    roomDisposed(room) {
      const { ticks, lateTicks, skippedTicks } = room.loop.stats;
      log.info({ event: 'room_dispose', ...roomFields(room), ticks, lateTicks, skippedTicks }, 'room disposed');
    },
  };
}
