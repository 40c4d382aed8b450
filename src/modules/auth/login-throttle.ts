import { DomainError } from '../../errors/domain-error.js';
import type { AttemptLimiter, WindowLimit } from './attempt-limiter.js';
import { MemoryAttemptLimiter } from './attempt-limiter.js';

export interface AuthLimits {
  /** Login attempts per account from one address: slows password guessing against one person. */
  readonly loginPerAccount: WindowLimit;
  /** Login attempts per account from all addresses together: forged or rotating addresses do not help. */
  readonly loginPerAccountAnyIp: WindowLimit;
  /** Lockouts per account in this window, for the backoff: each one lasts twice the one before. */
  readonly loginLockouts: WindowLimit;
  /** Login attempts per address over all accounts: slows credential stuffing. */
  readonly loginPerIp: WindowLimit;
  /** Signups per address: each one costs an argon2 hash. */
  readonly signupPerIp: WindowLimit;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  loginPerAccount: { points: 10, windowSeconds: 60 },
  loginPerAccountAnyIp: { points: 20, windowSeconds: 15 * 60 },
  loginLockouts: { points: 1000, windowSeconds: 24 * 60 * 60 },
  loginPerIp: { points: 100, windowSeconds: 60 },
  signupPerIp: { points: 30, windowSeconds: 60 },
};

export interface AuthLimiters {
  readonly loginPerAccount: AttemptLimiter;
  readonly loginPerAccountAnyIp: AttemptLimiter & { readonly limit: WindowLimit };
  readonly loginLockouts: AttemptLimiter;
  readonly loginPerIp: AttemptLimiter;
  readonly signupPerIp: AttemptLimiter;
}

export function createMemoryAuthLimiters(limits: AuthLimits = DEFAULT_AUTH_LIMITS): AuthLimiters {
  return {
    loginPerAccount: new MemoryAttemptLimiter('login-account', limits.loginPerAccount),
    loginPerAccountAnyIp: Object.assign(new MemoryAttemptLimiter('login-account-any-ip', limits.loginPerAccountAnyIp), { limit: limits.loginPerAccountAnyIp }),
    loginLockouts: new MemoryAttemptLimiter('login-lockouts', limits.loginLockouts),
    loginPerIp: new MemoryAttemptLimiter('login-ip', limits.loginPerIp),
    signupPerIp: new MemoryAttemptLimiter('signup-ip', limits.signupPerIp),
  };
}

/** The first lockout of an account lasts this long; each next one (within a day) twice as long. */
export const FIRST_LOCKOUT_SECONDS = 5 * 60;
/** Never longer: an attacker who knows only the email can lock its owner out, and must not for days. */
export const MAX_LOCKOUT_SECONDS = 60 * 60;

export function lockoutSeconds(strike: number): number {
  return Math.min(MAX_LOCKOUT_SECONDS, FIRST_LOCKOUT_SECONDS * 2 ** Math.max(0, Math.min(strike - 1, 20)));
}

/** Counts a login or signup attempt before any password work is done; over a limit → 429 with Retry-After. */
export class AuthThrottle {
  constructor(private readonly limiters: AuthLimiters) {}

  async beforeLogin(email: string, ip: string): Promise<void> {
    await this.enforce(this.limiters.loginPerIp, ip);
    await this.enforce(this.limiters.loginPerAccount, accountKey(email, ip));
    await this.enforceAccountLockout(email);
  }

  /** A successful login clears the account's counters; the per-address one and the lockout history keep counting. */
  async afterLogin(email: string, ip: string): Promise<void> {
    await this.limiters.loginPerAccount.reset(accountKey(email, ip));
    await this.limiters.loginPerAccountAnyIp.reset(email);
  }

  async beforeSignup(ip: string): Promise<void> {
    await this.enforce(this.limiters.signupPerIp, ip);
  }

  /**
   * The address plays no part here: whoever sends them, too many attempts lock
   * the account, even against the right password, for 5 minutes, then 10, 20,
   * 40, 60 on each next lockout within a day.
   */
  private async enforceAccountLockout(email: string): Promise<void> {
    const limiter = this.limiters.loginPerAccountAnyIp;
    const decision = await limiter.hit(email);
    if (decision.allowed) return;
    // Only the attempt that first crosses the limit starts a lockout; the ones during it just wait.
    if (decision.consumed === limiter.limit.points + 1) {
      const strike = (await this.limiters.loginLockouts.hit(email)).consumed;
      const seconds = lockoutSeconds(strike);
      await limiter.block(email, seconds);
      throw rateLimited(seconds);
    }
    throw rateLimited(decision.retryAfterSeconds);
  }

  private async enforce(limiter: AttemptLimiter, key: string): Promise<void> {
    const decision = await limiter.hit(key);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  }
}

const rateLimited = (retryAfterSeconds: number): DomainError =>
  new DomainError('RateLimited', 'Too many attempts; try again later.', { retryAfterSeconds });

const accountKey = (email: string, ip: string): string => `${email}|${ip}`;
