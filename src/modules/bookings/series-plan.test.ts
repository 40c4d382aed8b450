import { describe, expect, test } from 'vitest';
import { zoneClock } from '../../time/zone-clocks.js';
import { DomainError } from '../../errors/domain-error.js';
import { MAX_OCCURRENCES, seriesStarts } from './series-plan.js';

const london = zoneClock('Europe/London');
const iso = (ms: number): string => london.format(ms);

describe('seriesStarts', () => {
  test('keeps the wall-clock time across a DST change', () => {
    const first = Date.parse('2027-03-20T09:30:00Z');
    expect(seriesStarts(london, first, 1, { count: 3 }).map(iso)).toEqual(['2027-03-20T09:30:00+00:00', '2027-03-27T09:30:00+00:00', '2027-04-03T09:30:00+01:00']);
  });

  test('until is inclusive; a date before the first is refused; more than the cap is refused', () => {
    const first = Date.parse('2027-01-05T10:00:00Z');
    expect(seriesStarts(london, first, 2, { until: '2027-02-02' })).toHaveLength(3);
    expect(seriesStarts(london, first, 2, { until: '2027-02-01' })).toHaveLength(2);
    expect(() => seriesStarts(london, first, 1, { until: '2027-01-04' })).toThrow(DomainError);
    expect(seriesStarts(london, first, 1, { count: MAX_OCCURRENCES })).toHaveLength(MAX_OCCURRENCES);
    expect(() => seriesStarts(london, first, 1, { until: '2028-06-01' })).toThrow(/more than 52/);
  });
});
