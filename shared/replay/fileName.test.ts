import { describe, expect, it } from 'vitest';
import { FILE_NAME, isRecordingFileName, MAX_FILE_NAME_LENGTH } from './fileName.ts';

describe('a recording file name', () => {
  it('is bounded: the longest name of the form is MAX_FILE_NAME_LENGTH long and accepted', () => {
    const longest = `20261204T004700Z-a${'b'.repeat(31)}-${'R'.repeat(64)}-${'z'.repeat(12)}-p99999.rec`;
    expect(longest).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(FILE_NAME.test(longest)).toBe(true);
    expect(isRecordingFileName(longest)).toBe(true);
    expect(isRecordingFileName(`${longest.slice(0, 17)}x${longest.slice(17)}`)).toBe(false);
  });

  it('has no path, no other extension, nothing but its form', () => {
    for (const bad of ['../20261204T004700Z-arena-r-a1-p1.rec', '20261204T004700Z-arena-r-a1-p1.rec/', '20261204T004700Z-arena-r.x-a1-p1.rec', '20261204T004700Z-arena-r-a1-p1.rec.gz', '', 'x'.repeat(100_000)]) {
      expect(isRecordingFileName(bad), bad.slice(0, 40)).toBe(false);
    }
    expect(isRecordingFileName('20261204T004700Z-arena-8Y7jsc38-a1b2-p1.rec')).toBe(true);
  });
});
