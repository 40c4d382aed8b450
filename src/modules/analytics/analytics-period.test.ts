import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors/domain-error.js';
import { FORMULAS, ratio, roundedMoney } from './analytics-formulas.js';
import { bucketRanges, parsePeriod } from './analytics-period.js';

describe('parsePeriod', () => {
  it('counts both ends and picks daily buckets up to 62 days', () => {
    expect(parsePeriod('2027-03-01', '2027-03-01')).toEqual({ from: '2027-03-01', to: '2027-03-01', days: 1, bucket: 'day', bucketDays: 1 });
    expect(parsePeriod('2027-01-01', '2027-03-03')).toMatchObject({ days: 62, bucket: 'day' });
    expect(parsePeriod('2027-01-01', '2027-03-04')).toMatchObject({ days: 63, bucket: 'week', bucketDays: 7 });
    expect(parsePeriod('2028-01-01', '2028-12-31')).toMatchObject({ days: 366 });
  });

  it.each([
    ['2027-02-29', '2027-03-01', 'from'],
    ['2027-03-01', '2027-13-01', 'to'],
    ['2027-03-02', '2027-03-01', 'to'],
    ['2027-01-01', '2028-01-02', 'to'],
    ['0000-01-01', '0000-01-02', 'from'],
  ])('%s .. %s is a validation error on %s', (from, to, path) => {
    try {
      parsePeriod(from, to);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('ValidationFailed');
      expect((error as DomainError).errors?.map((e) => e.field)).toContain(path);
    }
  });
});

describe('bucketRanges', () => {
  it('cuts the last 7-day block at `to`', () => {
    const ranges = bucketRanges(parsePeriod('2027-01-01', '2027-03-10'));
    expect(ranges).toHaveLength(10);
    expect(ranges[0]).toEqual({ start: '2027-01-01', end: '2027-01-07' });
    // 69 days: nine full weeks, then 2027-03-05 .. 03-10.
    expect(ranges[9]).toEqual({ start: '2027-03-05', end: '2027-03-10' });
  });
});

describe('formulas', () => {
  it('a ratio without a denominator has no value; money ratios are whole cents', () => {
    expect(ratio(3, 0)).toEqual({ value: null, numerator: 3, denominator: 0 });
    expect(roundedMoney(10_000, 3)).toBe(3333);
    expect(roundedMoney(13_500, 7, 365)).toBe(703_929);
    expect(roundedMoney(1, 0)).toBeNull();
  });

  it('docs/ANALYTICS.md states every formula word for word', async () => {
    const doc = await readFile(new URL('../../../docs/ANALYTICS.md', import.meta.url), 'utf8');
    for (const sentence of Object.values(FORMULAS)) expect(doc).toContain(sentence);
  });
});
