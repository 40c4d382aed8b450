import { describe, expect, it } from 'vitest';
import { Metrics } from '../observability/metrics.js';
import { cacheKeys } from './cache-keys.js';
import { FranchiseCache } from './franchise-cache.js';
import type { CacheEntry } from './franchise-cache.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { cacheCount, counted, silentLogger, sleep } from '../../test/support/cache.js';

const F1 = '0190a5e2-0000-7000-8000-000000000001';
const F2 = '0190a5e2-0000-7000-8000-000000000002';
const page: CacheEntry = { tier: 'location_page', key: cacheKeys.locationPage('L1'), ttlSeconds: 3600 };
const slots: CacheEntry = {
  tier: 'availability',
  key: cacheKeys.availability({ locationId: 'L1', serviceId: 'S1', date: '2027-03-14', days: 7 }),
  ttlSeconds: 120,
  bookingsAt: 'L1',
};

function setup(): { cache: FranchiseCache; metrics: Metrics } {
  const metrics = new Metrics();
  const cache = new FranchiseCache({ store: new MemoryCacheStore(), metrics, logger: silentLogger, regionOf: async () => 'us-east-1' });
  return { cache, metrics };
}

describe('FranchiseCache on the in-process store (embedded default)', () => {
  it('computes on a miss, then serves hits, and counts both', async () => {
    const { cache, metrics } = setup();
    let version = 1;
    const source = counted(() => ({ version }));
    expect(await cache.cached(F1, page, source.compute)).toEqual({ version: 1 });
    version = 2;
    expect(await cache.cached(F1, page, source.compute)).toEqual({ version: 1 });
    expect(source.runs()).toBe(1);
    expect(await cacheCount(metrics, 'location_page', 'miss')).toBe(1);
    expect(await cacheCount(metrics, 'location_page', 'hit')).toBe(1);
  });

  it('expires entries after their TTL', async () => {
    const { cache } = setup();
    const source = counted(() => 'x');
    const short: CacheEntry = { ...page, ttlSeconds: 0.15 };
    await cache.cached(F1, short, source.compute);
    await cache.cached(F1, short, source.compute);
    expect(source.runs()).toBe(1);
    await sleep(200);
    await cache.cached(F1, short, source.compute);
    expect(source.runs()).toBe(2);
  });

  it('computes once for 100 concurrent misses of one key', async () => {
    const { cache, metrics } = setup();
    const source = counted(() => 'slow', 50);
    const answers = await Promise.all(Array.from({ length: 100 }, () => cache.cached(F1, slots, source.compute)));
    expect(new Set(answers)).toEqual(new Set(['slow']));
    expect(source.runs()).toBe(1);
    expect(await cacheCount(metrics, 'availability', 'miss')).toBe(1);
    expect(await cacheCount(metrics, 'availability', 'hit')).toBe(99);
  });

  it('invalidateFranchise makes every entry of that franchise stale, and only that franchise', async () => {
    const { cache } = setup();
    let version = 1;
    const read = (fid: string, entry: CacheEntry): Promise<number> => cache.cached(fid, entry, async () => version);
    await Promise.all([read(F1, page), read(F1, slots), read(F2, page)]);
    version = 2;
    await cache.invalidateFranchise(F1);
    expect(await read(F1, page)).toBe(2);
    expect(await read(F1, slots)).toBe(2);
    expect(await read(F2, page)).toBe(1);
  });

  it('invalidateBookings makes that location availability stale, not the location page', async () => {
    const { cache } = setup();
    let version = 1;
    const read = (entry: CacheEntry): Promise<number> => cache.cached(F1, entry, async () => version);
    const otherLocation: CacheEntry = { ...slots, key: cacheKeys.availability({ locationId: 'L2', serviceId: 'S1', date: '2027-03-14', days: 7 }), bookingsAt: 'L2' };
    await Promise.all([read(page), read(slots), read(otherLocation)]);
    version = 2;
    await cache.invalidateBookings(F1, 'L1');
    expect(await read(slots)).toBe(2);
    expect(await read(page)).toBe(1);
    expect(await read(otherLocation)).toBe(1);
  });

  it('passes compute errors to the caller and does not cache them', async () => {
    const { cache } = setup();
    let fail = true;
    const compute = async (): Promise<string> => {
      if (fail) throw new Error('location not found');
      return 'ok';
    };
    await expect(cache.cached(F1, page, compute)).rejects.toThrow('location not found');
    fail = false;
    expect(await cache.cached(F1, page, compute)).toBe('ok');
  });

  it('a computation that started before a write is not served after it', async () => {
    const { cache } = setup();
    let version = 1;
    const slow = cache.cached(F1, page, async () => {
      const seen = version;
      await sleep(50);
      return seen;
    });
    await sleep(10);
    version = 2;
    await cache.invalidateFranchise(F1);
    expect(await slow).toBe(1); // that caller asked before the write
    expect(await cache.cached(F1, page, async () => version)).toBe(2);
  });
});
