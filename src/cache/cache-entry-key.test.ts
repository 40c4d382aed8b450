import { describe, expect, it } from 'vitest';
import { parseCacheEntryKey } from './cache-entry-key.js';
import { cacheKeys, franchiseKey } from './cache-keys.js';

const fid = '0190a5e2-7c1f-7d3a-9b2e-3f4a5b6c7d8e';
const loc = '0190a5e3-0000-7000-8000-000000000001';
const svc = '0190a5e3-0000-7000-8000-000000000002';

describe('reading cache keys back', () => {
  it('parses location-page and availability entries as FranchiseCache writes them', () => {
    const page = `${franchiseKey('us-east-1', fid, cacheKeys.locationPage(loc))}@Zx3abc_-9QwE`;
    expect(parseCacheEntryKey(page)).toMatchObject({ tier: 'location_page', region: 'us-east-1', franchiseId: fid, locationId: loc, tokens: ['Zx3abc_-9QwE'] });

    const inner = cacheKeys.availability({ locationId: loc, serviceId: svc, barberId: null, date: '2027-03-14', days: 14, asOfMinute: 29_000_000 });
    expect(parseCacheEntryKey(`${franchiseKey('eu-west-1', fid, inner)}@aaaa.bbbb`)).toMatchObject({
      tier: 'availability',
      region: 'eu-west-1',
      serviceId: svc,
      barberId: null,
      date: '2027-03-14',
      days: 14,
      asOfMinute: 29_000_000,
      tokens: ['aaaa', 'bbbb'],
    });
  });

  it('ignores locks, tokens, sessions, rate-limit counters and wrong token counts', () => {
    const page = `${franchiseKey('us-east-1', fid, cacheKeys.locationPage(loc))}@tok`;
    for (const key of [
      `${page}:lock`,
      franchiseKey('us-east-1', fid, cacheKeys.franchiseGeneration),
      `session:{${fid}}:secret`,
      'rl:loginPerAccount:bob@example.test|127.0.0.1',
      `${page}.second`,
    ]) {
      expect(parseCacheEntryKey(key), key).toBeUndefined();
    }
  });
});
