import { describe, expect, it } from 'vitest';
import { bool, counter, defineSchema, fixed, str, uint } from '../schema.ts';
import { ackFields, defineGame, defineKind } from './defineGame.ts';
import type { GameDefinition } from './GameDefinition.ts';
import { Clock, fixtureGame, fixtureOpenGame, Mover, PublicTarget, Shot, Target } from './testing/fixtureGame.ts';

const pos = fixed(10, 0, 1000);
const S = defineSchema('thing', { x: pos, y: pos, fine: fixed(100, 0, 10), n: uint(4), on: bool, who: uint(16), label: str(4) });

describe('defineKind', () => {
  it('compiles a kind: position, scale, relevance, interpolation and observed fields', () => {
    expect(Mover.position).toEqual({ x: 0, y: 1 });
    expect(Mover.positionScale).toBe(0.1);
    expect(Mover.relevance).toBe('spatial');
    expect(Mover.interpolate).toEqual([0, 1, 4]);
    expect(Mover.observed).toEqual([
      [2, 0],
      [3, 1],
    ]);
    expect(Clock.position).toBeNull();
    expect(Clock.relevance).toBe('always');
    expect(Clock.interpolate).toEqual([]);
    expect(Target.relevance).toBe('owner');
    expect(Target.ownerField).toBe(0);
    expect(Target.plan.ownerField).toBe(0);
    expect(defineKind(S).relevance).toBe('always'); // no position: everyone's
    expect(defineKind(S, { position: { x: 'x', y: 'y' } }).relevance).toBe('spatial');
  });

  it('refuses a bad kind with a message naming the kind and the part', () => {
    expect(() => defineKind(S, { position: { x: 'x', y: 'z' as 'y' } })).toThrow('kind "thing": position.y names no field "z"');
    expect(() => defineKind(S, { position: { x: 'x', y: 'n' } })).toThrow('kind "thing": position fields must be fixed-point');
    expect(() => defineKind(S, { position: { x: 'x', y: 'fine' } })).toThrow('kind "thing": position fields must share one scale');
    expect(() => defineKind(S, { relevance: 'spatial' })).toThrow(`kind "thing": 'spatial' relevance needs a position`);
    expect(() => defineKind(S, { relevance: 'owner' })).toThrow(`kind "thing": 'owner' relevance needs an owner field`);
    expect(() => defineKind(S, { relevance: 'owner', owner: 'nobody' as 'who' })).toThrow('kind "thing": owner names no field "nobody"');
    expect(() => defineKind(S, { interpolate: ['label'] })).toThrow('kind "thing": interpolated field "label" is not numeric');
    expect(() => defineKind(S, { observed: { n: 'on' } })).toThrow('kind "thing": observed n←on must name two numeric fields');
    expect(() => defineKind(S, { observed: { nope: 'x' } as never })).toThrow('kind "thing": observed names no field "nope"');
  });
});

describe('defineGame', () => {
  it('gives the kinds their wire codes (their places, from 1); two games may share kinds in the same places', () => {
    expect(fixtureGame.kinds.map((k) => k.code)).toEqual([1, 2, 3, 4]);
    expect([Mover.code, Shot.code, Clock.code, Target.code, PublicTarget.code]).toEqual([1, 2, 3, 4, 4]);
    expect(fixtureOpenGame.kinds[0]).toBe(Mover);
    expect(Mover.plan.code).toBe(1);
  });

  /** The fixture's definition with one part replaced. */
  const variant = (part: Partial<GameDefinition>): GameDefinition => ({ ...(fixtureGame as unknown as GameDefinition), ...part });
  const seatless = defineKind(defineSchema('bare', { x: pos, y: pos }), { position: { x: 'x', y: 'y' } });
  const noRate = defineKind(defineSchema('norate', { x: pos, y: pos, ack: counter(16) }), { position: { x: 'x', y: 'y' } });
  const unlinked = defineKind(defineSchema('unlinked', { x: pos, y: pos, ...ackFields() }), { position: { x: 'x', y: 'y' } });
  const room = fixtureGame.rooms['fixture']!;

  it('refuses a bad game with a message naming the game and the part', () => {
    expect(() => defineGame(variant({ name: 'Fixture' }))).toThrow('game "Fixture": name must be 1-32 lowercase letters, digits or -, starting with a letter');
    expect(() => defineGame(variant({ name: '1st' }))).toThrow(/game "1st": name must be/);
    expect(() => defineGame(variant({ title: '' }))).toThrow('game "fixture": title is empty');
    expect(() => defineGame(variant({ kinds: [] }))).toThrow('game "fixture": kinds: between 1 and 100');
    expect(() => defineGame(variant({ kinds: [Mover, { ...Shot, plan: undefined as never }] }))).toThrow('game "fixture": kinds[1] was not made by defineKind');
    // Shot is wire code 2 of the fixture: in another place of another game it would be two codes.
    expect(() => defineGame(variant({ kinds: [Shot, Mover] }))).toThrow('game "fixture": kind "shot" belongs to another game');
    expect(() => defineGame(variant({ kinds: [Mover, Shot], seat: Clock }))).toThrow('game "fixture": seat must be one of kinds');
    for (const seat of [seatless, noRate, unlinked]) {
      expect(() => defineGame(variant({ kinds: [seat], seat }))).toThrow(
        /game "fixture": the seat kind needs ack: counter\(ACK_BITS\) and ackRate: uint\(1\) fields, with vel \{ ack: "ackRate" \}/,
      );
    }
    expect(() => defineGame(variant({ rooms: { other: room } }))).toThrow('game "fixture": rooms needs a variant named "fixture" (the default)');
    expect(() => defineGame(variant({ rooms: { fixture: room, 'Big Room': room } }))).toThrow('game "fixture": room "Big Room": bad mode name');
    expect(() => defineGame(variant({ rooms: { fixture: { ...room, capacity: 0 } } }))).toThrow('game "fixture": room "fixture": capacity must be an integer in [1, 1000]');
    expect(() => defineGame(variant({ rooms: { fixture: { ...room, capacity: 2.5 } } }))).toThrow(/capacity must be an integer/);
    expect(() => defineGame(variant({ rooms: { fixture: { ...room, tickRate: 0 } } }))).toThrow('game "fixture": room "fixture": tickRate must be in (0, 240]');
    expect(() => defineGame(variant({ rooms: { fixture: { ...room, tickRate: 500 } } }))).toThrow(/tickRate must be in/);
    expect(() => defineGame(variant({ maxSeats: 4 }))).toThrow('game "fixture": room "fixture": capacity 8 is above the game\'s maxSeats 4');
    expect(() => defineGame(variant({ bots: {} }))).toThrow('game "fixture": bots: at least one policy');
  });

  it('accepts the fixture again as it is (defining is idempotent)', () => {
    expect(defineGame(variant({}))).toBeTruthy();
    expect(fixtureGame.kinds.map((k) => k.code)).toEqual([1, 2, 3, 4]);
  });
});
