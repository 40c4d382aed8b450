import type { Logger } from 'pino';
import { FranchiseCache } from '../cache/franchise-cache.js';
import type { FranchiseCacheOptions } from '../cache/franchise-cache.js';
import { InvalidationBus } from '../cache/invalidation-bus.js';
import { MemoryCacheStore } from '../cache/memory-cache-store.js';
import { RedisCacheStore } from '../cache/redis-cache-store.js';
import type { Metrics } from '../observability/metrics.js';
import type { RateLimitRules } from '../rate-limits/rate-limit-rules.js';
import { RateLimits } from '../rate-limits/rate-limits.js';
import { MemorySessionStore } from '../sessions/memory-session-store.js';
import { RedisSessionStore } from '../sessions/redis-session-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import { closeRedisClient, createRedisClient } from '../redis/redis-client.js';
import type { RedisClient } from '../redis/redis-client.js';

export interface SharedStateOptions {
  /** REDIS_URL; unset → in-process cache, sessions and rate limits (the embedded default). */
  readonly redisUrl: string | undefined;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** The franchise's region for cache keys, e.g. `(id) => router.placementOf(id).then((p) => p.region)`. */
  readonly regionOf: (franchiseId: string) => Promise<string>;
  readonly rateLimits?: Partial<RateLimitRules>;
  readonly sessionTtlSeconds?: number;
  /** Absolute session lifetime (SESSION_ABSOLUTE_HOURS), whatever the sliding TTL. */
  readonly sessionAbsoluteSeconds?: number;
  readonly cache?: Pick<FranchiseCacheOptions, 'localEntries' | 'lock' | 'generations'>;
}

export interface SharedStateHealth {
  readonly ok: boolean;
  readonly detail?: string;
}

/** Everything that lives in Redis when there is one: the franchise cache, sessions and rate-limit counters. */
export interface SharedState {
  readonly mode: 'redis' | 'memory';
  readonly cache: FranchiseCache;
  readonly sessions: SessionStore;
  readonly rateLimits: RateLimits;
  /** The command connection (CLI cache commands); undefined in memory mode. */
  readonly redis: RedisClient | undefined;
  /**
   * For /ready as an informational check: Redis down degrades the node (see
   * docs/CACHING.md) but must not take it out of the load balancer.
   */
  health(): Promise<SharedStateHealth>;
  /** Subscribes to cache invalidations from other nodes. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the Redis tier from REDIS_URL, or its in-process twin without one. Same interfaces either way. */
export function createSharedState(options: SharedStateOptions): SharedState {
  const { metrics, logger, regionOf } = options;
  if (!options.redisUrl) {
    const cache = new FranchiseCache({ store: new MemoryCacheStore(), metrics, logger, regionOf, ...options.cache });
    return {
      mode: 'memory',
      cache,
      sessions: new MemorySessionStore(options.sessionTtlSeconds, Date.now, options.sessionAbsoluteSeconds),
      rateLimits: new RateLimits({ logger, ...(options.rateLimits && { rules: options.rateLimits }) }),
      redis: undefined,
      health: async () => ({ ok: true, detail: 'in-process stores' }),
      start: () => cache.start(),
      close: () => cache.close(),
    };
  }

  const redis = createRedisClient(options.redisUrl, { logger, connectionName: 'bookedbarber' });
  const subscriber = createRedisClient(options.redisUrl, { logger, connectionName: 'bookedbarber:invalidations', offlineQueue: true });
  const cache = new FranchiseCache({
    store: new RedisCacheStore(redis),
    bus: new InvalidationBus(redis, subscriber, logger),
    metrics,
    logger,
    regionOf,
    ...options.cache,
  });
  return {
    mode: 'redis',
    cache,
    sessions: new RedisSessionStore(redis, { metrics, logger }, {
      ...(options.sessionTtlSeconds && { ttlSeconds: options.sessionTtlSeconds }),
      ...(options.sessionAbsoluteSeconds && { absoluteSeconds: options.sessionAbsoluteSeconds }),
    }),
    rateLimits: new RateLimits({ redis, logger, ...(options.rateLimits && { rules: options.rateLimits }) }),
    redis,
    health: async () => {
      try {
        await redis.ping();
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: `redis: ${error instanceof Error ? error.message : String(error)} (degraded: cache bypassed, sessions need a new sign-in)` };
      }
    },
    start: () => cache.start(),
    close: async () => {
      await cache.close();
      await closeRedisClient(subscriber);
      await closeRedisClient(redis);
    },
  };
}
