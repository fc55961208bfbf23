/**
 * Client messages of every type (shared/protocol.ts: Join, Input, Ping, Resync, Leave, Chat),
 * valid, and with their fields mutated: a field replaced by a hostile value, fields added or
 * removed, the type code changed. As values, to be encoded by the shared codec.
 */
import { MSG, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { allModes } from '../games.ts';
import { hostileValue, intBelow, markedString, pick, type Random } from './hostileValues.ts';

/** Every installed game's room types (so every game's rooms take hostile inputs), and one that does not exist. */
const MODES: readonly string[] = [...allModes(), 'nope'];

/** A well-formed client message of a random type (Leave only when `leave`: it ends the connection). */
export function validMessage(random: Random, seq: number, leave = false): unknown[] {
  const types = leave ? 6 : 5;
  switch (intBelow(random, types)) {
    case 0: {
      const join: unknown[] = [MSG.Join, PROTOCOL_VERSION, markedString(random, 3 + intBelow(random, 14)), pick(random, MODES)];
      if (random() < 0.5) join.push(random() < 0.5 ? { seat: markedString(random, 40) } : { reconnect: markedString(random, 30), roomId: markedString(random, 8) });
      return join;
    }
    case 1: {
      const input: unknown[] = [MSG.Input, seq, random() * 2 - 1, random() * 2 - 1, random() * 6.3, intBelow(random, 2)];
      if (random() < 0.7) input.push(intBelow(random, 100_000));
      if (input.length === 7 && random() < 0.5) input.push(intBelow(random, 1_000_000));
      return input;
    }
    case 2: return [MSG.Ping, random() * 1e7];
    case 3: return [MSG.Resync];
    case 4: return [MSG.Chat, markedString(random, 1 + intBelow(random, 150))];
    default: return [MSG.Leave];
  }
}

/** A valid message with one structural or field mutation. */
export function mutatedMessage(random: Random, seq: number): unknown {
  const msg = validMessage(random, seq);
  switch (intBelow(random, 7)) {
    case 0: case 1: case 2: // one field replaced
      msg[intBelow(random, msg.length)] = hostileValue(random);
      return msg;
    case 3: // extra fields
      for (let i = 1 + intBelow(random, 3); i > 0; i--) msg.push(hostileValue(random));
      return msg;
    case 4: // fields missing
      msg.length = intBelow(random, msg.length);
      return msg;
    case 5: // another type code
      msg[0] = pick(random, [0, 7, 63, 64, 65, 67, 127, 128, 255, -1, 1.5, 2 ** 32]);
      return msg;
    default: // not an array at all
      return pick(random, [msg[1], { 0: msg[0], 1: msg[1] }, msg.length, null]);
  }
}
