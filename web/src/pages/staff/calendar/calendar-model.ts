import type { AppointmentStatus, Barber, TimeOff } from '../../../api/types.js';
import { isoWeekday } from '../../../time/local-date.js';
import { minutesOf, wallDate, wallMinutes } from '../../../time/zone-time.js';

export const STATUS_LABEL: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'Booked',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

/** Minutes of `iso` within `date` (0…1440), clipping instants on other days. */
export function minutesWithin(iso: string, date: string): number {
  const day = wallDate(iso);
  if (day < date) return 0;
  if (day > date) return 24 * 60;
  return wallMinutes(iso);
}

export function workingRanges(barber: Barber, date: string): { start: number; end: number }[] {
  const weekday = isoWeekday(date);
  return barber.weekly.filter((item) => item.weekday === weekday).map((item) => ({ start: minutesOf(item.start), end: minutesOf(item.end) }));
}

/** The hours the day grid shows: everyone's working hours, every appointment and time off, whole hours, at least 9–18. */
export function gridHours(
  barbers: readonly Barber[],
  appointments: readonly { start: string; end: string }[],
  date: string,
): { start: number; end: number } {
  let start = 9 * 60;
  let end = 18 * 60;
  for (const barber of barbers) {
    for (const range of workingRanges(barber, date)) {
      start = Math.min(start, range.start);
      end = Math.max(end, range.end);
    }
  }
  for (const item of appointments) {
    start = Math.min(start, minutesWithin(item.start, date));
    end = Math.max(end, minutesWithin(item.end, date));
  }
  return { start: Math.floor(start / 60) * 60, end: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

export function onDate<T extends { start: string; end: string }>(items: readonly T[], date: string): T[] {
  return items.filter((item) => wallDate(item.start) <= date && wallDate(item.end) >= date && !(wallDate(item.end) === date && wallMinutes(item.end) === 0 && wallDate(item.start) < date));
}

export const timeOffOn = (items: readonly TimeOff[], barberId: string, date: string): TimeOff[] => onDate(items.filter((item) => item.barberId === barberId), date);

/** The shop's wall-clock minute right now, for the "now" line. */
export function nowMinutes(timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}
