import { Type } from 'typebox';
import type { Static, TString } from 'typebox';
import { Currency, Instant, LocalDate, Uuid } from '../../http/common-schemas.js';
import { FORMULAS } from './analytics-formulas.js';
import type { FormulaName } from './analytics-formulas.js';

/**
 * The owner's report. Every ratio carries its numerator and denominator so the
 * web app can show the formula behind a number; `formulas` says it in words.
 */

export const AnalyticsQuerystring = Type.Object(
  {
    // from: first local day; to: last local day, included (at most 366 days); locationId: one location only.
    from: LocalDate,
    to: LocalDate,
    locationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

const Ratio = Type.Object(
  {
    value: Type.Union([Type.Number(), Type.Null()], { description: 'numerator ÷ denominator; null when the denominator is 0' }),
    numerator: Type.Number(),
    denominator: Type.Number(),
  },
  { description: 'a ratio with the two numbers it is made of' },
);

const MoneyAmount = Type.Object({ currency: Currency, cents: Type.Integer({ description: 'integer minor units' }) });

const AverageTicket = Type.Object({
  currency: Currency,
  value: Type.Union([Type.Integer(), Type.Null()], { description: 'minor units, rounded; null without completed appointments' }),
  numerator: Type.Integer({ description: 'revenue in minor units' }),
  denominator: Type.Integer({ description: 'completed appointments' }),
});

const AppointmentCounts = Type.Object({
  booked: Type.Integer(),
  checkedIn: Type.Integer(),
  completed: Type.Integer(),
  cancelled: Type.Integer(),
  noShow: Type.Integer(),
  total: Type.Integer(),
});

const RebookingRate = Type.Object({
  ...Ratio.properties,
  open: Type.Integer({ description: 'completed visits not rebooked yet whose 42-day window is still running' }),
});

const ChairUtilization = Type.Object({
  ...Ratio.properties,
  scheduledMinutes: Type.Number({ description: 'weekly hours over the period' }),
  timeOffMinutes: Type.Number({ description: 'time off inside those hours' }),
});

const SeriesRevenue = Type.Object({
  currency: Currency,
  cents: Type.Integer({ description: 'integer minor units' }),
  completed: Type.Integer({ description: 'completed appointments priced in this currency' }),
});

const SeriesPoint = Type.Object({
  start: LocalDate,
  /** Last day of the bucket, included. */
  end: LocalDate,
  revenue: Type.Array(SeriesRevenue),
  completed: Type.Integer(),
});

const metricsProperties = {
  revenue: Type.Array(MoneyAmount, { description: 'one entry per currency, never summed across currencies' }),
  averageTicket: Type.Array(AverageTicket),
  appointments: AppointmentCounts,
  noShowRate: Ratio,
  cancellationRate: Ratio,
  returningClientShare: Ratio,
  rebookingRate: RebookingRate,
  chairUtilization: ChairUtilization,
  series: Type.Array(SeriesPoint),
};

const { series: _series, ...comparableProperties } = metricsProperties;
const PreviousMetrics = Type.Union([Type.Object(comparableProperties), Type.Null()], {
  description: 'the same numbers for the previous period (previousPeriod), to show beside these; null when there is no previous period to ask about',
});

const MetricsSchema = Type.Object({ ...metricsProperties, previous: PreviousMetrics }, { description: 'every location of the report together' });

const RunRate = Type.Object({
  currency: Currency,
  value: Type.Union([Type.Integer(), Type.Null()], { description: 'annualized revenue in minor units; null before the period begins' }),
  revenueCents: Type.Integer(),
  days: Type.Integer({ description: 'days of the period that have begun' }),
  goalCents: Type.Integer(),
  progress: Ratio,
});

const BarberReport = Type.Object({
  id: Uuid,
  name: Type.String(),
  isActive: Type.Boolean(),
  revenue: Type.Array(MoneyAmount),
  completed: Type.Integer(),
  averageTicket: Type.Array(AverageTicket),
  chairUtilization: ChairUtilization,
  runRate: Type.Array(RunRate),
});

const LocationReport = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  timezone: Type.String(),
  currency: Currency,
  periodStart: Instant,
  /** Exclusive: the start of the day after `to`. */
  periodEnd: Instant,
  ...metricsProperties,
  previous: PreviousMetrics,
  barbers: Type.Array(BarberReport),
});

const formulaProperties = Object.fromEntries(Object.keys(FORMULAS).map((name) => [name, Type.String()])) as { [K in FormulaName]: TString };

export const AnalyticsReportSchema = Type.Object({
  franchiseId: Uuid,
  locationId: Type.Union([Uuid, Type.Null()]),
  period: Type.Object({
    from: LocalDate,
    to: LocalDate,
    toInclusive: Type.Literal(true),
    days: Type.Integer(),
    bucket: Type.Union([Type.Literal('day'), Type.Literal('week')]),
    rebookWindowDays: Type.Integer(),
  }),
  previousPeriod: Type.Union(
    [Type.Object({ from: LocalDate, to: LocalDate, days: Type.Integer() }), Type.Null()],
    { description: 'the same number of days just before the period; every `previous` covers it' },
  ),
  summary: MetricsSchema,
  locations: Type.Array(LocationReport, { description: 'side by side, by name' }),
  formulas: Type.Object(formulaProperties, { description: 'each formula in words, as in docs/ANALYTICS.md' }),
});

export type AnalyticsReport = Static<typeof AnalyticsReportSchema>;
export type MetricsView = Static<typeof MetricsSchema>;
export type LocationReportView = Static<typeof LocationReport>;
export type BarberReportView = Static<typeof BarberReport>;
export type SeriesPointView = Static<typeof SeriesPoint>;
export type PreviousMetricsView = Static<typeof PreviousMetrics>;
export type MoneyAmountView = Static<typeof MoneyAmount>;
export type AverageTicketView = Static<typeof AverageTicket>;
export type ChairUtilizationView = Static<typeof ChairUtilization>;
