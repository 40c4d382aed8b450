import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisTestServer } from '../../test/support/redis-server.js';
import { Metrics } from '../observability/metrics.js';
import { createSharedState } from '../platform/shared-state.js';
import type { SharedState } from '../platform/shared-state.js';
import { cacheKeys } from './cache-keys.js';
import type { CacheEntry } from './franchise-cache.js';
import { cacheCount, counted, silentLogger, sleep } from '../../test/support/cache.js';

const page: CacheEntry = { tier: 'location_page', key: cacheKeys.locationPage('L1'), ttlSeconds: 3600 };
const slots: CacheEntry = {
  tier: 'availability',
  key: cacheKeys.availability({ locationId: 'L1', serviceId: 'S1', date: '2027-03-14', days: 7 }),
  ttlSeconds: 120,
  bookingsAt: 'L1',
};

let redis: RedisTestServer;
const nodes: SharedState[] = [];

interface ApiNode {
  readonly state: SharedState;
  readonly metrics: Metrics;
}

/** One API node's Redis tier, as the composition root builds it. */
async function apiNode(): Promise<ApiNode> {
  const metrics = new Metrics();
  const state = createSharedState({
    redisUrl: redis.url,
    metrics,
    logger: silentLogger,
    regionOf: async () => 'us-east-1',
    cache: { generations: { retryMs: 100 } },
  });
  nodes.push(state);
  await state.start();
  await until(async () => (await state.health()).ok);
  return { state, metrics };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.close()));
});
afterAll(async () => {
  await redis.close();
});

describe('FranchiseCache on Redis', () => {
  it('shares entries between nodes: a miss on one is a hit on the other', async () => {
    const a = await apiNode();
    const b = await apiNode();
    const fid = randomUUID();
    const source = counted(() => ({ services: ['cut'] }));
    expect(await a.state.cache.cached(fid, page, source.compute)).toEqual({ services: ['cut'] });
    expect(await b.state.cache.cached(fid, page, source.compute)).toEqual({ services: ['cut'] });
    expect(source.runs()).toBe(1);
    expect(await cacheCount(a.metrics, 'location_page', 'miss')).toBe(1);
    expect(await cacheCount(b.metrics, 'location_page', 'hit')).toBe(1);
  });

  it('expires entries after their TTL, in Redis and in the in-process copy', async () => {
    const a = await apiNode();
    const fid = randomUUID();
    const source = counted(() => 'x');
    const short: CacheEntry = { ...page, ttlSeconds: 0.2 };
    await a.state.cache.cached(fid, short, source.compute);
    await a.state.cache.cached(fid, short, source.compute);
    expect(source.runs()).toBe(1);
    await sleep(250);
    await a.state.cache.cached(fid, short, source.compute);
    expect(source.runs()).toBe(2);
  });

  it('computes once for 100 concurrent misses on one node', async () => {
    const a = await apiNode();
    const fid = randomUUID();
    const source = counted(() => 'v', 50);
    await Promise.all(Array.from({ length: 100 }, () => a.state.cache.cached(fid, slots, source.compute)));
    expect(source.runs()).toBe(1);
  });

  it('computes once (at most twice) for 100 concurrent misses on each of two nodes', async () => {
    const a = await apiNode();
    const b = await apiNode();
    const fid = randomUUID();
    const source = counted(() => 'v', 80);
    const calls = [a, b].flatMap((node) => Array.from({ length: 100 }, () => node.state.cache.cached(fid, slots, source.compute)));
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['v']));
    expect(source.runs()).toBeLessThanOrEqual(2);
  });

  it('after an invalidation returns, the other node serves the new value at once', async () => {
    const a = await apiNode();
    const b = await apiNode();
    const fid = randomUUID();
    let version = 1;
    const read = (node: ApiNode, entry: CacheEntry): Promise<number> => node.state.cache.cached(fid, entry, async () => version);
    await read(a, slots);
    expect(await read(b, slots)).toBe(1);
    expect(await read(b, page)).toBe(1);

    version = 2;
    await a.state.cache.invalidateBookings(fid, 'L1');
    // No waiting for any message: generations are read from Redis on every lookup.
    expect(await read(b, slots)).toBe(2);
    expect(await read(b, page)).toBe(1);
    await a.state.cache.invalidateFranchise(fid);
    expect(await read(b, page)).toBe(2);
  });

  it('pub/sub drops the other nodes in-process copies of the franchise', async () => {
    const a = await apiNode();
    const b = await apiNode();
    const fid = randomUUID();
    const other = randomUUID();
    await b.state.cache.cached(fid, slots, async () => 1);
    await b.state.cache.cached(fid, page, async () => 1);
    await b.state.cache.cached(other, page, async () => 1);
    expect(b.state.cache.localSize).toBe(3);

    await a.state.cache.invalidateBookings(fid, 'L1');
    await until(() => b.state.cache.localSize === 1);
  });

  it('keeps answering from the database while Redis is killed, counts the errors, and hits again once it is back', async () => {
    const a = await apiNode();
    const fid = randomUUID();
    const source = counted(() => 'fresh');
    await a.state.cache.cached(fid, page, source.compute);

    await redis.kill();
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.state.cache.cached(fid, page, source.compute)));
    expect(answers.every((answer) => answer === 'fresh')).toBe(true);
    expect(source.runs()).toBe(21);
    expect(await cacheCount(a.metrics, 'location_page', 'error')).toBe(20);

    await redis.start();
    await until(async () => (await a.state.health()).ok);
    const hitsBefore = await cacheCount(a.metrics, 'location_page', 'hit');
    await a.state.cache.cached(fid, page, source.compute); // Redis came back empty: one miss
    await a.state.cache.cached(fid, page, source.compute);
    expect(await cacheCount(a.metrics, 'location_page', 'hit')).toBe(hitsBefore + 1);
  });

  it('answers within the command timeout when Redis hangs, then skips it briefly', async () => {
    const a = await apiNode();
    const fid = randomUUID();
    await a.state.cache.cached(fid, page, async () => 'v');
    redis.pause();
    try {
      const started = performance.now();
      expect(await a.state.cache.cached(fid, page, async () => 'db')).toBe('db');
      expect(performance.now() - started).toBeLessThan(600);
      const again = performance.now();
      expect(await a.state.cache.cached(fid, page, async () => 'db')).toBe('db');
      expect(performance.now() - again).toBeLessThan(100);
    } finally {
      redis.resume();
    }
  });

  it('an invalidation that could not reach Redis is retried, and nobody serves the old value meanwhile', async () => {
    const a = await apiNode();
    const b = await apiNode();
    const fid = randomUUID();
    let version = 1;
    const read = (node: ApiNode): Promise<number> => node.state.cache.cached(fid, page, async () => version);
    await read(a);
    expect(await read(b)).toBe(1);

    version = 2;
    redis.pause();
    try {
      await a.state.cache.invalidateFranchise(fid); // times out: remembered, not thrown
      expect(await read(a)).toBe(2); // a bypasses its cache for this franchise until the bump lands
    } finally {
      redis.resume();
    }
    expect(await cacheCount(a.metrics, 'invalidation', 'error')).toBe(1);
    await until(async () => (await read(b)) === 2);
    expect(await read(a)).toBe(2);
  });
});
