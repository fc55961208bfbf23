/**
 * The admin API of room recordings (docs/replay.md), behind the admin token (adminRoutes' guard):
 *   GET  /admin/api/recordings                  the recordings directory, newest first
 *   GET  /admin/api/recordings/file?name=<file> one recording's bytes (the viewer opens it)
 *   POST /admin/api/rooms/record {"roomId", "on"} start or stop recording a room
 */
import type { GameServer } from '../../GameServer.ts';
import type { HttpHandler, HttpReply, HttpRequest } from '../../transport/types.ts';
import type { Logger } from '../logger.ts';

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown): HttpReply => ({ status, headers: { 'content-type': 'application/json', ...NO_STORE }, body: JSON.stringify(body) });

export interface RecordingHandlers {
  list: HttpHandler;
  file: HttpHandler;
  record: HttpHandler;
}

export function recordingHandlers(server: GameServer, log: Logger, parseBody: (req: HttpRequest) => Record<string, unknown> | null): RecordingHandlers {
  const recordings = server.recordings;
  return {
    list: async () => json(200, { enabled: recordings.enabled, recordingAll: recordings.config.all, recordings: await recordings.list() }),
    file: async (req) => {
      const name = req.query.get('name') ?? '';
      const bytes = await recordings.read(name);
      if (bytes === null) return json(404, { error: 'no such recording' });
      return { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${name}"`, ...NO_STORE }, body: bytes };
    },
    record: async (req) => {
      const body = parseBody(req);
      if (typeof body?.roomId !== 'string' || typeof body.on !== 'boolean') return json(400, { error: 'expected {"roomId": string, "on": boolean}' });
      const room = server.rooms.get(body.roomId);
      if (!room) return json(404, { error: 'no such room on this node' });
      if (!body.on) {
        if (!(await recordings.stop(room))) return json(409, { error: 'the room is not recording' });
        log.info({ event: 'recording_stop', roomId: room.id, remoteAddress: req.remoteAddress }, 'room recording stopped by an operator');
        return json(200, { ok: true, recording: false });
      }
      // Before the first tick and the first player, the recording holds all the room did: it re-simulates.
      const resimulable = room.tick === 0 && !room.hasHadPlayer;
      const error = recordings.start(room);
      if (error !== null) return json(409, { error });
      return json(200, { ok: true, recording: true, fromTick: room.tick + 1, resimulable });
    },
  };
}
