/** What happens in a court (the step's events) and what of it every player is told. */
import type { Announcement } from '../../../shared/game/GameDefinition.ts';
import { SIDES, type Side } from './rules.ts';

export type PongEvent =
  | { readonly type: 'joined'; readonly player: number; readonly side: Side }
  | { readonly type: 'left'; readonly player: number; readonly side: Side }
  | { readonly type: 'countdown' }
  | { readonly type: 'serve'; readonly toSide: Side }
  /** A side missed the ball. `scorer`: the side given the point, or -1 (nobody: an unreturned serve among 3–4). */
  | { readonly type: 'point'; readonly conceded: Side; readonly concededBy: number; readonly scorer: number; readonly scorerId: number; readonly score: number }
  | { readonly type: 'won'; readonly side: Side; readonly player: number; readonly score: number }
  /** The match stopped: fewer than two players in the court (a pause while one is held). */
  | { readonly type: 'paused' };

/** Goals, results and who took which side are announced; the rest is silent. */
export function announce(event: PongEvent, nameOf: (id: number) => string): Announcement | null {
  switch (event.type) {
    case 'joined':
      return { type: 'joined', name: nameOf(event.player), side: SIDES[event.side] };
    case 'point':
      return {
        type: 'goal',
        conceded: SIDES[event.conceded],
        concededBy: event.concededBy > 0 ? nameOf(event.concededBy) : '',
        scorer: event.scorer >= 0 ? SIDES[event.scorer]! : '',
        scorerName: event.scorerId > 0 ? nameOf(event.scorerId) : '',
        score: event.score,
      };
    case 'won':
      return { type: 'won', side: SIDES[event.side], name: event.player > 0 ? nameOf(event.player) : '', score: event.score };
    default:
      return null;
  }
}
