/**
 * One tick of a court: the paddles move by their inputs (in every phase), then the match's phase
 * advances: waiting (fewer than two players) → countdown (3 s) → playing → over (5 s) → a new match.
 * Pure and deterministic: randomness only from the world's seeded rng.
 */
import type { InputsById } from '../../../shared/game/GameDefinition.ts';
import { centreBall, moveBall, serve } from './ball.ts';
import type { PongEvent } from './events.ts';
import type { PongInput } from './input.ts';
import { slide } from './input.ts';
import { PHASE, SIDE_COUNT, TIMING, type Side } from './rules.ts';
import { isPresent, presentCount, type World } from './world.ts';

const NONE: readonly PongEvent[] = Object.freeze([]);
/** Timers count down by dtSec in floating point: this much left is none. */
const EPS = 1e-9;

export function step(world: World, inputs: InputsById<PongInput>, dtSec: number): readonly PongEvent[] {
  world.tick++;
  world.dtSec = dtSec;
  // The events of this tick: the seats' pending ones first. Allocated only on a tick that has any.
  world.emitted = world.pending.length > 0 ? world.pending.splice(0) : null;

  for (const p of world.paddles) {
    if (p === null || p.held) continue;
    const list = inputs.get(p.id);
    if (list === undefined) continue;
    for (let i = 0; i < list.length; i++) p.along = slide(p.along, list[i]!.move, dtSec, world.geo);
  }

  const present = presentCount(world);
  switch (world.phase) {
    case PHASE.waiting:
      if (present >= 2) startCountdown(world);
      break;
    case PHASE.countdown:
      if (present < 2) pause(world);
      else if ((world.timerSec -= dtSec) <= EPS) {
        world.phase = PHASE.playing;
        world.timerSec = 0;
        emit(world, { type: 'serve', toSide: serve(world) });
      }
      break;
    case PHASE.playing:
      if (present < 2) pause(world);
      else if (world.timerSec > 0) {
        if ((world.timerSec -= dtSec) <= EPS) {
          world.timerSec = 0;
          emit(world, { type: 'serve', toSide: serve(world) });
        }
      } else {
        const conceded = moveBall(world, dtSec);
        if (conceded >= 0) point(world, conceded as Side, present);
      }
      break;
    case PHASE.over:
      if ((world.timerSec -= dtSec) <= EPS) {
        world.scores.fill(0);
        world.winner = -1;
        world.serveTo = -1;
        if (present >= 2) startCountdown(world);
        else {
          world.phase = PHASE.waiting;
          world.timerSec = 0;
        }
      }
      break;
  }
  return world.emitted ?? NONE;
}

function emit(world: World, e: PongEvent): void {
  (world.emitted ??= []).push(e);
}

function startCountdown(world: World): void {
  world.phase = PHASE.countdown;
  world.timerSec = TIMING.countdownSec;
  world.winner = -1;
  centreBall(world);
  emit(world, { type: 'countdown' });
}

/** Fewer than two players in the court: back to waiting, the scores kept (a held player may come back). */
function pause(world: World): void {
  world.phase = PHASE.waiting;
  world.timerSec = 0;
  centreBall(world);
  emit(world, { type: 'paused' });
}

/**
 * Side `conceded` missed the ball. The point goes to the side that touched it last; if that is
 * nobody (an unreturned serve) or the conceder itself, to the only other player when there are
 * two, else to nobody. The conceder receives the next serve.
 */
function point(world: World, conceded: Side, present: number): void {
  let scorer = world.ball.lastHit;
  if (scorer === conceded || scorer < 0 || world.paddles[scorer] === null) {
    scorer = -1;
    if (present === 2) for (let k = 0; k < SIDE_COUNT; k++) if (k !== conceded && isPresent(world, k)) scorer = k;
  }
  const score = scorer >= 0 ? ++world.scores[scorer]! : 0;
  const scorerId = scorer >= 0 ? world.paddles[scorer]!.id : 0;
  emit(world, { type: 'point', conceded, concededBy: world.paddles[conceded]!.id, scorer, scorerId, score });
  centreBall(world);
  world.serveTo = conceded;
  if (scorer >= 0 && score >= world.params.pointsToWin) {
    world.phase = PHASE.over;
    world.timerSec = TIMING.overSec;
    world.winner = scorer;
    emit(world, { type: 'won', side: scorer as Side, player: scorerId, score });
  } else world.timerSec = TIMING.serveDelaySec;
}
