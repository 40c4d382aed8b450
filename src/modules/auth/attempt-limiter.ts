import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface LimitDecision {
  readonly allowed: boolean;
  /** Seconds until the key has room again; 0 when allowed. */
  readonly retryAfterSeconds: number;
  /** Attempts counted in this window, this one included. */
  readonly consumed: number;
}

/**
 * Counts attempts per key in a fixed window. In-process now; a Redis-backed
 * implementation (RateLimiterRedis has the same API) drops in behind this
 * interface so that every API node shares the counters.
 */
export interface AttemptLimiter {
  hit(key: string): Promise<LimitDecision>;
  reset(key: string): Promise<void>;
  /** Refuse the key for this long, whatever its count. */
  block(key: string, seconds: number): Promise<void>;
}

export interface WindowLimit {
  readonly points: number;
  readonly windowSeconds: number;
}

export class MemoryAttemptLimiter implements AttemptLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(name: string, limit: WindowLimit) {
    this.limiter = new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.windowSeconds });
  }

  async hit(key: string): Promise<LimitDecision> {
    try {
      const res = await this.limiter.consume(key);
      return { allowed: true, retryAfterSeconds: 0, consumed: res.consumedPoints };
    } catch (rejection) {
      // The library rejects with a RateLimiterRes when over the limit, with an Error when its store fails.
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), consumed: rejection.consumedPoints };
      }
      throw rejection;
    }
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }

  async block(key: string, seconds: number): Promise<void> {
    await this.limiter.block(key, seconds);
  }
}
