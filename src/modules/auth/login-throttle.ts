import { DomainError } from '../../errors/domain-error.js';
import type { AttemptLimiter, WindowLimit } from './attempt-limiter.js';
import { MemoryAttemptLimiter } from './attempt-limiter.js';

export interface AuthLimits {
  /** Login attempts per account from one address: slows password guessing against one person. */
  readonly loginPerAccount: WindowLimit;
  /** Login attempts per address over all accounts: slows credential stuffing. */
  readonly loginPerIp: WindowLimit;
  /** Signups per address: each one costs an argon2 hash. */
  readonly signupPerIp: WindowLimit;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  loginPerAccount: { points: 10, windowSeconds: 60 },
  loginPerIp: { points: 100, windowSeconds: 60 },
  signupPerIp: { points: 30, windowSeconds: 60 },
};

export interface AuthLimiters {
  readonly loginPerAccount: AttemptLimiter;
  readonly loginPerIp: AttemptLimiter;
  readonly signupPerIp: AttemptLimiter;
}

export function createMemoryAuthLimiters(limits: AuthLimits = DEFAULT_AUTH_LIMITS): AuthLimiters {
  return {
    loginPerAccount: new MemoryAttemptLimiter('login-account', limits.loginPerAccount),
    loginPerIp: new MemoryAttemptLimiter('login-ip', limits.loginPerIp),
    signupPerIp: new MemoryAttemptLimiter('signup-ip', limits.signupPerIp),
  };
}

/** Counts a login or signup attempt before any password work is done; over a limit → 429 with Retry-After. */
export class AuthThrottle {
  constructor(private readonly limiters: AuthLimiters) {}

  async beforeLogin(email: string, ip: string): Promise<void> {
    await this.enforce(this.limiters.loginPerIp, ip);
    await this.enforce(this.limiters.loginPerAccount, accountKey(email, ip));
  }

  /** A successful login clears the account's counter; the per-address one keeps counting. */
  async afterLogin(email: string, ip: string): Promise<void> {
    await this.limiters.loginPerAccount.reset(accountKey(email, ip));
  }

  async beforeSignup(ip: string): Promise<void> {
    await this.enforce(this.limiters.signupPerIp, ip);
  }

  private async enforce(limiter: AttemptLimiter, key: string): Promise<void> {
    const decision = await limiter.hit(key);
    if (!decision.allowed) {
      throw new DomainError('RateLimited', 'Too many attempts; try again later.', { retryAfterSeconds: decision.retryAfterSeconds });
    }
  }
}

const accountKey = (email: string, ip: string): string => `${email}|${ip}`;
