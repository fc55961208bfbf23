/**
 * The header of a State message on the wire, [State, tick, ticksSinceBase, …]: ticksSinceBase
 * is tick − baseTick (0 for a full snapshot). Nothing in it is particular to one client, so
 * clients in sync get the very same bytes. (A client's input ack is its own player's `ack` field.)
 */
export interface StateHeader {
  tick: number;
  /** 0 for a full snapshot. */
  baseTick: number;
}

/** Decode the header; null when malformed. */
export function readStateHeader(msg: readonly unknown[]): StateHeader | null {
  const [, tick, sinceBase] = msg;
  if (!Number.isInteger(tick) || !Number.isInteger(sinceBase)) return null;
  if ((tick as number) <= 0 || (sinceBase as number) < 0 || (sinceBase as number) >= (tick as number)) return null;
  return { tick: tick as number, baseTick: sinceBase === 0 ? 0 : (tick as number) - (sinceBase as number) };
}
