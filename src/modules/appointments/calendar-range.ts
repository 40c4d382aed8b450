import { invalid } from '../../errors/domain-error.js';
import { isLocalDate, parseInstant } from '../../time/instants.js';
import type { CalendarBound } from './appointments.repository.js';

export const MAX_RANGE_DAYS = 62;
const DAY = 86_400_000;

export interface CalendarRange {
  readonly from: CalendarBound;
  readonly to: CalendarBound;
}

/**
 * from/to are instants, or dates read in each location's own zone (a date `to`
 * includes its day). The range must run forward and span at most 62 days
 * (dates are measured as UTC days for this check, which is close enough for a cap).
 */
export function parseCalendarRange(fromText: string, toText: string): CalendarRange {
  const from = parseBound(fromText, 'from');
  const to = parseBound(toText, 'to');
  const fromMs = 'instant' in from ? from.instant.getTime() : Date.parse(from.date);
  const toMs = 'instant' in to ? to.instant.getTime() : Date.parse(to.date) + DAY;
  if (toMs <= fromMs) throw invalid('to', 'must be after from');
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY) throw invalid('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

function parseBound(text: string, field: string): CalendarBound {
  if (isLocalDate(text)) return { date: text };
  const instant = parseInstant(text);
  if (!instant) throw invalid(field, 'must be a date YYYY-MM-DD or an ISO 8601 instant with an offset');
  return { instant };
}
