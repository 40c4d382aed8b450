/**
 * Calendar dates (YYYY-MM-DD) as plain strings, with arithmetic done in UTC so
 * the visitor's own zone and its DST changes never shift a day.
 */
const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtc = (value: Date): string => value.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const value = toUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return fromUtc(value);
}

/** ISO weekday, Monday = 1 … Sunday = 7 (the API's numbering). */
export function isoWeekday(date: string): number {
  const day = toUtc(date).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week that holds `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** Today's date on the wall calendar of `timeZone` (the shop's, not the visitor's). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const labelCache = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let value = labelCache.get(key);
  if (!value) {
    value = new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' });
    labelCache.set(key, value);
  }
  return value;
}

/** "Tue, Mar 14" (or the visitor's locale's version of it). */
export function formatDate(date: string, style: 'short' | 'long' = 'short'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long' ? { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' } : { weekday: 'short', month: 'short', day: 'numeric' };
  return formatter(options).format(toUtc(date));
}

export function weekdayShort(date: string): string {
  return formatter({ weekday: 'short' }).format(toUtc(date));
}

export function dayOfMonth(date: string): number {
  return toUtc(date).getUTCDate();
}

export function monthShort(date: string): string {
  return formatter({ month: 'short' }).format(toUtc(date));
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const weekdayName = (weekday: number): string => WEEKDAY_NAMES[weekday - 1] ?? '';
