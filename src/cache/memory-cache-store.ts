import type { CacheStore } from './cache-store.js';
import { TtlLru } from './ttl-lru.js';

/** The embedded default: one process, bounded (LRU), entries expire. */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory';
  readonly shared = false;
  private readonly entries: TtlLru<unknown>;

  constructor(
    maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new TtlLru<unknown>(maxEntries, now);
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<unknown> {
    return this.entries.get(key);
  }

  async mget(keys: readonly string[]): Promise<readonly unknown[]> {
    return keys.map((key) => this.entries.get(key));
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.entries.set(key, value, this.now() + ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<{ stored: boolean; value: unknown }> {
    const existing = this.entries.get(key);
    if (existing !== undefined) return { stored: false, value: existing };
    this.entries.set(key, value, this.now() + ttlMs);
    return { stored: true, value };
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
