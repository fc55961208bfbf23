/**
 * What the replay viewer's browser tests share: a fixture read and decoded here through the
 * Timeline (the recorded state of any tick), what the page draws (window.__replay), the check
 * that the two agree at the tick shown, and waiting for the view after a change.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { GAMES } from '../../games/index.ts';
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import { readRecording, type Recording } from '../../shared/replay/frames.ts';
import { Timeline } from '../../shared/replay/Timeline.ts';
import { fromRecord, type WireValue } from '../../shared/schema.ts';

export type Fields = Record<string, WireValue>;

export interface Fixture {
  recording: Recording;
  game: AnyGame;
  timeline: Timeline;
}

export async function load(path: string): Promise<Fixture> {
  const recording = await readRecording(new Uint8Array(readFileSync(path)), (h) => GAMES.find((g) => g.name === h.game)?.input.plan ?? null);
  const game = GAMES.find((g) => g.name === recording.header.game)!;
  return { recording, game, timeline: new Timeline(recording.ticks, game.kinds) };
}

/** The recorded state at a tick: every entity's fields, by id (of the kinds with a position, when `positioned`). */
export function recorded(f: Fixture, tick: number, positioned = false): Map<number, Fields> {
  const out = new Map<number, Fields>();
  for (const [id, e] of f.timeline.seek(tick).entities) {
    const kind = f.game.kinds[e.kind - 1]!;
    if (!positioned || kind.position) out.set(id, fromRecord(kind.schema, e.rec) as Fields);
  }
  return out;
}

export interface Shown {
  tick: number;
  stateTick: number;
  lastTick: number;
  drawn: { id: number; kind: string; fields: Fields }[];
}

export const shown = (page: Page): Promise<Shown> =>
  page.evaluate(() => {
    const r = window.__replay!;
    return { tick: r.tick, stateTick: r.stateTick, lastTick: r.lastTick, drawn: r.drawn().map((e) => ({ id: e.id, kind: e.kind, fields: e.fields })) };
  });

/** What the page draws now is the recorded state of the tick it shows, field by field (positions exactly: no interpolation at a whole tick). */
export async function expectDrawnIsRecorded(page: Page, f: Fixture, tick?: number): Promise<Shown> {
  const s = await shown(page);
  if (tick !== undefined) expect(s.tick).toBe(tick);
  const want = recorded(f, s.tick, true);
  expect(s.drawn.map((e) => e.id).sort((a, b) => a - b)).toEqual([...want.keys()].sort((a, b) => a - b));
  for (const e of s.drawn) {
    const w = want.get(e.id)!;
    for (const [k, v] of Object.entries(w)) expect(e.fields[k], `entity ${e.id} ${k} at tick ${s.tick}`).toEqual(v);
  }
  // The session holds the next tick too (the pair to interpolate): the HUD's latest state.
  expect(s.stateTick).toBe(Math.min(s.tick + 1, s.lastTick));
  return s;
}

export const ready = (page: Page): Promise<unknown> => page.waitForFunction(() => window.__replay?.ready === true && window.__replay.frames > 2, undefined, { timeout: 20_000 });

/** After a change that makes the view anew: ready again, drawn at least a frame since. */
export async function settled(page: Page): Promise<void> {
  const frames = await page.evaluate(() => window.__replay?.frames ?? 0);
  await page.waitForFunction((f) => window.__replay?.ready === true && window.__replay.frames > f + 1, frames, { timeout: 20_000 });
}

export async function goToTick(page: Page, tick: number): Promise<void> {
  const field = page.getByTestId('replay-tick');
  await field.fill(String(tick));
  await field.press('Enter');
  await page.waitForFunction((t) => window.__replay?.tick === t, tick, { timeout: 5000 });
  await settled(page);
}
