/**
 * Pong on the real server (ephemeral port), driven by SDK clients: two players through
 * matchmaking (POST /api/matchmake, mode pong), then two more by a plain Join into the same
 * court. Sides are assigned in join order, the match goes waiting → countdown → playing, paddles
 * move by their inputs (each client's own input acked), the ball moves, goals are announced; a
 * dropped player resumes with its side and its score; an arena room runs beside the pong room in
 * the same server, and GET /api/rooms lists both games' rooms.
 *
 * The scripted players hold their stick at -1: their paddles sit at one end of their sides, so a
 * serve (up to 35° off straight, from the centre) is soon missed and a goal follows within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pong } from '../../games/pong/index.ts';
import { Ball, BallSchema, Match, MatchSchema, Paddle, PaddleSchema } from '../../games/pong/shared/kinds.ts';
import type { PongWelcome } from '../../games/pong/shared/predict.ts';
import { PHASE_NAMES, SIDES } from '../../games/pong/shared/rules.ts';
import { arena } from '../../games/arena/index.ts';
import { KIND, PlayerSchema } from '../../games/arena/shared/kinds.ts';
import type { Announcement } from '../../shared/game/GameDefinition.ts';
import { fromRecord } from '../../shared/schema.ts';
import { GameClient } from '../../shared/sdk/GameClient.ts';
import { joinRoom, listRooms, matchmake } from '../../shared/sdk/rooms.ts';
import { cuttableSockets, sleep, start, until, wsFactory, type Running } from '../rooms/net.ts';

/** Bob's first attempt comes 400–800 ms after his drop: long enough for alice to see the pause on a slow machine, well within the grace. */
const RECONNECT = { baseDelayMs: 800, maxDelayMs: 1000, maxAttempts: 10, giveUpAfterMs: 8000 };
/** A goal comes within a few seconds of play (see above); this bounds a slow, shared machine. */
const GOAL_WITHIN_MS = 20_000;

let r: Running;
const clients: GameClient[] = [];
/** Every client's stick, sent at the court's 60 Hz (with pings) until the end of the file. */
const sticks = new Map<GameClient, number>();
let driver: ReturnType<typeof setInterval> | null = null;

beforeAll(async () => {
  r = await start({ reconnectGraceMs: 8000 });
  driver = setInterval(() => {
    for (const [c, move] of sticks) {
      if (!c.isOpen || c.reconnecting) continue;
      c.sendInput({ move });
      c.maybePing();
    }
  }, 1000 / 60);
});

afterAll(async () => {
  if (driver) clearInterval(driver);
  for (const c of clients) c.leave();
  await r?.server.stop();
});

const match = (c: GameClient) => {
  for (const e of c.view.entities.values()) if (e.kind === Match.code) return fromRecord(MatchSchema, e.rec);
  return undefined;
};
const ball = (c: GameClient) => {
  for (const e of c.view.entities.values()) if (e.kind === Ball.code) return fromRecord(BallSchema, e.rec);
  return undefined;
};
const paddle = (c: GameClient, id = c.playerId) => {
  const e = c.view.entities.get(id);
  return e && e.kind === Paddle.code ? fromRecord(PaddleSchema, e.rec) : undefined;
};
const paddles = (c: GameClient) => [...c.view.entities.values()].filter((e) => e.kind === Paddle.code).length;
const phaseOf = (c: GameClient): string => PHASE_NAMES[match(c)?.phase ?? 0] ?? '?';
const scoreOf = (c: GameClient, side: number): number => {
  const m = match(c)!;
  return [m.score0, m.score1, m.score2, m.score3][side]!;
};
/** Where the paddle is along its side (x for bottom and top, y for left and right). */
const along = (c: GameClient, id?: number): number => {
  const p = paddle(c, id)!;
  return p.side < 2 ? p.x : p.y;
};

/** A pong client that records the distinct phases it sees and the game's announcements. */
function track(c: GameClient): { phases: string[]; announcements: Announcement[] } {
  const seen = { phases: [] as string[], announcements: [] as Announcement[] };
  const note = (): void => {
    if (match(c) === undefined) return;
    const p = phaseOf(c);
    if (seen.phases.at(-1) !== p) seen.phases.push(p);
  };
  c.on('state', note);
  // A State that came before this (while the join resolved) is not seen again while the court waits: note it now.
  note();
  c.on('roomEvent', (e) => {
    if (e.type === 'announce') seen.announcements.push(e.announcement);
  });
  clients.push(c);
  return seen;
}

const goals = (t: { announcements: Announcement[] }): Announcement[] => t.announcements.filter((a) => a.type === 'goal');

describe('pong on the real server', () => {
  const cut = cuttableSockets();
  let a: GameClient;
  let b: GameClient;
  let ta: ReturnType<typeof track>;
  let tb: ReturnType<typeof track>;

  it('two players through matchmaking: sides bottom and top, waiting → countdown → playing', async () => {
    const seatA = await matchmake(r.httpUrl, { mode: 'pong', action: 'joinOrCreate', options: { name: 'alice' } });
    a = await joinRoom(seatA, { name: 'alice', game: pong, socketFactory: wsFactory });
    ta = track(a);
    expect(a.welcome).toMatchObject({ game: 'pong', roomType: 'pong', tickRate: 60 });
    expect((a.welcome!.info as PongWelcome).courtSize).toBe(600);
    await until(() => match(a) !== undefined && paddle(a) !== undefined, 8000, 'alice sees her court');
    expect(phaseOf(a)).toBe('waiting'); // alone in the court
    expect(SIDES[paddle(a)!.side]).toBe('bottom');

    const seatB = await matchmake(r.httpUrl, { mode: 'pong', action: 'joinOrCreate', options: { name: 'bob' } });
    expect(seatB.roomId).toBe(seatA.roomId);
    b = await joinRoom(seatB, { name: 'bob', game: pong, socketFactory: cut.factory, reconnect: RECONNECT });
    tb = track(b);
    await until(() => paddle(b) !== undefined && paddle(a, b.playerId) !== undefined, 8000, 'both paddles seen');
    expect(SIDES[paddle(b)!.side]).toBe('top');
    expect(paddle(a, b.playerId)!.name).toBe('bob');
    expect(ta.announcements).toContainEqual({ type: 'joined', name: 'bob', side: 'top' });
    await until(() => phaseOf(a) === 'playing', 8000, 'the match starts');
    expect(ta.phases.slice(0, 3)).toEqual(['waiting', 'countdown', 'playing']);
  }, 20_000);

  it('moves paddles by their inputs (each own input acked) and the ball', async () => {
    const a0 = along(a);
    const b0 = along(b);
    const acked0 = a.ackSeq;
    sticks.set(a, 1); // towards larger x
    sticks.set(b, -1);
    await until(() => along(a) > a0 + 50 && along(b) < b0 - 50, 8000, 'paddles move');
    await until(() => along(b, a.playerId) > a0 + 50, 8000, 'bob sees alice move');
    // The own paddle's ack field follows the inputs sent (60 a second).
    await until(() => a.ackSeq >= acked0 + 20 && b.ackSeq >= 20, 8000, 'inputs acked');
    // Both now hold -1: each paddle goes to the low end of its side and stays there.
    sticks.set(a, -1);
    await until(() => along(a) < a0 - 50, 8000, 'alice moves back');
    const p0 = ball(a)!;
    await until(() => {
      const p = ball(a)!;
      return Math.hypot(p.x - p0.x, p.y - p0.y) > 30;
    }, 6000, 'the ball moves');
  }, 20_000);

  it('announces a goal within a bounded time, to both players', async () => {
    await until(() => goals(ta).length > 0 && goals(tb).length > 0, GOAL_WITHIN_MS, 'a goal');
    const g = goals(ta)[0]!;
    expect(['bottom', 'top']).toContain(g.conceded);
    expect(['alice', 'bob']).toContain(g.concededBy);
    expect(g.score).toBeGreaterThanOrEqual(1);
    await until(() => scoreOf(a, 0) + scoreOf(a, 1) >= 1, 6000, 'the score shows');
  }, GOAL_WITHIN_MS + 5000);

  it('a dropped player resumes with its side and its score (the match pauses meanwhile)', async () => {
    const id = b.playerId;
    const side = paddle(b)!.side;
    let resumed = false;
    b.on('reconnected', () => (resumed = true));
    // Alice sees the court pause, bob's side held (2 bits per side: 2 = held): caught on her States, not by polling.
    const paused: { scores: number[] | null } = { scores: null };
    a.on('state', () => {
      const m = match(a);
      if (paused.scores === null && m !== undefined && phaseOf(a) === 'waiting' && ((m.sides >> (2 * side)) & 3) === 2) paused.scores = [0, 1, 2, 3].map((s) => scoreOf(a, s));
    });
    cut.cutLast();
    await until(() => paused.scores !== null, 5000, 'the court pauses');
    const scores = paused.scores!;
    expect(scores[0]! + scores[1]!).toBeGreaterThanOrEqual(1);
    await until(() => resumed && paddle(b) !== undefined && match(b) !== undefined, 8000, 'bob resumes');
    expect(b.playerId).toBe(id);
    expect(paddle(b)!.side).toBe(side);
    expect([0, 1, 2, 3].map((s) => scoreOf(b, s))).toEqual(scores);
    await until(() => phaseOf(a) === 'playing', 8000, 'the match goes on');
  }, 25_000);

  it('two more by a plain Join (mode pong): the same court, sides left and right, four paddles everywhere', async () => {
    const c = new GameClient({ game: pong, url: r.wsUrl, name: 'carol', mode: 'pong', socketFactory: wsFactory });
    const d = new GameClient({ game: pong, url: r.wsUrl, name: 'dave', mode: 'pong', socketFactory: wsFactory });
    const tc = track(c);
    track(d);
    const wc = await c.connect();
    const wd = await d.connect();
    expect(wc.roomId).toBe(a.roomId);
    expect(wd.roomId).toBe(a.roomId);
    sticks.set(c, -1);
    sticks.set(d, -1);
    await until(() => [a, b, c, d].every((x) => paddles(x) === 4), 5000, 'four paddles everywhere');
    expect(SIDES[paddle(c)!.side]).toBe('left');
    expect(SIDES[paddle(d)!.side]).toBe('right');
    const y0 = along(a, c.playerId);
    sticks.set(c, 1); // down its side
    await until(() => along(a, c.playerId) > y0 + 50, 8000, 'alice sees carol move');
    sticks.set(c, -1);
    const before = goals(tc).length;
    await until(() => goals(tc).length > before, GOAL_WITHIN_MS, 'a goal among four');
    expect(['bottom', 'top', 'left', 'right']).toContain(goals(tc).at(-1)!.conceded);
  }, GOAL_WITHIN_MS + 15_000);

  it('runs an arena room beside the pong room, and GET /api/rooms lists both', async () => {
    const x = new GameClient({ game: arena, url: r.wsUrl, name: 'xena', socketFactory: wsFactory });
    clients.push(x);
    const w = await x.connect();
    expect(w).toMatchObject({ game: 'arena', roomType: 'arena' });
    const me = () => {
      const e = x.view.entities.get(x.playerId);
      return e && e.kind === KIND.Player ? fromRecord(PlayerSchema, e.rec) : undefined;
    };
    await until(() => me() !== undefined, 8000, 'the arena player');
    const p0 = me()!;
    const moved = () => Math.hypot(me()!.x - p0.x, me()!.y - p0.y);
    const pongGoals = goals(ta).length;
    const t0 = Date.now();
    // Walk right, down, left, up in turn (half a second each): an obstacle blocks one way at most.
    const HEADINGS = [[1, 0], [0, 1], [-1, 0], [0, -1]] as const;
    while (Date.now() - t0 < 8000 && moved() < 40) {
      const [mx, my] = HEADINGS[Math.floor((Date.now() - t0) / 500) % 4]!;
      x.sendInput({ mx, my, aim: 0, fire: false });
      await sleep(33);
    }
    expect(moved()).toBeGreaterThanOrEqual(40);
    expect(x.ackSeq).toBeGreaterThan(0);
    // The court went on meanwhile.
    await until(() => goals(ta).length > pongGoals || phaseOf(a) === 'over', GOAL_WITHIN_MS, 'pong goes on');
    const rooms = await listRooms(r.httpUrl);
    expect(rooms.find((l) => l.mode === 'pong')).toMatchObject({ roomId: a.roomId, players: 4, capacity: 4 });
    expect(rooms.find((l) => l.mode === 'arena')).toMatchObject({ roomId: x.roomId, players: 1 });
    expect((await listRooms(r.httpUrl, 'pong')).map((l) => l.roomId)).toEqual([a.roomId]);
    expect(r.server.rooms.get(a.roomId)!.game.name).toBe('pong');
    expect(r.server.rooms.get(x.roomId)!.game.name).toBe('arena');
  }, GOAL_WITHIN_MS + 10_000);
});
