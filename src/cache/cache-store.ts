/**
 * Where cache entries live: in this process (the embedded default) or in Redis
 * (REDIS_URL). Values are JSON-compatible and treated as immutable: the memory
 * store hands out the stored object itself, so callers must not mutate it.
 *
 * Store methods may throw (Redis down, timeout): FranchiseCache catches, counts
 * and falls through to the database; nothing above it sees a cache error.
 * Multi-key calls (`mget`) take keys with one hash tag (see cache-keys.ts).
 */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** Several API nodes share it: cross-node locks and invalidation messages make sense. */
  readonly shared: boolean;
  /** undefined when absent or expired. */
  get(key: string): Promise<unknown>;
  mget(keys: readonly string[]): Promise<readonly unknown[]>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** SET NX: stores `value` unless the key exists; answers what the key holds afterwards. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<{ readonly stored: boolean; readonly value: unknown }>;
  /** Deletes the key only while it still holds `value` (releasing a lock we own). */
  deleteIfEquals(key: string, value: string): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by a store that knows, without asking, that it cannot answer now. */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError';
}
