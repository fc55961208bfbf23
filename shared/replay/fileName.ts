/**
 * A recording file's name, as the server writes it (server/replay/Recordings.ts fileName):
 * `20261203T231500Z-arena-<room>-<recording>-p1.rec`. The one rule for what the server lists and
 * serves, and for what the viewer's deep link accepts (client/replay/deepLink.ts): no path, no
 * dot but the extension's, at most about 140 characters.
 */
export const FILE_NAME = /^[0-9]{8}T[0-9]{6}Z-[a-z][a-z0-9-]{0,31}-[A-Za-z0-9_-]{1,64}-[a-z0-9]{1,12}-p[0-9]{1,5}\.rec$/;

/** Longer than this cannot match FILE_NAME (tested before the pattern, so a huge string costs nothing). */
export const MAX_FILE_NAME_LENGTH = 16 + 1 + 32 + 1 + 64 + 1 + 12 + 2 + 5 + 4;

export function isRecordingFileName(name: string): boolean {
  return name.length <= MAX_FILE_NAME_LENGTH && FILE_NAME.test(name);
}
