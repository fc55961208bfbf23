/**
 * A recording file's bytes made ready to play: read and checked (shared/replay/frames.ts) with
 * the input shape of its game, found among the installed games (client/games.ts). A file that is
 * not a recording, or of a game not installed here, or with no tick to show, is refused with the
 * reason; a damaged or unfinished one opens with its problems listed, and one recorded under
 * other rules with a note.
 */
import { RecordingError } from '../../shared/replay/bytes.ts';
import { readRecording, type Recording } from '../../shared/replay/frames.ts';
import { PLAYABLE, type PlayableGame } from '../games.ts';

export interface OpenedRecording {
  readonly recording: Recording;
  readonly game: PlayableGame;
}

export async function openRecording(bytes: Uint8Array, games: readonly PlayableGame[] = PLAYABLE): Promise<OpenedRecording> {
  let recording: Recording;
  try {
    recording = await readRecording(bytes, (h) => games.find((g) => g.game.name === h.game)?.game.input.plan ?? null);
  } catch (e) {
    if (e instanceof RecordingError) throw new Error(`This file cannot be opened: ${e.message}`);
    throw e;
  }
  const h = recording.header;
  const game = games.find((g) => g.game.name === h.game);
  const fatal = recording.problems.find((p) => p.fatal);
  if (!game) throw new Error(`This file cannot be opened: ${fatal?.message ?? 'its game is not installed here'}`);
  if (recording.ticks.length === 0) throw new Error(`This recording holds no tick to show${fatal ? ` (${fatal.message})` : ''}.`);
  if (h.gameVersion !== game.game.version) {
    const note = { fatal: false, message: `recorded under ${h.game} rules version ${h.gameVersion.slice(0, 40)}; this viewer has version ${game.game.version}: it may draw some of it differently` };
    recording = { ...recording, problems: [...recording.problems, note] };
  }
  return { recording, game };
}
