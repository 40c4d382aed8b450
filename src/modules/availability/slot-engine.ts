import type { ZoneClock } from '../../time/wall-clock.js';
import { isoWeekday } from '../../time/wall-clock.js';

/**
 * The slot engine: pure, no I/O. The availability list and the booking check both
 * call it with the same inputs, so a listed slot is exactly a bookable slot.
 *
 * Rules (all instants are epoch ms, intervals half-open [start, end)):
 * - working hours are wall-clock per ISO weekday, turned into instants per local date
 *   (DST-correct: a 09:00–17:00 day is 8 real hours on both transition days);
 * - starts step by `stepMs` of real time from each merged working interval's start;
 * - the service [s, s + duration) lies inside working hours and misses time off;
 * - the blocked range [s, s + duration + buffer) misses every chair-holding
 *   appointment's [starts_at, blocked_until) — exactly the table's exclusion constraint;
 * - s ≥ earliestStartMs (now + minimum notice) and the local date of s ≤ lastBookableDate.
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export interface WeeklyHours {
  /** ISO weekday, Monday = 1. */
  readonly weekday: number;
  readonly startSecond: number;
  /** Up to 86400 (24:00). */
  readonly endSecond: number;
}

export interface BarberCalendar {
  readonly id: string;
  readonly weekly: readonly WeeklyHours[];
  readonly timeOff: readonly Interval[];
  /** Chair-holding appointments as [starts_at, blocked_until). */
  readonly busy: readonly Interval[];
}

export interface SlotRules {
  readonly clock: ZoneClock;
  /** Local dates to compute, ascending. */
  readonly dates: readonly string[];
  readonly durationMs: number;
  readonly bufferMs: number;
  readonly stepMs: number;
  readonly earliestStartMs: number;
  /** Last local date a slot may start on (today + horizonDays). */
  readonly lastBookableDate: string;
}

export interface Slot {
  readonly start: number;
  readonly end: number;
  readonly barberIds: string[];
}

/** Free starts of every barber, merged per start; barberIds keep the input order of barbers. */
export function computeSlots(rules: SlotRules, barbers: readonly BarberCalendar[]): Slot[] {
  const byStart = new Map<number, string[]>();
  const toInstant = memoizedInstants(rules.clock);
  for (const barber of barbers) {
    for (const start of barberStarts(rules, barber, toInstant)) {
      const ids = byStart.get(start);
      if (ids) ids.push(barber.id);
      else byStart.set(start, [barber.id]);
    }
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  return starts.map((start) => ({ start, end: start + rules.durationMs, barberIds: byStart.get(start) as string[] }));
}

/** One barber's free starts, ascending. */
export function barberStarts(rules: SlotRules, barber: BarberCalendar, toInstant = memoizedInstants(rules.clock)): number[] {
  const { durationMs, bufferMs, stepMs, earliestStartMs } = rules;
  const timeOff = mergeIntervals(barber.timeOff);
  const busy = mergeIntervals(barber.busy);
  const starts: number[] = [];
  let t = 0;
  let b = 0;
  for (const date of rules.dates) {
    if (date > rules.lastBookableDate) break;
    for (const hours of workingIntervals(date, barber.weekly, toInstant)) {
      // Jump straight to the first grid point at or after the earliest allowed start.
      const skip = hours.start < earliestStartMs ? Math.ceil((earliestStartMs - hours.start) / stepMs) : 0;
      for (let s = hours.start + skip * stepMs; s + durationMs <= hours.end; s += stepMs) {
        const serviceEnd = s + durationMs;
        // Both lists are disjoint and sorted and s only grows: the pointers never move back.
        while (t < timeOff.length && (timeOff[t] as Interval).end <= s) t++;
        if (t < timeOff.length && (timeOff[t] as Interval).start < serviceEnd) continue;
        while (b < busy.length && (busy[b] as Interval).end <= s) b++;
        if (b < busy.length && (busy[b] as Interval).start < serviceEnd + bufferMs) continue;
        starts.push(s);
      }
    }
  }
  return starts;
}

/** A barber's working intervals on one local date as instants, sorted and merged. */
export function workingIntervals(date: string, weekly: readonly WeeklyHours[], toInstant: (date: string, second: number) => number): Interval[] {
  const weekday = isoWeekday(date);
  const intervals: Interval[] = [];
  for (const hours of weekly) {
    if (hours.weekday !== weekday) continue;
    const start = toInstant(date, hours.startSecond);
    const end = toInstant(date, hours.endSecond);
    if (end > start) intervals.push({ start, end });
  }
  return mergeIntervals(intervals);
}

/** Sorted, with overlapping or touching intervals joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  if (intervals.length === 0) return [];
  const sorted = [...intervals].sort((x, y) => x.start - y.start);
  const merged: Interval[] = [];
  let current = { start: (sorted[0] as Interval).start, end: (sorted[0] as Interval).end };
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i] as Interval;
    if (next.start <= current.end) {
      if (next.end > current.end) current.end = next.end;
    } else {
      merged.push(current);
      current = { start: next.start, end: next.end };
    }
  }
  merged.push(current);
  return merged;
}

/** Ten barbers usually share the same hours: convert each (date, wall time) once per request. */
function memoizedInstants(clock: ZoneClock): (date: string, second: number) => number {
  const cache = new Map<string, number>();
  return (date, second) => {
    const key = `${date}|${second}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = clock.toInstant(date, second);
      cache.set(key, value);
    }
    return value;
  };
}
