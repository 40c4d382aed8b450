import { describe, expect, it } from 'vitest';
import { diffCounts, parseCacheCounts, tierStats } from './cache-stats.js';

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
