import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { expectProblem, uniqueSlug } from '../../../test/support/franchises.js';
import { DEFAULT_RATE_LIMITS } from '../../rate-limits/rate-limit-rules.js';
import { AuthThrottle, FIRST_LOCKOUT_SECONDS, MAX_LOCKOUT_SECONDS, createMemoryAuthLimiters, lockoutSeconds } from './login-throttle.js';

describe('the per-account login limit, whatever the address', () => {
  let tp: TestPlatform;
  beforeAll(async () => {
    // TRUST_PROXY=true: every forged X-Forwarded-For is a new client address, the attack of issue 11.
    tp = await createTestPlatform({ env: { TRUST_PROXY: 'true' }, rateLimits: { loginPerAccountAnyIp: DEFAULT_RATE_LIMITS.loginPerAccountAnyIp } });
  });
  afterAll(async () => tp.close());

  const login = (email: string, password: string, i: number) =>
    tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'x-forwarded-for': `198.51.100.${i}` } });

  it('locks the account before 25 wrong passwords from 25 addresses, and refuses the right one during the lockout', async () => {
    const email = `${uniqueSlug('lock')}@example.test`;
    const signup = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password: 'the right password' } });
    expect(signup.statusCode).toBe(201);

    const statuses: number[] = [];
    for (let i = 1; i <= 25; i++) statuses.push((await login(email, 'a wrong guess!', i)).statusCode);
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThanOrEqual(0);
    expect(firstLimited).toBeLessThan(24);
    expect(statuses.slice(0, firstLimited).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);

    const right = await login(email, 'the right password', 200);
    expectProblem(right, 429, 'RateLimited');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(FIRST_LOCKOUT_SECONDS);
    expect(right.cookies.find((c) => c.name === 'bb_session')).toBeUndefined();
  });

  it('leaves other accounts alone', async () => {
    const email = `${uniqueSlug('free')}@example.test`;
    await tp.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password: 'the right password' } });
    expect((await login(email, 'the right password', 7)).statusCode).toBe(200);
  });
});

describe('lockout backoff', () => {
  it('doubles each lockout of the same account, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(lockoutSeconds)).toEqual([300, 600, 1200, 2400, 3600, 3600, MAX_LOCKOUT_SECONDS]);
  });

  it('locks for longer the second time', async () => {
    const limiters = createMemoryAuthLimiters({
      loginPerAccount: { points: 1000, windowSeconds: 60 },
      loginPerAccountAnyIp: { points: 3, windowSeconds: 900 },
      loginLockouts: { points: 1000, windowSeconds: 86_400 },
      loginPerIp: { points: 1000, windowSeconds: 60 },
      signupPerIp: { points: 1000, windowSeconds: 60 },
    });
    const throttle = new AuthThrottle(limiters);
    const retryAfterOfLockout = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) await throttle.beforeLogin('ana@example.test', `192.0.2.${i}`);
      const error: unknown = await throttle.beforeLogin('ana@example.test', '192.0.2.99').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RateLimited' });
      return (error as { retryAfterSeconds: number }).retryAfterSeconds;
    };
    expect(await retryAfterOfLockout()).toBe(300);
    // During the lockout the wait only runs down; it does not grow with each try.
    await expect(throttle.beforeLogin('ana@example.test', '192.0.2.50')).rejects.toMatchObject({ retryAfterSeconds: 300 });
    // The lockout ends (as if 5 minutes passed); the next one lasts twice as long.
    await limiters.loginPerAccountAnyIp.reset('ana@example.test');
    expect(await retryAfterOfLockout()).toBe(600);
    // A success clears the attempt count but not the history of lockouts.
    await limiters.loginPerAccountAnyIp.reset('ana@example.test');
    await throttle.afterLogin('ana@example.test', '192.0.2.1');
    expect(await retryAfterOfLockout()).toBe(1200);
  });
});
