import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { CHAIR_HOLDING_STATUSES, REBOOK_WINDOW_DAYS } from './analytics-formulas.js';
import type { AnalyticsQuery } from './analytics-scope.repository.js';
import { scopeCte } from './analytics-scope.repository.js';

/**
 * GROUPING(location_id, barber_id): 0 = one barber, 1 = one location, 3 = the whole report.
 * (For the series: GROUPING(location_id, currency), 0 = location+currency, 1 = location,
 * 2 = currency, 3 = everything.) Each query aggregates every level in one pass.
 */
export type GroupLevel = 0 | 1 | 2 | 3;

export interface CountsRow {
  readonly level: GroupLevel;
  readonly location_id: string | null;
  readonly barber_id: string | null;
  readonly booked: number;
  readonly checked_in: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly no_show: number;
  readonly total: number;
  readonly booked_minutes: number;
  readonly rebooked: number;
  readonly rebook_open: number;
  readonly clients: number;
  readonly returning_clients: number;
}

export interface MoneyRow {
  readonly level: GroupLevel;
  readonly location_id: string | null;
  readonly barber_id: string | null;
  readonly currency: string;
  /** bigint arrives as text: a year of a large franchise can pass 2^31 cents. */
  readonly revenue_cents: string;
  readonly completed: number;
}

export interface SeriesRow {
  readonly level: GroupLevel;
  readonly location_id: string | null;
  readonly currency: string | null;
  readonly bucket: number;
  readonly revenue_cents: string;
  readonly completed: number;
}

// The period's appointments of the scope's locations: the join walks
// appointments_location_time_idx (franchise_id, location_id, starts_at) once per location.
const periodAppointments = (q: AnalyticsQuery): RawBuilder<unknown> => sql`scope s
  JOIN appointments a ON a.franchise_id = ${q.franchiseId} AND a.location_id = s.location_id
   AND a.starts_at >= s.period_start AND a.starts_at < s.period_end`;

const chairHolding = sql.join(CHAIR_HOLDING_STATUSES.map((status) => sql.lit(status)));

/** Status counts, booked minutes, rebooking and returning-client figures per barber, per location and overall. */
export function countsQuery(q: AnalyticsQuery): RawBuilder<CountsRow> {
  const window = sql`make_interval(days => ${sql.lit(REBOOK_WINDOW_DAYS)})`;
  return sql<CountsRow>`WITH ${scopeCte(q)},
  visits AS (
    SELECT a.location_id, a.barber_id, a.client_id, a.status, a.starts_at,
      extract(epoch FROM a.ends_at - a.starts_at) / 60 AS minutes,
      -- Both lookups walk appointments_client_idx (franchise_id, client_id, starts_at).
      CASE WHEN a.status = 'completed' THEN EXISTS (
        SELECT 1 FROM appointments r
        WHERE r.franchise_id = a.franchise_id AND r.client_id = a.client_id
          AND r.starts_at > a.starts_at AND r.status <> 'cancelled'
          AND r.created_at < a.starts_at + ${window}
      ) ELSE false END AS is_rebooked,
      CASE WHEN a.status = 'completed' THEN EXISTS (
        SELECT 1 FROM appointments p
        WHERE p.franchise_id = a.franchise_id AND p.client_id = a.client_id
          AND p.status = 'completed' AND p.starts_at < s.period_start
      ) ELSE false END AS is_returning
    FROM ${periodAppointments(q)}
  )
  SELECT GROUPING(location_id, barber_id)::int AS level, location_id, barber_id,
    count(*) FILTER (WHERE status = 'booked')::int AS booked,
    count(*) FILTER (WHERE status = 'checked_in')::int AS checked_in,
    count(*) FILTER (WHERE status = 'completed')::int AS completed,
    count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
    count(*) FILTER (WHERE status = 'no_show')::int AS no_show,
    count(*)::int AS total,
    coalesce(sum(minutes) FILTER (WHERE status IN (${chairHolding})), 0)::float8 AS booked_minutes,
    count(*) FILTER (WHERE is_rebooked)::int AS rebooked,
    count(*) FILTER (WHERE status = 'completed' AND NOT is_rebooked
                       AND starts_at + ${window} > ${q.now.toISOString()}::timestamptz)::int AS rebook_open,
    count(DISTINCT client_id) FILTER (WHERE status = 'completed')::int AS clients,
    count(DISTINCT client_id) FILTER (WHERE is_returning)::int AS returning_clients
  FROM visits
  GROUP BY GROUPING SETS ((location_id, barber_id), (location_id), ())`;
}

/** Revenue and completed count per currency, for each barber, each location and overall. */
export function moneyQuery(q: AnalyticsQuery): RawBuilder<MoneyRow> {
  return sql<MoneyRow>`WITH ${scopeCte(q)}
  SELECT GROUPING(a.location_id, a.barber_id)::int AS level, a.location_id, a.barber_id, a.currency::text AS currency,
    sum(a.price_cents)::bigint AS revenue_cents, count(*)::int AS completed
  FROM ${periodAppointments(q)}
  WHERE a.status = 'completed'
  GROUP BY GROUPING SETS ((a.currency, a.location_id, a.barber_id), (a.currency, a.location_id), (a.currency))`;
}

/** Revenue per bucket (day or 7-day block of local dates, counted from `from`), per location and overall. */
export function seriesQuery(q: AnalyticsQuery): RawBuilder<SeriesRow> {
  return sql<SeriesRow>`WITH ${scopeCte(q)},
  done AS (
    SELECT a.location_id, a.currency::text AS currency, a.price_cents,
      ((a.starts_at AT TIME ZONE s.timezone)::date - ${q.from}::date) / ${q.bucketDays}::int AS bucket
    FROM ${periodAppointments(q)}
    WHERE a.status = 'completed'
  )
  SELECT GROUPING(location_id, currency)::int AS level, location_id, currency, bucket,
    sum(price_cents)::bigint AS revenue_cents, count(*)::int AS completed
  FROM done
  GROUP BY GROUPING SETS ((bucket, location_id, currency), (bucket, location_id), (bucket, currency), (bucket))`;
}

export async function aggregateCounts(db: Kysely<ShardDatabase>, q: AnalyticsQuery): Promise<readonly CountsRow[]> {
  return (await countsQuery(q).execute(db)).rows;
}

export async function aggregateMoney(db: Kysely<ShardDatabase>, q: AnalyticsQuery): Promise<readonly MoneyRow[]> {
  return (await moneyQuery(q).execute(db)).rows;
}

export async function aggregateSeries(db: Kysely<ShardDatabase>, q: AnalyticsQuery): Promise<readonly SeriesRow[]> {
  return (await seriesQuery(q).execute(db)).rows;
}
