import type { FieldError } from '../../errors/domain-error.js';

/** One stretch of working time on one weekday (Monday = 1), wall-clock 'HH:MM' in the location's zone. */
export interface WeeklyInterval {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

const HH_MM = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight for '00:00'…'23:59'; null for anything else ('24:00', '25:61', '9:00'). */
export function minutesOf(time: string): number | null {
  const match = HH_MM.exec(time);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : null;
}

/**
 * Everything wrong with a weekly schedule, each with its field path. Intervals
 * end on the day they start (no overnight shifts, so no 24:00); on one weekday
 * they may touch (09:00–12:00 and 12:00–18:00) but not overlap.
 */
export function weeklyScheduleErrors(weekly: readonly WeeklyInterval[], base = 'weekly'): FieldError[] {
  const errors: FieldError[] = [];
  const valid: { index: number; weekday: number; start: number; end: number }[] = [];
  weekly.forEach((interval, index) => {
    const path = `${base}.${index}`;
    if (!Number.isInteger(interval.weekday) || interval.weekday < 1 || interval.weekday > 7) {
      errors.push({ field: `${path}.weekday`, message: 'must be 1 (Monday) to 7 (Sunday)' });
    }
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (start === null) errors.push({ field: `${path}.start`, message: 'must be a time from 00:00 to 23:59' });
    if (end === null) errors.push({ field: `${path}.end`, message: 'must be a time from 00:00 to 23:59' });
    if (start !== null && end !== null) {
      if (end <= start) errors.push({ field: `${path}.end`, message: 'must be after start' });
      else valid.push({ index, weekday: interval.weekday, start, end });
    }
  });
  // Sorted by start, an interval overlaps when it starts before the latest end seen so far that day.
  const sorted = [...valid].sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  let reach: (typeof sorted)[number] | undefined;
  for (const current of sorted) {
    if (reach && reach.weekday === current.weekday && current.start < reach.end) {
      const other = weekly[reach.index];
      errors.push({ field: `${base}.${current.index}`, message: `overlaps ${other?.start}–${other?.end} on the same weekday` });
    }
    if (!reach || reach.weekday !== current.weekday || current.end > reach.end) reach = current;
  }
  return errors;
}

/** Ordered by weekday, then start: how the schedule is stored and returned. */
export function sortWeekly(weekly: readonly WeeklyInterval[]): WeeklyInterval[] {
  return [...weekly].sort((a, b) => a.weekday - b.weekday || (minutesOf(a.start) ?? 0) - (minutesOf(b.start) ?? 0));
}
