import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import type { AnalyticsQuery } from './analytics-scope.repository.js';
import { scopeCte } from './analytics-scope.repository.js';
import type { GroupLevel } from './analytics-visits.repository.js';

export interface HoursRow {
  /** GROUPING(location_id, barber_id): 0 = one barber, 1 = one location, 3 = the whole report. */
  readonly level: GroupLevel;
  readonly location_id: string | null;
  readonly barber_id: string | null;
  /** The weekly hours in force on each local day of the period, in real minutes. */
  readonly scheduled_minutes: number;
  /** The part of those hours covered by time off (overlapping time-off entries counted once). */
  readonly time_off_minutes: number;
  /** scheduled − time off: the chair time the barber could have sold. */
  readonly working_minutes: number;
}

/**
 * Working time per barber, per location and overall, from the weekly hours in
 * force on each day (weekly_hours_versions), never today's hours laid over the past.
 * Weekly hours are wall-clock
 * times: each (day, weekday row) becomes the instants `day + start AT TIME ZONE zone`
 * to `day + end AT TIME ZONE zone`, so 09:00–17:00 is 8 hours on a 23- or 25-hour
 * day too. Shifts and time off are unioned as multiranges (range_agg) before
 * they are measured, so overlaps are never counted twice.
 */
export function hoursQuery(q: AnalyticsQuery): RawBuilder<HoursRow> {
  const minutesOf = (multirange: RawBuilder<unknown>): RawBuilder<number> =>
    sql<number>`coalesce((SELECT sum(extract(epoch FROM upper(r) - lower(r))) FROM unnest(${multirange}) AS r), 0) / 60`;
  return sql<HoursRow>`WITH ${scopeCte(q)},
  staff AS (
    SELECT b.id AS barber_id, b.location_id, s.timezone, s.period_start, s.period_end
    FROM scope s JOIN barbers b ON b.franchise_id = ${q.franchiseId} AND b.location_id = s.location_id
  ),
  shifts AS (
    SELECT st.barber_id, st.location_id,
      -- greatest(): a wall-clock shift inside a DST gap or fold must never make an inverted range.
      range_agg(tstzrange(
        (d.day::date + w.start) AT TIME ZONE st.timezone,
        greatest((d.day::date + w.start) AT TIME ZONE st.timezone, (d.day::date + w."end") AT TIME ZONE st.timezone)
      )) AS scheduled
    FROM staff st
    JOIN generate_series(${q.from}::date::timestamp, ${q.to}::date::timestamp, interval '1 day') AS d(day) ON true
    -- The hours in force on that day: the latest version that started on or before it
    -- (a day before the barber's first version has no hours).
    JOIN LATERAL (
      SELECT v.hours FROM weekly_hours_versions v
      WHERE v.franchise_id = ${q.franchiseId} AND v.barber_id = st.barber_id AND v.effective_from <= d.day::date
      ORDER BY v.effective_from DESC LIMIT 1
    ) version ON true
    JOIN LATERAL jsonb_to_recordset(version.hours) AS w(weekday int, start time, "end" time)
      ON w.weekday = extract(isodow FROM d.day)
    GROUP BY st.barber_id, st.location_id
  ),
  away AS (
    SELECT st.barber_id, range_agg(tstzrange(t.starts_at, t.ends_at)) AS off
    FROM staff st
    JOIN time_off t ON t.franchise_id = ${q.franchiseId} AND t.barber_id = st.barber_id
      AND t.starts_at < st.period_end AND t.ends_at > st.period_start
    GROUP BY st.barber_id
  ),
  per_barber AS (
    SELECT sh.location_id, sh.barber_id,
      ${minutesOf(sql`sh.scheduled`)} AS scheduled_minutes,
      ${minutesOf(sql`sh.scheduled * coalesce(aw.off, '{}'::tstzmultirange)`)} AS time_off_minutes
    FROM shifts sh LEFT JOIN away aw ON aw.barber_id = sh.barber_id
  )
  SELECT GROUPING(location_id, barber_id)::int AS level, location_id, barber_id,
    coalesce(sum(scheduled_minutes), 0)::float8 AS scheduled_minutes,
    coalesce(sum(time_off_minutes), 0)::float8 AS time_off_minutes,
    coalesce(sum(scheduled_minutes - time_off_minutes), 0)::float8 AS working_minutes
  FROM per_barber
  GROUP BY GROUPING SETS ((location_id, barber_id), (location_id), ())`;
}

export async function aggregateHours(db: Kysely<ShardDatabase>, q: AnalyticsQuery): Promise<readonly HoursRow[]> {
  return (await hoursQuery(q).execute(db)).rows;
}
