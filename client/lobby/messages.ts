/** What to tell the player when finding or joining a room fails: one clear sentence per case. */
import { CLOSE, ERR } from '../../shared/protocol.ts';
import { JoinError } from '../../shared/sdk/GameClient.ts';
import { ApiError } from '../../shared/sdk/rooms.ts';

export function explain(e: unknown, context: { code?: string } = {}): string {
  if (e instanceof ApiError) {
    switch (e.code) {
      case ERR.RoomFull:
        return 'That room is full. Try Quick play, or another room.';
      case ERR.BadCode:
        return context.code
          ? `No room has the code "${context.code}". Check it (6 letters and digits), or the room may have closed.`
          : 'No room has that code. Check it (6 letters and digits), or the room may have closed.';
      case ERR.MaxRooms:
        return 'The server has no room left to open. Join an existing room, or try again in a minute.';
      case ERR.TooManyPending:
        return 'You have seats or rooms waiting that nobody joined yet. Join one, or try again in a few seconds.';
      case ERR.RateLimited:
        return 'Too many requests from your address. Try again in a moment.';
      case ERR.AdmissionRefused:
        return `The room did not let you in: ${e.message}`;
      case ERR.RoomUnavailable:
        return `That room is not available: ${e.message}`;
      default:
        return `The server said no: ${e.message}`;
    }
  }
  if (e instanceof JoinError) {
    switch (e.code) {
      case CLOSE.SeatRefused:
        return 'Your seat expired before you got in. Please try again.';
      case CLOSE.RoomFull:
        return 'That room filled up just now. Try again.';
      case CLOSE.ProtocolVersion:
        return 'This page is out of date: reload it.';
      case CLOSE.GoingAway:
        return 'The server is restarting. Try again in a moment.';
      default:
        return `Could not join the room (${e.code}${e.reason ? `: ${e.reason}` : ''}).`;
    }
  }
  if (e instanceof TypeError) return 'Cannot reach the server. Check your connection and try again.';
  return `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
}

/** Why a game's connection ended for good, for the player: a title and a sentence. */
export function explainClose(code: number, reason: string): { title: string; text: string } {
  switch (code) {
    case CLOSE.ReconnectRefused:
      return reason.startsWith('gave up')
        ? { title: 'Connection lost', text: 'The connection to the server dropped and could not be restored. Check your network, then try again.' }
        : { title: 'Your seat is gone', text: 'You were away too long and your place in the room was given up. Try again to join a game.' };
    case CLOSE.Kicked:
      return { title: 'Removed from the room', text: 'An operator removed you from the room.' };
    case CLOSE.RoomClosed:
      return { title: 'Room closed', text: 'This room was closed. Try again to join another one.' };
    case CLOSE.Replaced:
      return { title: 'Playing elsewhere', text: 'You joined this game from another tab or device, so this one stopped.' };
    case CLOSE.GoingAway:
      return { title: 'Server restarting', text: 'The server is restarting. Try again in a moment.' };
    case CLOSE.SlowReader:
      return { title: 'Connection too slow', text: 'Your connection could not keep up with the game. Try again, ideally on a steadier network.' };
    case CLOSE.TooManyErrors:
      return { title: 'Disconnected', text: 'The server closed the connection after too many bad messages. Reloading the page may help.' };
    default:
      return { title: 'Disconnected', text: `The connection to the server ended (code ${code}). Try again, or go back to the lobby.` };
  }
}
