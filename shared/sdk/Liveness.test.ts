import { describe, expect, it } from 'vitest';
import { Liveness } from './Liveness.ts';

describe('Liveness', () => {
  it('reports a stall once, then the resume, then nothing while traffic flows', () => {
    const l = new Liveness({ stallAfterMs: 400, deadAfterMs: 4000 });
    expect(l.check(0)).toBe(null); // nothing heard yet: nothing to time
    l.heard(0);
    expect(l.check(399)).toBe(null);
    expect(l.check(400)).toBe('stalled');
    expect(l.stalled).toBe(true);
    expect(l.silentSinceMs).toBe(0);
    expect(l.check(500)).toBe(null);
    l.heard(900);
    expect(l.stalled).toBe(false);
    expect(l.check(900)).toBe('resumed');
    expect(l.lastStallMs).toBe(900);
    expect(l.check(1000)).toBe(null);
  });

  it('gives up after the longer silence, once, and starts over on reset', () => {
    const l = new Liveness({ stallAfterMs: 400, deadAfterMs: 4000 });
    l.heard(0);
    expect(l.check(500)).toBe('stalled');
    expect(l.check(3999)).toBe(null);
    expect(l.check(4000)).toBe('dead');
    expect(l.check(9000)).toBe(null);
    l.reset(9000);
    expect(l.stalled).toBe(false);
    expect(l.check(9300)).toBe(null);
    expect(l.check(9400)).toBe('stalled');
  });
});
