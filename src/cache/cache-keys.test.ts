import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheKeys, franchiseKey, hashTagOf } from './cache-keys.js';

// The slot function ioredis itself routes Cluster commands with (its dependency cluster-key-slot).
const calculateSlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

describe('cache key layout', () => {
  it('is {region}:{franchiseId}:{key} with the franchise as the hash tag', () => {
    const fid = '0190a5e2-7c1f-7d3a-9b2e-3f4a5b6c7d8e';
    expect(franchiseKey('us-east-1', fid, cacheKeys.locationPage('L1'))).toBe(`us-east-1:{${fid}}:location:L1`);
    expect(hashTagOf(franchiseKey('eu-west-1', fid, 'x'))).toBe(fid);
  });

  it('agrees with Redis on known slots', () => {
    // From the Redis Cluster spec and CLUSTER KEYSLOT.
    expect(calculateSlot('foo')).toBe(12182);
    expect(calculateSlot('{user1000}.following')).toBe(calculateSlot('user1000'));
  });

  it('puts every key of one franchise in one slot, whatever the key', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'),
        fc.array(
          fc.oneof(
            fc.uuid().map((id) => cacheKeys.locationPage(id)),
            fc.uuid().map((id) => cacheKeys.bookingGeneration(id)),
            fc.record({ locationId: fc.uuid(), serviceId: fc.uuid(), barberId: fc.option(fc.uuid()), date: fc.constant('2027-03-14'), days: fc.integer({ min: 1, max: 14 }) }).map(cacheKeys.availability),
            fc.string(),
            fc.constant(cacheKeys.franchiseGeneration),
          ),
          { minLength: 2, maxLength: 30 },
        ),
        (fid, region, keys) => {
          const slots = new Set(keys.map((key) => calculateSlot(franchiseKey(region, fid, key))));
          expect(slots).toEqual(new Set([calculateSlot(fid)]));
        },
      ),
    );
  });

  it('spreads different franchises over slots', () => {
    const slots = new Set(Array.from({ length: 200 }, (_, i) => calculateSlot(franchiseKey('us-east-1', `franchise-${i}`, 'gen'))));
    expect(slots.size).toBeGreaterThan(190);
  });

  it('refuses a franchise id that would break the hash tag', () => {
    expect(() => franchiseKey('us-east-1', 'a}b', 'x')).toThrow();
    expect(() => franchiseKey('us-east-1', '', 'x')).toThrow();
  });

  it('reads hash tags the way Redis does', () => {
    expect(hashTagOf('a{b}c')).toBe('b');
    expect(hashTagOf('a{}c{d}')).toBeUndefined();
    expect(hashTagOf('plain')).toBeUndefined();
  });
});

describe('availability keys', () => {
  it('name every query parameter, and the clock minute when given', () => {
    const parts = { locationId: 'L', serviceId: 'S', date: '2027-03-14', days: 7 };
    expect(cacheKeys.availability(parts)).toBe('availability:L:S:any:2027-03-14:7');
    expect(cacheKeys.availability({ ...parts, barberId: 'B', asOfMinute: 29_000_000 })).toBe('availability:L:S:B:2027-03-14:7:m29000000');
  });
});
