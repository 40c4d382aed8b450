import type { AvailabilityWindow } from './availability-window.js';
import { rankForStart } from './barber-choice.js';
import { barberStarts, mergeIntervals, workingIntervals } from './slot-engine.js';
import type { BarberCalendar, Interval, SlotRules } from './slot-engine.js';
import { MINUTE, addDays } from '../../time/wall-clock.js';

/**
 * What staff may do that the public page may not, written once: the page and
 * the API both answer from here.
 * - any whole minute (the slot step is the public grid, not the shop's);
 * - inside the minimum notice, and up to a few minutes back (a walk-in who
 *   already sat down);
 * - up to the longest horizon any shop may set, whatever this shop's is.
 * What they may not: outside the barber's working hours, during time off, or
 * over another appointment (the exclusion constraint has the last word).
 */
export const STAFF_RULES = {
  stepMinutes: 1,
  pastGraceMinutes: 15,
  horizonDays: 730,
} as const;

export type StaffMisfit = 'off_minute' | 'too_early' | 'too_late' | 'outside_hours' | 'time_off' | 'taken';

/** The slot-engine rules for staff on the given local dates. */
export function staffSlotRules(window: AvailabilityWindow, nowMs: number, dates: readonly string[]): SlotRules {
  return {
    ...window.rules,
    dates,
    stepMs: STAFF_RULES.stepMinutes * MINUTE,
    earliestStartMs: nowMs - STAFF_RULES.pastGraceMinutes * MINUTE,
    lastBookableDate: addDays(window.clock.localDate(nowMs), STAFF_RULES.horizonDays),
  };
}

/** Why this barber cannot take [start, start + duration + buffer) under staff rules, or null when they can. */
export function staffMisfit(window: AvailabilityWindow, barber: BarberCalendar, startMs: number, nowMs: number): StaffMisfit | null {
  if (startMs % MINUTE !== 0) return 'off_minute';
  const date = window.clock.localDate(startMs);
  const rules = staffSlotRules(window, nowMs, [date]);
  if (startMs < rules.earliestStartMs) return 'too_early';
  if (date > rules.lastBookableDate) return 'too_late';
  const serviceEnd = startMs + rules.durationMs;
  const blockedEnd = serviceEnd + rules.bufferMs;
  const toInstant = (d: string, second: number): number => window.clock.toInstant(d, second);
  // A service crossing midnight would need yesterday's or tomorrow's hours: look at all three.
  const hours = mergeIntervals([addDays(date, -1), date, addDays(date, 1)].flatMap((d) => workingIntervals(d, barber.weekly, toInstant)));
  if (!hours.some((h) => h.start <= startMs && serviceEnd <= h.end)) return 'outside_hours';
  if (barber.timeOff.some((t) => overlaps(t, startMs, serviceEnd))) return 'time_off';
  if (barber.busy.some((b) => overlaps(b, startMs, blockedEnd))) return 'taken';
  return null;
}

/** The first minute at or after `fromMs` on its local day that this barber can take under staff rules, if any. */
export function firstStaffStart(window: AvailabilityWindow, barber: BarberCalendar, fromMs: number, nowMs: number): number | undefined {
  const start = Math.ceil(fromMs / MINUTE) * MINUTE;
  const rules = { ...staffSlotRules(window, nowMs, [window.clock.localDate(start)]), earliestStartMs: start };
  return barberStarts(rules, barber).find((s) => s >= start);
}

/** The soonest start from now among the window's barbers, with every barber free then (least busy first). */
export function firstFreeChair(window: AvailabilityWindow, nowMs: number, random?: () => number): { start: number; barberIds: string[] } | undefined {
  let best: { start: number; barberIds: string[] } | undefined;
  for (const barber of window.barbers) {
    const start = firstStaffStart(window, barber, nowMs, nowMs);
    if (start === undefined || (best && start > best.start)) continue;
    if (best && start === best.start) best.barberIds.push(barber.id);
    else best = { start, barberIds: [barber.id] };
  }
  if (!best) return undefined;
  return { start: best.start, barberIds: rankForStart(window, best.start, best.barberIds, random ? { random } : {}) };
}

export const MISFIT_TEXT: Readonly<Record<StaffMisfit, string>> = {
  off_minute: 'must be a whole minute',
  too_early: `is more than ${STAFF_RULES.pastGraceMinutes} minutes in the past`,
  too_late: `is more than ${STAFF_RULES.horizonDays} days ahead`,
  outside_hours: "is outside the barber's working hours",
  time_off: 'falls in the barber’s time off',
  taken: 'overlaps another appointment of this barber',
};

function overlaps(interval: Interval, start: number, end: number): boolean {
  return interval.start < end && start < interval.end;
}
