/** Pong's members of the test probe (`window.__game`, see client/debug/testProbe.ts). */
import type { ViewSession } from '../../../client/net/NetSession.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { pong } from '../index.ts';
import { Ball, Match, Paddle } from '../shared/kinds.ts';
import { readGeometry } from '../shared/predict.ts';
import { PHASE_NAMES, SIDES, type Geometry } from '../shared/rules.ts';

export interface PaddleProbe {
  id: number;
  name: string;
  /** 'bottom', 'top', 'left' or 'right'. */
  side: string;
  x: number;
  y: number;
}

export interface MatchProbe {
  /** 'waiting', 'countdown', 'playing' or 'over'. */
  phase: string;
  timer: number;
  /** By side: bottom, top, left, right. */
  scores: number[];
  pointsToWin: number;
  winner: number;
}

export interface PongProbe {
  /** The court's geometry, as sent in Welcome. */
  readonly court: Geometry;
  /** The own side ('bottom', …), or null before the first state. */
  ownSide(): string | null;
  /** Every paddle as drawn now (interpolated), the own one included. */
  paddles(): PaddleProbe[];
  /** The ball as drawn now, or null. */
  ball(): { x: number; y: number } | null;
  /** The match as drawn now, or null. */
  match(): MatchProbe | null;
}

declare global {
  // oxlint-disable-next-line no-empty-interface
  interface GameProbeParts extends PongProbe {}
}

export function pongProbe(session: ViewSession<typeof pong>, clock: Clock): PongProbe {
  return {
    get court() {
      return readGeometry(session.welcome.info);
    },
    ownSide: () => (session.own ? (SIDES[session.own.side] ?? null) : null),
    paddles: () => session.drawn(Paddle, clock.now()).map((p) => ({ id: p.id, name: p.name, side: SIDES[p.side] ?? String(p.side), x: p.x, y: p.y })),
    ball: () => {
      const b = session.drawn(Ball, clock.now())[0];
      return b ? { x: b.x, y: b.y } : null;
    },
    match: () => {
      const m = session.drawn(Match, clock.now())[0];
      return m ? { phase: PHASE_NAMES[m.phase] ?? String(m.phase), timer: m.timer, scores: [m.score0, m.score1, m.score2, m.score3], pointsToWin: m.pointsToWin, winner: m.winner } : null;
    },
  };
}
