/**
 * The client's copy of the server state: wire records by entity id, updated by State messages
 * (flat added/changed/removed lists, numeric changes relative to the extrapolated value; see
 * delta.ts). Every delta is validated against the schema and against what the view holds; any
 * gap or mismatch raises a DesyncError so the caller asks for a full resync instead of rendering
 * a wrong world.
 */
import type { EntityKind } from '../game/GameDefinition.ts';
import { wireAdd, type WireRange, type WireRecord, type WireValue } from '../schema.ts';
import type { KindPlan } from './kindPlan.ts';
import { viewChecksum } from './checksum.ts';

export class DesyncError extends Error {
  override readonly name = 'DesyncError';
}

export interface ViewEntry {
  /** The kind's wire code. */
  kind: number;
  rec: WireRecord;
}

const MAX_DIFF = 2 ** 31;

/** The next id of a list: ids are sent as increases over the previous one, so each is at least 1. */
function nextId(prev: number, increase: unknown): number {
  if (!Number.isInteger(increase) || (increase as number) < 1 || (increase as number) > MAX_DIFF) throw new DesyncError(`bad entity id increase ${String(increase)}`);
  return prev + (increase as number);
}

export class ClientView {
  /** Tick of the last applied state; 0 before the first full snapshot. */
  tick = 0;
  readonly entities = new Map<number, ViewEntry>();
  /**
   * The game's kinds' plans by wire code (the loops below run over every entity of every State:
   * a bot process applies 15,000 a second; plans are flat data of one shape, see kindPlan.ts).
   */
  private readonly plans: (KindPlan | undefined)[] = [];

  constructor(kinds: readonly EntityKind[]) {
    for (const k of kinds) this.plans[k.code] = k.plan;
  }

  /**
   * Apply one State message's delta. baseTick 0 is a full snapshot. Throws DesyncError when the
   * delta does not fit the view (or the checksum, when given, does not match); the view is then
   * cleared and unusable until a full snapshot arrives.
   */
  apply(tick: number, baseTick: number, added: unknown, changed: unknown, removed: unknown, checksum?: unknown): void {
    try {
      this.applyUnchecked(tick, baseTick, added, changed, removed);
      if (checksum !== undefined && checksum !== viewChecksum(this.entities)) {
        throw new DesyncError(`checksum mismatch at tick ${tick}`);
      }
    } catch (e) {
      this.tick = 0;
      this.entities.clear();
      throw e instanceof DesyncError ? e : new DesyncError(String(e));
    }
  }

  checksum(): number {
    return viewChecksum(this.entities);
  }

  private applyUnchecked(tick: number, baseTick: number, added: unknown, changed: unknown, removed: unknown): void {
    if (!Number.isInteger(tick) || tick <= 0) throw new DesyncError(`bad tick ${tick}`);
    if (!Array.isArray(added) || !Array.isArray(changed) || !Array.isArray(removed)) throw new DesyncError('malformed state');
    if (baseTick === 0) this.entities.clear();
    else if (baseTick !== this.tick) throw new DesyncError(`gap: delta is against tick ${baseTick}, view is at ${this.tick}`);
    else if (tick <= baseTick) throw new DesyncError(`tick ${tick} is not after ${baseTick}`);
    let id = 0;
    for (const d of removed) {
      id = nextId(id, d);
      if (!this.entities.delete(id)) throw new DesyncError(`removed unknown entity ${id}`);
    }
    if (baseTick !== 0) this.extrapolate(tick - baseTick);
    id = 0;
    for (let i = 0; i < added.length; ) {
      id = nextId(id, added[i]);
      const kind = added[i + 1];
      const plan = typeof kind === 'number' ? this.plans[kind] : undefined;
      if (plan === undefined) throw new DesyncError(`bad added entity ${id}/${typeof kind === 'number' ? kind : typeof kind}`);
      const schema = plan.schema;
      const rec = added.slice(i + 2, i + 2 + schema.list.length) as WireRecord;
      if (rec.length !== schema.list.length) throw new DesyncError(`truncated record for entity ${id}`);
      for (let f = 0; f < rec.length; f++) {
        const r = plan.ranges[f] as WireRange | null;
        const v = rec[f];
        const ok = r !== null ? Number.isInteger(v) && (v as number) >= r.min && (v as number) <= r.max : schema.list[f]!.isWire(v);
        if (!ok) throw new DesyncError(`bad ${schema.name}.${schema.keys[f]} for entity ${id}`);
      }
      if (this.entities.has(id)) throw new DesyncError(`added entity ${id} twice`);
      this.entities.set(id, { kind: plan.code, rec });
      i += 2 + schema.list.length;
    }
    id = 0;
    for (let i = 0; i < changed.length; ) {
      id = nextId(id, changed[i]);
      const mask = changed[i + 1];
      const e = this.entities.get(id);
      if (!e) throw new DesyncError(`changed unknown entity ${id}`);
      const plan = this.plans[e.kind]!;
      const schema = plan.schema;
      if (!Number.isInteger(mask) || (mask as number) <= 0 || (mask as number) >= 1 << schema.list.length) {
        throw new DesyncError(`bad change mask for entity ${id}`);
      }
      let j = i + 2;
      const rec = e.rec;
      // Only the fields whose bit is set, lowest first.
      for (let m = mask as number; m !== 0; m &= m - 1) {
        const f = 31 - Math.clz32(m & -m);
        if (j >= changed.length) throw new DesyncError(`truncated change for entity ${id}`);
        const r = plan.ranges[f] as WireRange | null;
        const v = changed[j++];
        if (r !== null) {
          // A whole difference, added and clamped (or wrapped) into the field's range, is always a valid value.
          if (!Number.isInteger(v) || Math.abs(v as number) > MAX_DIFF) throw new DesyncError(`bad difference for ${schema.name}.${schema.keys[f]}`);
          rec[f] = wireAdd(r, rec[f] as number, v as number);
        } else {
          if (!schema.list[f]!.isWire(v)) throw new DesyncError(`bad value for ${schema.name}.${schema.keys[f]}`);
          rec[f] = v as WireValue;
        }
      }
      i = j;
    }
    this.tick = tick;
  }

  /** Advance every position by its velocity × k: what the server expects the client to do. */
  private extrapolate(k: number): void {
    for (const e of this.entities.values()) {
      const plan = this.plans[e.kind]!;
      const pairs = plan.velPairs;
      const rec = e.rec;
      for (let i = 0; i < pairs.length; i += 2) {
        const p = pairs[i]!;
        const v = rec[pairs[i + 1]!] as number;
        if (v !== 0) rec[p] = wireAdd(plan.ranges[p]!, rec[p] as number, v * k);
      }
    }
  }
}
