import { describe, expect, it } from 'vitest';
import { fragmentToken, momentHref, parseDeepLink, placeMoment, withoutMoment } from './deepLink.ts';

const FILE = '20261204T004700Z-arena-fixtureA-a1-p1.rec';

describe('the replay deep link', () => {
  it('reads a recording, a tick and whose view', () => {
    expect(parseDeepLink(`?file=${FILE}&tick=60&follow=2`)).toEqual({ kind: 'server', file: FILE, tick: 60, follow: 2 });
    expect(parseDeepLink(`?file=${FILE}`)).toEqual({ kind: 'server', file: FILE, tick: null, follow: null });
    expect(parseDeepLink('?renderer=canvas')).toEqual({ kind: 'none' });
    expect(parseDeepLink('')).toEqual({ kind: 'none' });
  });

  it('refuses a file name the server would not serve, and ticks or ids that are not whole numbers, quoting them short', () => {
    for (const file of ['../../etc/passwd', `${FILE}/x`, FILE.replace('.rec', '.txt'), `x${'a'.repeat(100_000)}`, '<img src=x onerror=alert(1)>']) {
      const link = parseDeepLink(`?${new URLSearchParams({ file })}`);
      expect(link.kind).toBe('bad');
      if (link.kind === 'bad') {
        expect(link.message).toMatch(/is not a recording's file name/);
        expect(link.message.length).toBeLessThan(200);
      }
    }
    for (const tick of ['NaN', '-1', '1e3', '0x10', '1.5', ' 5', '99999999999', 'Infinity']) {
      const link = parseDeepLink(`?${new URLSearchParams({ file: FILE, tick })}`);
      expect(link, tick).toMatchObject({ kind: 'bad', message: expect.stringMatching(/^The link's tick ".*" is not a whole number/) });
    }
    expect(parseDeepLink(`?file=${FILE}&follow=me`)).toMatchObject({ kind: 'bad', message: expect.stringMatching(/player id/) });
    expect(parseDeepLink('?tick=5')).toMatchObject({ kind: 'bad', message: expect.stringMatching(/no recording/) });
  });

  it('takes the token from the fragment, keeping the rest', () => {
    expect(fragmentToken('#token=abc%20def')).toEqual({ token: 'abc def', rest: '' });
    expect(fragmentToken('#x=1&token=t0ken')).toEqual({ token: 't0ken', rest: '#x=1' });
    expect(fragmentToken('')).toEqual({ token: null, rest: '' });
    expect(fragmentToken('#token=')).toEqual({ token: null, rest: '' });
  });

  it('makes the link of a moment: its other parameters kept, the fragment (a token) dropped', () => {
    expect(momentHref('http://h:8080/replay?renderer=canvas&tick=3#token=secret', FILE, 71, 2)).toBe(`http://h:8080/replay?file=${FILE}&tick=71&follow=2&renderer=canvas`);
    expect(momentHref('http://h/replay', FILE, 5, 0)).toBe(`http://h/replay?file=${FILE}&tick=5`);
    expect(parseDeepLink(new URL(momentHref('http://h/replay', FILE, 5, 3)).search)).toEqual({ kind: 'server', file: FILE, tick: 5, follow: 3 });
    expect(withoutMoment(`http://h/replay?file=${FILE}&tick=5&renderer=webgl#token=x`)).toBe('http://h/replay?renderer=webgl');
  });

  it('places the moment in the recording: out of range to the nearest end, an unknown player to the free camera, each with a note', () => {
    const rec = { firstTick: 1, lastTick: 239, hasPlayer: (id: number) => id === 2 };
    expect(placeMoment({ tick: 60, follow: 2 }, rec)).toEqual({ tick: 60, follow: 2, notes: [] });
    expect(placeMoment({ tick: null, follow: null }, rec)).toEqual({ tick: null, follow: 0, notes: [] });
    const far = placeMoment({ tick: 99_999, follow: 7 }, rec);
    expect(far.tick).toBe(239);
    expect(far.follow).toBe(0);
    expect(far.notes).toEqual(["the link's tick 99999 is not in this recording (ticks 1–239): showing tick 239", "the link's player #7 never joined this recording: showing the free camera"]);
    expect(placeMoment({ tick: 0, follow: null }, rec).tick).toBe(1);
  });
});
