import { sql } from 'kysely';

/**
 * The weekly hours of the barber aliased `b` in the surrounding query, as a
 * JSON array of [weekday, start, end]: what the slot engine reads. Shared by
 * the availability window and the location page.
 */
export const weeklyHoursOfB = sql<[number, string, string][]>`(
  SELECT coalesce(json_agg(json_build_array(w.weekday, w.start_time, w.end_time)), '[]')
  FROM weekly_hours w WHERE w.franchise_id = b.franchise_id AND w.barber_id = b.id)`;
