/**
 * The header of a State message on the wire, [State, tick, ticksSinceBase, ack, …]:
 * ticksSinceBase is tick − baseTick (0 for a full snapshot); ack is the last input sequence the
 * server applied, sent as the change since the previous State (absolute in a full snapshot).
 */
export interface StateHeader {
  tick: number;
  /** 0 for a full snapshot. */
  baseTick: number;
  ackSeq: number;
}

/** Decode the header given the ack the client had; null when malformed. */
export function readStateHeader(msg: readonly unknown[], prevAck: number): StateHeader | null {
  const [, tick, sinceBase, ack] = msg;
  if (!Number.isInteger(tick) || !Number.isInteger(sinceBase) || !Number.isInteger(ack)) return null;
  if ((tick as number) <= 0 || (sinceBase as number) < 0 || (sinceBase as number) >= (tick as number)) return null;
  const full = sinceBase === 0;
  return {
    tick: tick as number,
    baseTick: full ? 0 : (tick as number) - (sinceBase as number),
    ackSeq: full ? (ack as number) : prevAck + (ack as number),
  };
}
