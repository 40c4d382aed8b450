import { ratio, roundedMoney } from './analytics-formulas.js';
import type { BucketRange } from './analytics-period.js';
import type { HoursRow } from './analytics-hours.repository.js';
import type { CountsRow, MoneyRow, SeriesRow } from './analytics-visits.repository.js';
import type { AverageTicketView, ChairUtilizationView, MetricsView, MoneyAmountView, SeriesPointView } from './analytics.schemas.js';

/**
 * Rows → API objects. Every figure here was aggregated by PostgreSQL; this file
 * only divides two aggregates, fills the gaps with zeros and renames fields.
 */

/** The rows that describe one group (a location, or the whole report). */
export interface GroupRows {
  readonly counts: CountsRow | undefined;
  readonly money: readonly MoneyRow[];
  readonly hours: HoursRow | undefined;
  /** Series rows of this group: per currency (currency set) and all currencies (currency null). */
  readonly series: readonly SeriesRow[];
  /** Currencies to show even at zero (the locations' own currencies). */
  readonly currencies: readonly string[];
}

const cents = (text: string | null | undefined): number => (text ? Number(text) : 0);

/** The group's currencies, sorted: the locations' own ones and any an appointment was priced in. */
export function currenciesOf(base: readonly string[], money: readonly { currency: string | null }[]): string[] {
  const all = new Set(base);
  for (const row of money) if (row.currency) all.add(row.currency);
  return [...all].sort();
}

export function revenueOf(money: readonly MoneyRow[], currencies: readonly string[]): MoneyAmountView[] {
  return currencies.map((currency) => ({ currency, cents: cents(money.find((row) => row.currency === currency)?.revenue_cents) }));
}

export function averageTicketOf(money: readonly MoneyRow[], currencies: readonly string[]): AverageTicketView[] {
  return currencies.map((currency) => {
    const row = money.find((candidate) => candidate.currency === currency);
    const revenue = cents(row?.revenue_cents);
    const completed = row?.completed ?? 0;
    return { currency, value: roundedMoney(revenue, completed), numerator: revenue, denominator: completed };
  });
}

export function utilizationOf(bookedMinutes: number, hours: HoursRow | undefined): ChairUtilizationView {
  return {
    ...ratio(bookedMinutes, hours?.working_minutes ?? 0),
    scheduledMinutes: hours?.scheduled_minutes ?? 0,
    timeOffMinutes: hours?.time_off_minutes ?? 0,
  };
}

export function seriesOf(rows: readonly SeriesRow[], buckets: readonly BucketRange[], currencies: readonly string[]): SeriesPointView[] {
  const byKey = new Map(rows.map((row) => [`${row.bucket}|${row.currency ?? ''}`, row]));
  return buckets.map((range, index) => ({
    start: range.start,
    end: range.end,
    revenue: currencies.map((currency) => {
      const row = byKey.get(`${index}|${currency}`);
      return { currency, cents: cents(row?.revenue_cents), completed: row?.completed ?? 0 };
    }),
    completed: byKey.get(`${index}|`)?.completed ?? 0,
  }));
}

export function metricsOf(group: GroupRows, buckets: readonly BucketRange[]): MetricsView {
  const c = group.counts;
  const completed = c?.completed ?? 0;
  const noShow = c?.no_show ?? 0;
  const currencies = currenciesOf(group.currencies, group.money);
  return {
    revenue: revenueOf(group.money, currencies),
    averageTicket: averageTicketOf(group.money, currencies),
    appointments: {
      booked: c?.booked ?? 0,
      checkedIn: c?.checked_in ?? 0,
      completed,
      cancelled: c?.cancelled ?? 0,
      noShow,
      total: c?.total ?? 0,
    },
    noShowRate: ratio(noShow, completed + noShow),
    cancellationRate: ratio(c?.cancelled ?? 0, c?.total ?? 0),
    returningClientShare: ratio(c?.returning_clients ?? 0, c?.clients ?? 0),
    rebookingRate: { ...ratio(c?.rebooked ?? 0, completed), open: c?.rebook_open ?? 0 },
    chairUtilization: utilizationOf(c?.booked_minutes ?? 0, group.hours),
    series: seriesOf(group.series, buckets, currenciesOf(currencies, group.series)),
    // Filled in by withPrevious once the previous period is computed.
    previous: null,
  };
}
