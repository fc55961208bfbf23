/**
 * The client's copy of the server state: wire records by entity id, updated by State messages.
 * Every incoming delta is validated against the schema and against what the view holds; any
 * gap or mismatch raises a DesyncError so the caller asks for a full resync instead of
 * rendering a wrong world.
 */
import { isKind, SCHEMAS, type Kind } from '../entities.ts';
import { isRecord, type Field, type WireRecord } from '../schema.ts';

export class DesyncError extends Error {
  override readonly name = 'DesyncError';
}

export interface ViewEntry {
  kind: Kind;
  rec: WireRecord;
}

export class ClientView {
  /** Tick of the last applied state; 0 before the first full snapshot. */
  tick = 0;
  readonly entities = new Map<number, ViewEntry>();

  /**
   * Apply [tick, baseTick, added, changed, removed]. baseTick 0 is a full snapshot. Throws
   * DesyncError when the delta does not fit the view; the view is then unusable until a full
   * snapshot arrives (it is cleared).
   */
  apply(tick: number, baseTick: number, added: unknown, changed: unknown, removed: unknown): void {
    try {
      this.applyUnchecked(tick, baseTick, added, changed, removed);
    } catch (e) {
      this.tick = 0;
      this.entities.clear();
      throw e instanceof DesyncError ? e : new DesyncError(String(e));
    }
  }

  private applyUnchecked(tick: number, baseTick: number, added: unknown, changed: unknown, removed: unknown): void {
    if (!Number.isInteger(tick) || tick <= 0) throw new DesyncError(`bad tick ${tick}`);
    if (baseTick === 0) this.entities.clear();
    else if (baseTick !== this.tick) throw new DesyncError(`gap: delta is against tick ${baseTick}, view is at ${this.tick}`);
    if (!Array.isArray(added) || !Array.isArray(changed) || !Array.isArray(removed)) throw new DesyncError('malformed state');
    for (const id of removed) {
      if (!this.entities.delete(id as number)) throw new DesyncError(`removed unknown entity ${id}`);
    }
    for (const a of added) {
      if (!Array.isArray(a) || a.length < 2) throw new DesyncError('malformed added entry');
      const [id, kind] = a;
      if (!Number.isInteger(id) || !isKind(kind)) throw new DesyncError(`bad added entity ${id}/${kind}`);
      const rec = a.slice(2);
      if (!isRecord(SCHEMAS[kind], rec)) throw new DesyncError(`bad record for entity ${id}`);
      if (this.entities.has(id as number)) throw new DesyncError(`added entity ${id} twice`);
      this.entities.set(id as number, { kind, rec });
    }
    for (const c of changed) {
      if (!Array.isArray(c) || c.length < 3) throw new DesyncError('malformed changed entry');
      const [id, mask] = c;
      const e = this.entities.get(id as number);
      if (!e) throw new DesyncError(`changed unknown entity ${id}`);
      const schema = SCHEMAS[e.kind];
      if (!Number.isInteger(mask) || (mask as number) <= 0 || (mask as number) >= 1 << schema.keys.length) {
        throw new DesyncError(`bad change mask for entity ${id}`);
      }
      let j = 2;
      for (let i = 0; i < schema.keys.length; i++) {
        if (((mask as number) & (1 << i)) === 0) continue;
        const v = c[j++];
        if (!(schema.fields[schema.keys[i]!] as Field).isWire(v)) throw new DesyncError(`bad value for ${schema.name}.${schema.keys[i]}`);
        e.rec[i] = v;
      }
      if (j !== c.length) throw new DesyncError(`changed entry ${id} has ${c.length - j} extra values`);
    }
    this.tick = tick;
  }
}
