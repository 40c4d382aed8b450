import { invalid } from '../../errors/domain-error.js';
import type { ZoneClock } from '../../time/wall-clock.js';
import { addDays, secondOfDay } from '../../time/wall-clock.js';

export const MAX_OCCURRENCES = 52;

export type SeriesEnd = { readonly count: number } | { readonly until: string };

/**
 * The starts of a repeat: the same wall-clock time every N weeks in the
 * location's zone (so 10:00 stays 10:00 across a DST change), the first
 * included, for a count or up to a local date (inclusive).
 */
export function seriesStarts(clock: ZoneClock, firstMs: number, everyWeeks: number, end: SeriesEnd): number[] {
  const firstDate = clock.localDate(firstMs);
  // The local wall time, read from the formatted instant: "2027-03-10T10:00:00-05:00".
  const second = secondOfDay(clock.format(firstMs).slice(11, 19));
  if ('until' in end && end.until < firstDate) throw invalid('until', 'must not be before the first appointment');
  const starts: number[] = [];
  for (let i = 0; ; i++) {
    const date = addDays(firstDate, 7 * everyWeeks * i);
    if ('count' in end ? i >= end.count : date > end.until) break;
    if (starts.length === MAX_OCCURRENCES) throw invalid('until', `gives more than ${MAX_OCCURRENCES} appointments`);
    starts.push(clock.toInstant(date, second));
  }
  return starts;
}
