import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { Recording } from '../../shared/replay/frames.ts';
import { Timeline } from '../../shared/replay/Timeline.ts';
import { fromRecord, type WireValue } from '../../shared/schema.ts';
import { openRecording } from './openRecording.ts';
import { Playback } from './Playback.ts';

/** A recorded fixture, opened as the viewer opens a file (its game found among the installed ones). */
const fixture = async (name: string): Promise<{ recording: Recording; game: AnyGame }> => {
  const { recording, game } = await openRecording(new Uint8Array(readFileSync(new URL(`../../test/fixtures/replay/${name}.rec`, import.meta.url))));
  expect(recording.problems).toEqual([]);
  expect(game.game.name).toBe(name);
  return { recording, game: game.game };
};

/** Every entity of the recorded state at a tick, decoded (what a viewer must draw there). */
function recorded(recording: Recording, game: AnyGame, tick: number): Map<number, Record<string, WireValue>> {
  const tl = new Timeline(recording.ticks, game.kinds);
  const out = new Map<number, Record<string, WireValue>>();
  for (const [id, e] of tl.seek(tick).entities) out.set(id, fromRecord(game.kinds[e.kind - 1]!.schema, e.rec) as Record<string, WireValue>);
  return out;
}

/** The session's drawn entities at the playback's time, with only the schema's fields. */
function drawn(pb: Playback): Map<number, Record<string, WireValue>> {
  const out = new Map<number, Record<string, WireValue>>();
  for (const e of pb.session!.sample(pb.clock.now()).values()) {
    const keys = pb.game.kinds[e.kind - 1]!.schema.keys;
    out.set(e.id, Object.fromEntries(keys.map((k) => [k, (e as unknown as Record<string, WireValue>)[k]!])));
  }
  return out;
}

/** Make the view anew when the playback asks (what the viewer's scene does), collecting the announcements. */
function rebuild(pb: Playback, announced: [unknown, number][] = []): void {
  expect(pb.needsRebuild).toBe(true);
  pb.open();
  pb.catchUp((a, nowMs) => announced.push([a, nowMs]));
  expect(pb.needsRebuild).toBe(false);
}

describe('Playback', () => {
  it('at a whole tick draws exactly the recorded state of that tick, and holds the next tick as the latest', async () => {
    const { recording, game } = await fixture('arena');
    const pb = new Playback(game, recording);
    const ticks = [pb.firstTick, 45, 100, 150, pb.lastTick];
    for (const t of [...ticks, ...[...ticks].reverse()]) {
      pb.seek(t);
      if (pb.needsRebuild) rebuild(pb);
      expect(pb.tick).toBe(t);
      expect(drawn(pb)).toEqual(recorded(recording, game, t));
      expect(pb.session!.tick).toBe(Math.min(t + 1, pb.lastTick));
    }
  });

  it('between two ticks interpolates their positions', async () => {
    const { recording, game } = await fixture('arena');
    const pb = new Playback(game, recording);
    pb.seek(100);
    rebuild(pb);
    pb.at = 100.5;
    const a = recorded(recording, game, 100);
    const b = recorded(recording, game, 101);
    const moving = [...a].find(([id, e]) => b.has(id) && e['x'] !== b.get(id)!['x'])!;
    expect(moving).toBeDefined();
    const [id, ea] = moving;
    expect(drawn(pb).get(id)!['x']).toBeCloseTo(((ea['x'] as number) + (b.get(id)!['x'] as number)) / 2, 9);
  });

  it('plays at real time × speed, only the listed speeds, pauses on a whole tick and stops at the end', async () => {
    const { recording, game } = await fixture('arena');
    const pb = new Playback(game, recording);
    rebuild(pb);
    expect(pb.tickRate).toBe(30);
    pb.play();
    pb.frame(1000);
    expect(pb.at).toBeCloseTo(pb.firstTick + 30, 9);
    pb.setSpeed(4);
    pb.frame(500);
    expect(pb.at).toBeCloseTo(pb.firstTick + 90, 9);
    pb.setSpeed(3);
    expect(pb.speed).toBe(4);
    pb.setSpeed(0.25);
    pb.frame(410);
    expect(pb.at).toBeCloseTo(pb.firstTick + 93.075, 6);
    pb.pause();
    expect(pb.at).toBe(pb.firstTick + 93);
    expect(drawn(pb)).toEqual(recorded(recording, game, pb.firstTick + 93));
    pb.setSpeed(4);
    pb.play();
    for (let i = 0; i < 100 && pb.playing; i++) pb.frame(250);
    expect(pb.playing).toBe(false);
    expect(pb.at).toBe(pb.lastTick);
    expect(pb.session!.tick).toBe(pb.lastTick);
  });

  it('seeks forward within the history in place; back, or far ahead, through a new session', async () => {
    const { recording, game } = await fixture('pong');
    const pb = new Playback(game, recording, { historySec: 1 });
    pb.seek(100);
    rebuild(pb);
    const session = pb.session;
    pb.seek(150);
    expect(pb.needsRebuild).toBe(false);
    expect(pb.session).toBe(session);
    expect(drawn(pb)).toEqual(recorded(recording, game, 150));
    pb.seek(149);
    expect(pb.needsRebuild).toBe(true);
    rebuild(pb);
    expect(pb.session).not.toBe(session);
    expect(drawn(pb)).toEqual(recorded(recording, game, 149));
    pb.seek(149 + 61);
    expect(pb.needsRebuild).toBe(true);
    rebuild(pb);
    expect(drawn(pb)).toEqual(recorded(recording, game, 210));
  });

  it('feeds a new session from the history before the moment: the announcements of then, at their times', async () => {
    const { recording, game } = await fixture('arena');
    const pb = new Playback(game, recording);
    const kills = (list: [unknown, number][]): string[] => list.map(([a, ms]) => `${(a as { killerName: string }).killerName}>${(a as { victimName: string }).victimName}@${Math.round((ms * 30) / 1000)}`);
    const at60: [unknown, number][] = [];
    pb.seek(60);
    rebuild(pb, at60);
    expect(kills(at60)).toEqual(['bot-1>bot-3@45', 'bot-3>bot-1@45', 'bot-0>bot-4@57', 'bot-4>bot-0@57']);
    // Back to before the second pair of kills: a new view, which has seen only the first.
    const at50: [unknown, number][] = [];
    pb.seek(50);
    rebuild(pb, at50);
    expect(kills(at50)).toEqual(['bot-1>bot-3@45', 'bot-3>bot-1@45']);
    // Played on from there: the next ones come as their ticks are taken.
    const later: [unknown, number][] = at50;
    pb.play();
    pb.frame(150);
    expect(kills(later)).toHaveLength(2);
    pb.frame(100);
    expect(kills(later)).toEqual(['bot-1>bot-3@45', 'bot-3>bot-1@45', 'bot-0>bot-4@57', 'bot-4>bot-0@57']);
  });

  it("follows a player through a new session seen from that player's seat; lists the players present by name", async () => {
    const { recording, game } = await fixture('arena');
    const pb = new Playback(game, recording);
    pb.seek(100);
    rebuild(pb);
    expect(pb.session!.playerId).toBe(0);
    expect(pb.players().map((p) => `${p.id}:${p.name}`)).toEqual(['1:bot-0', '2:bot-1', '3:bot-2', '4:bot-3', '5:bot-4', '6:bot-5']);
    pb.setFollow(2);
    rebuild(pb);
    expect(pb.session!.playerId).toBe(2);
    expect((pb.session!.own as { name?: string } | null)?.name).toBe('bot-1');
    expect(pb.tick).toBe(100);
    // After they left (tick 209) nobody is present, and the follow is kept.
    pb.seek(220);
    expect(pb.players()).toEqual([]);
    expect(pb.nameOf(2)).toBe('bot-1');
    expect(pb.follow).toBe(2);
  });

  it('a recorded state that does not apply ends the playable recording before it, as a problem', async () => {
    const { recording, game } = await fixture('pong');
    const ticks = recording.ticks.map((t) => (t.tick === 101 ? { ...t, state: Uint8Array.of(0xc1) } : t));
    const pb = new Playback(game, { ...recording, ticks });
    const problems: string[] = [];
    pb.onProblem((p) => problems.push(p.message));
    pb.seek(90);
    rebuild(pb);
    pb.play();
    pb.frame(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tick 101: the recorded state is not/);
    expect(pb.problems.at(-1)).toEqual({ fatal: true, message: problems[0] });
    expect(pb.playing).toBe(false);
    expect(pb.lastTick).toBe(100);
    rebuild(pb);
    expect(pb.tick).toBe(100);
    expect(drawn(pb)).toEqual(recorded(recording, game, 100));
  });
});
