import type { RedisClient } from '../redis/redis-client.js';
import type { CacheStore } from './cache-store.js';
import { CacheUnavailableError } from './cache-store.js';

export interface RedisCacheStoreOptions {
  /** After a timeout, skip Redis for this long: a hung server must not cost every request a full timeout. */
  readonly cooldownMs?: number;
  readonly now?: () => number;
}

const RELEASE_IF_OWNED = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The cache in Redis: JSON values with a PX expiry. Fails fast: when the
 * connection is not ready (the client's offline queue is off) or Redis timed out
 * a moment ago, calls throw at once and FranchiseCache falls through to the database.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis';
  readonly shared = true;
  private openUntil = 0;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: RedisClient,
    options: RedisCacheStoreOptions = {},
  ) {
    this.cooldownMs = options.cooldownMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get(key: string): Promise<unknown> {
    return this.run(async () => decode(await this.client.get(key)));
  }

  mget(keys: readonly string[]): Promise<readonly unknown[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.run(async () => (await this.client.mget(...keys)).map(decode));
  }

  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    return this.run(async () => {
      await this.client.set(key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
    });
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<{ stored: boolean; value: unknown }> {
    return this.run(async () => {
      // SET … NX GET (Redis ≥ 7.0) answers the previous value, nil when ours was stored: one round trip.
      const previous = await this.client.set(key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)), 'NX', 'GET');
      return previous === null ? { stored: true, value } : { stored: false, value: decode(previous) };
    });
  }

  deleteIfEquals(key: string, value: string): Promise<void> {
    return this.run(async () => {
      await this.client.eval(RELEASE_IF_OWNED, 1, key, JSON.stringify(value));
    });
  }

  delete(keys: readonly string[]): Promise<void> {
    // One DEL per key: on a cluster a multi-key DEL must stay within one slot.
    return this.run(async () => {
      await Promise.all(keys.map((key) => this.client.del(key)));
    });
  }

  /** The client belongs to whoever created it (it is shared with sessions and rate limits). */
  async close(): Promise<void> {}

  private async run<T>(command: () => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') throw new CacheUnavailableError(`redis is not connected (${this.client.status})`);
    if (this.now() < this.openUntil) throw new CacheUnavailableError('redis timed out a moment ago; skipping it briefly');
    try {
      return await command();
    } catch (error) {
      if (error instanceof Error && /timed out/i.test(error.message)) this.openUntil = this.now() + this.cooldownMs;
      throw error;
    }
  }
}

function decode(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not ours (or truncated): a miss, recomputed and overwritten.
    return undefined;
  }
}
