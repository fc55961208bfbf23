/**
 * Debug checksum of a view: the sum (mod 2^32) of a hash of each entity, so it does not depend
 * on iteration order. The server attaches it when asked; the client compares after applying.
 */
import type { WireValue } from '../schema.ts';

function mix(h: number, v: number): number {
  h ^= v & 0xffff;
  h = Math.imul(h, 0x01000193);
  h ^= v >>> 16;
  return Math.imul(h, 0x01000193);
}

export function entityHash(id: number, kind: number, rec: readonly WireValue[]): number {
  let h = mix(mix(0x811c9dc5, id), kind);
  for (const v of rec) {
    if (typeof v === 'number') h = mix(h, v | 0);
    else if (typeof v === 'boolean') h = mix(h, v ? 1 : 2);
    else {
      h = mix(h, v.length);
      for (let i = 0; i < v.length; i++) h = mix(h, v.charCodeAt(i));
    }
  }
  return h >>> 0;
}

export function viewChecksum(entities: Iterable<readonly [number, { kind: number; rec: readonly WireValue[] }]>): number {
  let sum = 0;
  for (const [id, e] of entities) sum = (sum + entityHash(id, e.kind, e.rec)) >>> 0;
  return sum;
}
