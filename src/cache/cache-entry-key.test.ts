import { describe, expect, it } from 'vitest';
import { parseCacheEntryKey } from './cache-entry-key.js';
import { cacheKeys, franchiseKey } from './cache-keys.js';
import { diffCounts, parseCacheCounts, tierStats } from './cache-stats.js';
import { jsonDifference } from './json-difference.js';

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

describe('comparing values', () => {
  it('names the first difference and ignores object key order', () => {
    expect(jsonDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined();
    expect(jsonDifference({ slots: [{ start: 'x' }] }, { slots: [{ start: 'y' }] })).toBe('$.slots[0].start: "x" ≠ "y"');
    expect(jsonDifference([1, 2], [1])).toBe('$: 2 items ≠ 1 items');
    expect(jsonDifference({ a: 1 }, {})).toBe('$.a: 1 ≠ absent');
  });
});

describe('cache counters from /metrics', () => {
  it('reads cache_requests_total whatever the label order, and computes hit rates', () => {
    const text = [
      '# HELP cache_requests_total Cache lookups by tier and result',
      '# TYPE cache_requests_total counter',
      'cache_requests_total{tier="availability",result="hit"} 97',
      'cache_requests_total{result="miss",tier="availability"} 3',
      'cache_requests_total{tier="sessions",result="error"} 2',
      'http_requests_total{method="GET"} 5',
    ].join('\n');
    const counts = parseCacheCounts(text);
    expect(counts).toEqual({ availability: { hit: 97, miss: 3, error: 0 }, sessions: { hit: 0, miss: 0, error: 2 } });
    expect(tierStats(counts)).toEqual([
      { tier: 'availability', hit: 97, miss: 3, error: 0, hitRate: 0.97, errorRate: 0 },
      { tier: 'sessions', hit: 0, miss: 0, error: 2, hitRate: null, errorRate: 1 },
      { tier: 'page + availability', hit: 97, miss: 3, error: 0, hitRate: 0.97, errorRate: 0 },
    ]);
    expect(diffCounts(counts, parseCacheCounts(text.replace('} 97', '} 107')))).toMatchObject({ availability: { hit: 10, miss: 0 } });
  });
});
