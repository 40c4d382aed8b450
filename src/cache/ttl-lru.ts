import { hashTagOf } from './cache-keys.js';

interface Slot<V> {
  readonly value: V;
  readonly expiresAt: number;
  readonly tag: string | undefined;
}

/**
 * A bounded map with per-entry expiry, least recently used out first (a Map
 * keeps insertion order; a hit re-inserts). Entries are grouped by their key's
 * hash tag (the franchise id) so one franchise's entries can be dropped at once.
 */
export class TtlLru<V> {
  private readonly slots = new Map<string, Slot<V>>();
  private readonly byTag = new Map<string, Set<string>>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.slots.size;
  }

  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.delete(key);
    const tag = hashTagOf(key);
    this.slots.set(key, { value, expiresAt, tag });
    if (tag !== undefined) {
      const keys = this.byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(tag, keys);
    }
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    if (slot.tag === undefined) return;
    const keys = this.byTag.get(slot.tag);
    keys?.delete(key);
    if (keys?.size === 0) this.byTag.delete(slot.tag);
  }

  /** Drops every entry whose key carries this hash tag; returns how many. */
  deleteTag(tag: string): number {
    const keys = this.byTag.get(tag);
    if (!keys) return 0;
    const count = keys.size;
    for (const key of [...keys]) this.delete(key);
    return count;
  }

  clear(): void {
    this.slots.clear();
    this.byTag.clear();
  }
}
