import { formatInstant } from '../../time/instants.js';
import { FORMULAS, REBOOK_WINDOW_DAYS, RUN_RATE_GOAL_MINOR_UNITS, DAYS_PER_YEAR, ratio, roundedMoney } from './analytics-formulas.js';
import type { HoursRow } from './analytics-hours.repository.js';
import { averageTicketOf, currenciesOf, metricsOf, revenueOf, utilizationOf } from './analytics-metrics.mapper.js';
import type { Period } from './analytics-period.js';
import { bucketRanges } from './analytics-period.js';
import type { ScopeBarberRow, ScopeLocationRow } from './analytics-scope.repository.js';
import type { CountsRow, GroupLevel, MoneyRow, SeriesRow } from './analytics-visits.repository.js';
import type { AnalyticsReport, BarberReportView, LocationReportView, MetricsView, PreviousMetricsView } from './analytics.schemas.js';

export interface ReportRows {
  readonly locations: readonly ScopeLocationRow[];
  readonly barbers: readonly ScopeBarberRow[];
  readonly counts: readonly CountsRow[];
  readonly money: readonly MoneyRow[];
  readonly series: readonly SeriesRow[];
  readonly hours: readonly HoursRow[];
}

const LEVEL = { barber: 0, location: 1, all: 3 } as const;
const SERIES_LEVEL = { locationCurrency: 0, location: 1, currency: 2, all: 3 } as const;

const keyOf = (level: GroupLevel, locationId: string | null, barberId: string | null): string => `${level}|${locationId ?? ''}|${barberId ?? ''}`;

function indexOne<T extends { level: GroupLevel; location_id: string | null; barber_id: string | null }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [keyOf(row.level, row.location_id, row.barber_id), row]));
}

function indexMany<T extends { level: GroupLevel; location_id: string | null; barber_id: string | null }>(rows: readonly T[]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row.level, row.location_id, row.barber_id);
    index.set(key, [...(index.get(key) ?? []), row]);
  }
  return index;
}

/** Assembles the report: the whole scope, each location side by side, each barber within it. */
export function toReport(franchiseId: string, locationId: string | null, period: Period, rows: ReportRows): AnalyticsReport {
  const counts = indexOne(rows.counts);
  const hours = indexOne(rows.hours);
  const money = indexMany(rows.money);
  const buckets = bucketRanges(period);

  const barberReport = (barber: ScopeBarberRow, location: ScopeLocationRow): BarberReportView => {
    const key = keyOf(LEVEL.barber, location.id, barber.id);
    const own = money.get(key) ?? [];
    const currencies = currenciesOf([location.currency], own);
    const revenue = revenueOf(own, currencies);
    return {
      id: barber.id,
      name: barber.name,
      isActive: barber.is_active,
      revenue,
      completed: counts.get(key)?.completed ?? 0,
      averageTicket: averageTicketOf(own, currencies),
      chairUtilization: utilizationOf(counts.get(key)?.booked_minutes ?? 0, hours.get(key)),
      runRate: revenue.map(({ currency, cents }) => {
        const annualized = roundedMoney(cents, location.elapsed_days, DAYS_PER_YEAR);
        return {
          currency,
          value: annualized,
          revenueCents: cents,
          days: location.elapsed_days,
          goalCents: RUN_RATE_GOAL_MINOR_UNITS,
          progress: ratio(annualized ?? 0, RUN_RATE_GOAL_MINOR_UNITS),
        };
      }),
    };
  };

  // Inactive barbers stay in the report only for periods in which they worked or were scheduled.
  const isListed = (barber: ScopeBarberRow): boolean =>
    barber.is_active || counts.has(keyOf(LEVEL.barber, barber.location_id, barber.id)) || hours.has(keyOf(LEVEL.barber, barber.location_id, barber.id));

  const locations = rows.locations.map((location): LocationReportView => {
    const key = keyOf(LEVEL.location, location.id, null);
    return {
      id: location.id,
      name: location.name,
      slug: location.slug,
      timezone: location.timezone,
      currency: location.currency,
      periodStart: formatInstant(location.period_start, location.timezone),
      periodEnd: formatInstant(location.period_end, location.timezone),
      ...metricsOf(
        {
          counts: counts.get(key),
          money: money.get(key) ?? [],
          hours: hours.get(key),
          series: rows.series.filter(
            (row) => row.location_id === location.id && (row.level === SERIES_LEVEL.locationCurrency || row.level === SERIES_LEVEL.location),
          ),
          currencies: [location.currency],
        },
        buckets,
      ),
      barbers: rows.barbers.filter((barber) => barber.location_id === location.id && isListed(barber)).map((barber) => barberReport(barber, location)),
    };
  });

  const allKey = keyOf(LEVEL.all, null, null);
  return {
    franchiseId,
    locationId,
    previousPeriod: null,
    period: { from: period.from, to: period.to, toInclusive: true, days: period.days, bucket: period.bucket, rebookWindowDays: REBOOK_WINDOW_DAYS },
    summary: metricsOf(
      {
        counts: counts.get(allKey),
        money: money.get(allKey) ?? [],
        hours: hours.get(allKey),
        series: rows.series.filter((row) => row.level === SERIES_LEVEL.currency || row.level === SERIES_LEVEL.all),
        currencies: rows.locations.map((location) => location.currency),
      },
      buckets,
    ),
    locations,
    formulas: FORMULAS,
  };
}

/** The current figures without the chart: what is shown beside the previous period's. */
function comparable(m: MetricsView): NonNullable<PreviousMetricsView> {
  return {
    revenue: m.revenue,
    averageTicket: m.averageTicket,
    appointments: m.appointments,
    noShowRate: m.noShowRate,
    cancellationRate: m.cancellationRate,
    returningClientShare: m.returningClientShare,
    rebookingRate: m.rebookingRate,
    chairUtilization: m.chairUtilization,
  };
}

/**
 * Puts the previous period's figures beside the current ones: the summary, and
 * each location (a location that did not exist yet gets zeros from its own
 * query, a location missing from the earlier scope gets null).
 */
export function withPrevious(current: AnalyticsReport, previous: AnalyticsReport | null): AnalyticsReport {
  if (previous === null) return current;
  const earlier = new Map(previous.locations.map((location) => [location.id, location]));
  return {
    ...current,
    previousPeriod: { from: previous.period.from, to: previous.period.to, days: previous.period.days },
    summary: { ...current.summary, previous: comparable(previous.summary) },
    locations: current.locations.map((location) => {
      const before = earlier.get(location.id);
      return { ...location, previous: before ? comparable(before) : null };
    }),
  };
}
