/**
 * Hostile msgpack frames, built byte by byte (no encoder would write them): the shapes that
 * stalled the server before client messages went through the strict decoder.
 */

/** fixext 4 (0xd6) of msgpackr's structured-clone `type` (0x69: an id, 0x70: a pointer to an id). */
function fixext4(type: number, id: number): number[] {
  return [0xd6, type, (id >>> 24) & 0xff, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff];
}

/**
 * An array of `levels` definitions, each an array of two pointers to the one before: a few
 * bytes a level that msgpackr decodes into a DAG of 2^levels leaves, which JSON.stringify (an
 * error text's view of "what was read") walks in full. `trailing` adds a byte after the value.
 */
export function referenceBomb(levels: number, trailing = false): Uint8Array {
  const out: number[] = [0xdc, (levels >>> 8) & 0xff, levels & 0xff];
  out.push(...fixext4(0x69, 0), 0x92, 1, 2);
  for (let k = 1; k < levels; k++) out.push(...fixext4(0x69, k), 0x92, ...fixext4(0x70, k - 1), ...fixext4(0x70, k - 1));
  if (trailing) out.push(0xc0);
  return Uint8Array.from(out);
}

/** `depth` nested one-element arrays around a 0. */
export function deepArrays(depth: number): Uint8Array {
  return Uint8Array.from([...Array<number>(depth).fill(0x91), 0]);
}

/**
 * The same DAG nested instead of listed: level k is an array of level k−1 (defined inline) and a
 * pointer to it. Sent as `[bomb]`, the "type" element is the whole DAG (an error text that
 * quoted the unknown type walked it).
 */
export function nestedReferenceBomb(levels: number): Uint8Array {
  let inner: number[] = [...fixext4(0x69, 0), 0x92, 1, 2];
  for (let k = 1; k < levels; k++) inner = [...fixext4(0x69, k), 0x92, ...inner, ...fixext4(0x70, k - 1)];
  return Uint8Array.from([0x91, ...inner]);
}
