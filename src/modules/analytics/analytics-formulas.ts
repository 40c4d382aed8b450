/**
 * The rules behind every number of the owner's report, in one place: the SQL
 * uses the constants, the response carries the sentences (so the web app can
 * show "the formula behind this number"), and docs/ANALYTICS.md repeats the
 * sentences word for word (a test checks that).
 */

/** A visit counts as rebooked when the next booking was made at most this many days after it started. */
export const REBOOK_WINDOW_DAYS = 42;

/** The "six figure" goal: 100,000 in the shop currency, in minor units (cents, pence). */
export const RUN_RATE_GOAL_MINOR_UNITS = 10_000_000;

export const DAYS_PER_YEAR = 365;

/** Longest period one request may ask for, both ends included. */
export const MAX_PERIOD_DAYS = 366;

/** Periods up to this many days are charted per day, longer ones per 7-day block. */
export const MAX_DAILY_SERIES_DAYS = 62;

/** Statuses of an appointment that holds the barber's chair (the exclusion constraint's list). */
export const CHAIR_HOLDING_STATUSES = ['booked', 'checked_in', 'completed'] as const;

export const FORMULAS = {
  period:
    'Period = from the start of the "from" day to the end of the "to" day (both days included), in each shop\'s own time zone; an appointment belongs to the period when it starts inside it.',
  revenue:
    'Revenue = the sum of the prices of completed appointments in the period, per currency (amounts in different currencies are never added together).',
  appointments:
    'Appointments = appointments that start in the period, counted by their current status: booked, checked in, completed, cancelled, no-show.',
  averageTicket: 'Average ticket = revenue ÷ number of completed appointments, per currency, rounded to the nearest cent.',
  noShowRate: 'No-show rate = no-shows ÷ (completed appointments + no-shows).',
  cancellationRate: 'Cancellation rate = cancelled appointments ÷ all appointments in the period, whatever their status.',
  returningClientShare:
    'Returning-client share = clients with a completed appointment in the period who also had a completed appointment at any shop of the franchise before the period started ÷ all clients with a completed appointment in the period (each client counted once).',
  rebookingRate: `Rebooking rate = completed appointments in the period after which the same client has a later appointment, at any shop of the franchise, that is not cancelled and was booked before ${REBOOK_WINDOW_DAYS} days had passed since the visit started (booked during or before the visit counts too) ÷ completed appointments in the period.`,
  rebookingOpen: `Still open = completed visits without such a booking whose ${REBOOK_WINDOW_DAYS}-day window has not ended yet: they may still turn into rebookings, so the rate of a recent period can still rise.`,
  chairUtilization:
    'Chair utilization = booked minutes (start to end, without cleanup buffers, of appointments that are booked, checked in or completed) ÷ working minutes (on every day of the period, the weekly hours each barber had in force on that day, minus time off that falls inside those hours).',
  runRate: `Annualized run-rate = a barber's revenue ÷ days of the period that have begun (today included, future days left out) × ${DAYS_PER_YEAR}, rounded to the nearest cent.`,
  goalProgress: `Goal progress = annualized run-rate ÷ ${RUN_RATE_GOAL_MINOR_UNITS.toLocaleString('en-US')} (the 100,000 goal in the shop currency's smallest unit, e.g. $100,000 or £100,000).`,
  series: `Revenue over time = revenue of completed appointments per day when the period has at most ${MAX_DAILY_SERIES_DAYS} days, otherwise per 7-day block counted from the "from" day (the last block may be shorter).`,
} as const;

export type FormulaName = keyof typeof FORMULAS;

export interface Ratio {
  /** numerator ÷ denominator; null when the denominator is 0 (nothing to divide). */
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator };
}

/** Money ratios (average ticket, run-rate) stay whole minor units: no fraction of a cent reaches a client. */
export function roundedMoney(numerator: number, denominator: number, factor = 1): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * factor) : null;
}
