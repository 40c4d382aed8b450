import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisTestServer } from '../../test/support/redis-server.js';
import { DomainError } from '../errors/domain-error.js';
import type { AuthLimiters } from '../modules/auth/login-throttle.js';
import { AuthThrottle } from '../modules/auth/login-throttle.js';
import { closeRedisClient, createRedisClient } from '../redis/redis-client.js';
import type { RedisClient } from '../redis/redis-client.js';
import { RateLimits } from './rate-limits.js';

const logger = pino({ level: 'silent' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let redis: RedisTestServer;
const clients: RedisClient[] = [];
let prefixes = 0;

async function connect(): Promise<RedisClient> {
  const client = createRedisClient(redis.url, { logger });
  clients.push(client);
  for (let i = 0; client.status !== 'ready'; i++) {
    if (i > 250) throw new Error('redis not ready');
    await sleep(20);
  }
  return client;
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map(closeRedisClient));
  await redis.close();
});

const short = { bookingPerIp: { points: 3, windowSeconds: 1 } };

describe.each([
  ['in process', async (): Promise<RateLimits> => new RateLimits({ logger, rules: short })],
  ['on Redis', async (): Promise<RateLimits> => new RateLimits({ logger, rules: short, redis: await connect(), keyPrefix: `t${prefixes++}` })],
])('RateLimits %s', (_, make) => {
  it('allows N per window, then blocks with the time to wait, then resets after the window', async () => {
    const limits = await make();
    const limiter = limits.get('bookingPerIp');
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('203.0.113.7'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]).toMatchObject({ limit: 3, retryAfterSeconds: 1 });
    expect((await limiter.hit('198.51.100.1')).allowed).toBe(true); // another address has its own budget

    await sleep(1100);
    expect((await limiter.hit('203.0.113.7')).allowed).toBe(true);
  });

  it('enforce throws RateLimited (429) with Retry-After seconds', async () => {
    const limits = await make();
    for (let i = 0; i < 3; i++) await limits.enforce('bookingPerIp', 'k');
    const error = await limits.enforce('bookingPerIp', 'k').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('RateLimited');
    expect((error as DomainError).retryAfterSeconds).toBe(1);
  });

  it('reset clears a key (a successful login clears the per-account counter)', async () => {
    const limits = await make();
    const limiter = limits.get('bookingPerIp');
    for (let i = 0; i < 3; i++) await limiter.hit('k');
    await limiter.reset('k');
    expect((await limiter.hit('k')).allowed).toBe(true);
  });
});

describe('RateLimits for the auth module', () => {
  it('plugs into the auth module throttle', async () => {
    const limits = new RateLimits({ logger, rules: { loginPerAccount: { points: 2, windowSeconds: 60 } } });
    const limiters: AuthLimiters = limits.auth();
    const throttle = new AuthThrottle(limiters);
    await throttle.beforeLogin('a@example.com', '192.0.2.1');
    await throttle.beforeLogin('a@example.com', '192.0.2.1');
    await expect(throttle.beforeLogin('a@example.com', '192.0.2.1')).rejects.toMatchObject({ code: 'RateLimited' });
    await throttle.afterLogin('a@example.com', '192.0.2.1');
    await throttle.beforeLogin('a@example.com', '192.0.2.1');
  });
});

describe('RateLimits on Redis, shared by nodes', () => {
  it('counts one budget across nodes', async () => {
    const prefix = `shared${prefixes++}`;
    const nodeA = new RateLimits({ logger, redis: await connect(), keyPrefix: prefix, rules: { bookingPerEmail: { points: 4, windowSeconds: 60 } } });
    const nodeB = new RateLimits({ logger, redis: await connect(), keyPrefix: prefix, rules: { bookingPerEmail: { points: 4, windowSeconds: 60 } } });
    const results = [];
    for (const node of [nodeA, nodeB, nodeA, nodeB, nodeA]) results.push((await node.get('bookingPerEmail').hit('ana@example.com')).allowed);
    expect(results).toEqual([true, true, true, true, false]);
  });

  it('locks an account on every node at once, with the lockout backoff', async () => {
    const prefix = `lock${prefixes++}`;
    const rules = { loginPerAccountAnyIp: { points: 2, windowSeconds: 900 } };
    const nodeA = new AuthThrottle(new RateLimits({ logger, redis: await connect(), keyPrefix: prefix, rules }).auth());
    const nodeB = new AuthThrottle(new RateLimits({ logger, redis: await connect(), keyPrefix: prefix, rules }).auth());
    await nodeA.beforeLogin('bo@example.test', '192.0.2.1');
    await nodeB.beforeLogin('bo@example.test', '192.0.2.2');
    await expect(nodeA.beforeLogin('bo@example.test', '192.0.2.3')).rejects.toMatchObject({ code: 'RateLimited', retryAfterSeconds: 300 });
    const during = (await nodeB.beforeLogin('bo@example.test', '192.0.2.4').catch((e: unknown) => e)) as DomainError;
    expect(during.code).toBe('RateLimited');
    expect(during.retryAfterSeconds).toBeGreaterThan(290);
  });

  it('falls back to in-process limiting when Redis is gone: neither all through nor all blocked', async () => {
    const limits = new RateLimits({ logger, redis: await connect(), keyPrefix: `down${prefixes++}`, rules: { apiPerIp: { points: 3, windowSeconds: 60 } } });
    const limiter = limits.get('apiPerIp');
    await redis.kill();
    try {
      const allowed = [];
      for (let i = 0; i < 5; i++) allowed.push((await limiter.hit('192.0.2.9')).allowed);
      expect(allowed).toEqual([true, true, true, false, false]);
      expect((await limiter.hit('192.0.2.10')).allowed).toBe(true);
    } finally {
      await redis.start();
    }
  });
});
