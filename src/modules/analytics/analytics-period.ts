import { DateTime } from 'luxon';
import { DomainError } from '../../errors/domain-error.js';
import type { FieldError } from '../../errors/domain-error.js';
import { isLocalDate } from '../../time/instants.js';
import { MAX_DAILY_SERIES_DAYS, MAX_PERIOD_DAYS } from './analytics-formulas.js';

export type Bucket = 'day' | 'week';

/** A report period: local calendar dates, both included, read in each location's own zone. */
export interface Period {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly bucket: Bucket;
  readonly bucketDays: 1 | 7;
}

export interface BucketRange {
  /** First local day of the bucket. */
  readonly start: string;
  /** Last local day of the bucket (included). */
  readonly end: string;
}

const day = (text: string): DateTime => DateTime.fromISO(text, { zone: 'UTC' });

// PostgreSQL has no year 0 and luxon does; a sane window keeps odd years a 400, never a database error.
const EARLIEST = '1900-01-01';
const LATEST = '9998-12-31';
const dateError = (field: 'from' | 'to', text: string): FieldError | undefined => {
  if (!isLocalDate(text)) return { field, message: 'is not a calendar date (YYYY-MM-DD)' };
  if (text < EARLIEST || text > LATEST) return { field, message: `must be between ${EARLIEST} and ${LATEST}` };
  return undefined;
};

/** Checks the dates' meaning (the schema only checked their shape); all problems are reported together. */
export function parsePeriod(from: string, to: string): Period {
  const errors = [dateError('from', from), dateError('to', to)].filter((error): error is FieldError => error !== undefined);
  if (errors.length === 0) {
    const days = day(to).diff(day(from), 'days').days + 1;
    if (days < 1) errors.push({ field: 'to', message: 'must be on or after from' });
    else if (days > MAX_PERIOD_DAYS) errors.push({ field: 'to', message: `the period may span at most ${MAX_PERIOD_DAYS} days` });
    else {
      const bucket: Bucket = days <= MAX_DAILY_SERIES_DAYS ? 'day' : 'week';
      return { from, to, days, bucket, bucketDays: bucket === 'day' ? 1 : 7 };
    }
  }
  throw new DomainError('ValidationFailed', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
}

/** Every bucket of the period, in order: index i covers days [from + i·size, from + (i+1)·size), cut at `to`. */
export function bucketRanges(period: Period): readonly BucketRange[] {
  const first = day(period.from);
  const last = day(period.to);
  const ranges: BucketRange[] = [];
  for (let offset = 0; offset < period.days; offset += period.bucketDays) {
    const start = first.plus({ days: offset });
    const end = DateTime.min(start.plus({ days: period.bucketDays - 1 }), last);
    ranges.push({ start: start.toISODate() as string, end: end.toISODate() as string });
  }
  return ranges;
}

/** The same number of days just before `period` (for "compared with the previous period"); null before the earliest date. */
export function previousPeriod(period: Period): Period | null {
  const to = day(period.from).minus({ days: 1 });
  const from = to.minus({ days: period.days - 1 });
  const fromText = from.toISODate() as string;
  if (fromText < EARLIEST) return null;
  return { ...period, from: fromText, to: to.toISODate() as string };
}
