import { LRUCache } from 'lru-cache';
import { hashTagOf } from './cache-keys.js';

/**
 * A bounded map with per-entry expiry, least recently used out first: lru-cache
 * (https://github.com/isaacs/node-lru-cache) does the bounding, the recency
 * order and the expiry; this adds an index by the key's hash tag (the
 * franchise id) so one franchise's entries can be dropped at once.
 *
 * An entry is served until its `expiresAt` has passed (lru-cache's contract:
 * stale once `now - start > ttl`).
 */
export class TtlLru<V> {
  // Boxed: lru-cache holds no null or undefined, and a cached value may be null.
  private readonly entries: LRUCache<string, { readonly value: V }>;
  private readonly byTag = new Map<string, Set<string>>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('maxEntries must be a positive integer');
    this.entries = new LRUCache<string, { readonly value: V }>({
      max: maxEntries,
      perf: { now },
      // lru-cache otherwise reuses one clock reading for 1 ms of wall time; an injected clock must be read every time.
      ttlResolution: 0,
      // Every way out (eviction, expiry, delete, overwrite, clear) leaves the tag index through here.
      dispose: (_value, key) => this.untag(key),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** `expiresAt` is absolute (the `now` clock's ms); Infinity never expires. An entry already expired is not stored. */
  set(key: string, value: V, expiresAt: number): void {
    const start = this.now();
    if (expiresAt <= start) {
      this.entries.delete(key);
      return;
    }
    // ttl 0 is lru-cache's "no expiry".
    const ttl = expiresAt === Infinity ? 0 : Math.max(1, Math.ceil(expiresAt - start));
    this.entries.set(key, { value }, { ttl, start });
    const tag = hashTagOf(key);
    if (tag === undefined) return;
    const keys = this.byTag.get(tag) ?? new Set<string>();
    keys.add(key);
    this.byTag.set(tag, keys);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key carries this hash tag; returns how many. */
  deleteTag(tag: string): number {
    const keys = this.byTag.get(tag);
    if (!keys) return 0;
    const count = keys.size;
    for (const key of [...keys]) this.entries.delete(key);
    this.byTag.delete(tag);
    return count;
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
  }

  private untag(key: string): void {
    const tag = hashTagOf(key);
    if (tag === undefined) return;
    const keys = this.byTag.get(tag);
    keys?.delete(key);
    if (keys?.size === 0) this.byTag.delete(tag);
  }
}
