import type { Logger } from 'pino';
import { DomainError } from '../errors/domain-error.js';
import type { RedisClient } from '../redis/redis-client.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit-rules.js';
import type { RateLimitName, RateLimitRules } from './rate-limit-rules.js';
import { WindowRateLimiter } from './window-rate-limiter.js';
import type { RateLimiter } from './window-rate-limiter.js';

export interface RateLimitsOptions {
  /** Shared counters in Redis (with in-process insurance); absent → in-process only. */
  readonly redis?: RedisClient | undefined;
  readonly logger: Logger;
  /** Override some limits (tests use short windows). */
  readonly rules?: Partial<RateLimitRules>;
  readonly keyPrefix?: string;
}

/** The limiters shaped like src/modules/auth's AuthLimiters (structurally). */
export interface AuthRateLimiters {
  readonly loginPerAccount: RateLimiter;
  readonly loginPerAccountAnyIp: RateLimiter;
  readonly loginLockouts: RateLimiter;
  readonly loginPerIp: RateLimiter;
  readonly signupPerIp: RateLimiter;
}

/** Builds every named limiter once, on Redis when configured, in process otherwise. */
export class RateLimits {
  readonly rules: RateLimitRules;
  private readonly limiters = new Map<RateLimitName, RateLimiter>();

  constructor(private readonly options: RateLimitsOptions) {
    this.rules = { ...DEFAULT_RATE_LIMITS, ...options.rules };
  }

  get(name: RateLimitName): RateLimiter {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = new WindowRateLimiter(name, this.rules[name], {
        redis: this.options.redis,
        logger: this.options.logger,
        ...(this.options.keyPrefix && { keyPrefix: this.options.keyPrefix }),
      });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /** Counts one attempt; over the limit → DomainError RateLimited (429 with Retry-After). */
  async enforce(name: RateLimitName, key: string, message = 'Too many requests; try again later.'): Promise<void> {
    const decision = await this.get(name).hit(key);
    if (!decision.allowed) throw new DomainError('RateLimited', message, { retryAfterSeconds: decision.retryAfterSeconds });
  }

  /** For `new AuthThrottle(rateLimits.auth())` in src/modules/auth/login-throttle.ts. */
  auth(): AuthRateLimiters {
    return {
      loginPerAccount: this.get('loginPerAccount'),
      loginPerAccountAnyIp: this.get('loginPerAccountAnyIp'),
      loginLockouts: this.get('loginLockouts'),
      loginPerIp: this.get('loginPerIp'),
      signupPerIp: this.get('signupPerIp'),
    };
  }
}
