import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../redis/redis-client.js';
import { ThrottledLog } from '../redis/throttled-log.js';
import type { WindowLimit } from './rate-limit-rules.js';

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Seconds until the key has room again; 0 when allowed. */
  readonly retryAfterSeconds: number;
  readonly limit: number;
  /** Requests left in this window after this one. */
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
  /** Points used in this window, this request included (past the limit while locked). */
  readonly consumed: number;
}

/**
 * One named limit. `hit` and `reset` match AttemptLimiter in
 * src/modules/auth/attempt-limiter.ts, so these drop in behind AuthThrottle.
 */
export interface RateLimiter {
  readonly name: string;
  readonly limit: WindowLimit;
  hit(key: string): Promise<RateLimitDecision>;
  reset(key: string): Promise<void>;
  /** Refuse the key for this long, whatever its count. */
  block(key: string, seconds: number): Promise<void>;
}

/**
 * A fixed-window limiter on rate-limiter-flexible. With Redis the counters are
 * shared by every node; if Redis fails or is not connected, the library hands
 * the call to an in-process insurance limiter with the same limit, so limiting
 * goes on per node instead of letting everything through or blocking everyone.
 */
export class WindowRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterAbstract;
  private readonly errors: ThrottledLog;

  constructor(
    readonly name: string,
    readonly limit: WindowLimit,
    options: { readonly redis?: RedisClient | undefined; readonly logger: Logger; readonly keyPrefix?: string },
  ) {
    const base = { keyPrefix: `${options.keyPrefix ?? 'rl'}:${name}`, points: limit.points, duration: limit.windowSeconds };
    this.limiter = options.redis
      ? new RateLimiterRedis({ ...base, storeClient: options.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) })
      : new RateLimiterMemory(base);
    this.errors = new ThrottledLog(options.logger, 10_000);
  }

  async hit(key: string): Promise<RateLimitDecision> {
    try {
      return this.decision(await this.limiter.consume(key), true);
    } catch (rejection) {
      // Over the limit: the library rejects with a RateLimiterRes.
      if (rejection instanceof RateLimiterRes) return this.decision(rejection, false);
      // Only reachable if even the insurance limiter failed: let the request through, loudly.
      this.errors.warn({ err: rejection, limiter: this.name }, 'rate limiter failed; request allowed');
      return { allowed: true, retryAfterSeconds: 0, limit: this.limit.points, remaining: this.limit.points, resetSeconds: this.limit.windowSeconds, consumed: 0 };
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.limiter.delete(key);
    } catch (error) {
      this.errors.warn({ err: error, limiter: this.name }, 'rate limiter reset failed');
    }
  }

  async block(key: string, seconds: number): Promise<void> {
    try {
      await this.limiter.block(key, seconds);
    } catch (error) {
      this.errors.warn({ err: error, limiter: this.name }, 'rate limiter block failed');
    }
  }

  private decision(res: RateLimiterRes, allowed: boolean): RateLimitDecision {
    const resetSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return {
      allowed,
      retryAfterSeconds: allowed ? 0 : resetSeconds,
      limit: this.limit.points,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds,
      consumed: res.consumedPoints,
    };
  }
}
