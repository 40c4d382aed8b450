import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { newId } from '../../db/ids.js';
import type { WeeklyInterval } from './schedule-rules.js';

/** Weekly hours per barber, as 'HH:MM' wall-clock times, ordered by weekday and start. */
export async function listWeeklyHours(db: Kysely<ShardDatabase>, franchiseId: string, barberIds: readonly string[]): Promise<Map<string, WeeklyInterval[]>> {
  const byBarber = new Map<string, WeeklyInterval[]>(barberIds.map((id) => [id, []]));
  if (barberIds.length === 0) return byBarber;
  const rows = await db
    .selectFrom('weekly_hours')
    .select(['barber_id', 'weekday', 'start_time', 'end_time'])
    .where('franchise_id', '=', franchiseId)
    .where('barber_id', 'in', barberIds)
    .orderBy('weekday')
    .orderBy('start_time')
    .execute();
  for (const row of rows) {
    byBarber.get(row.barber_id)?.push({ weekday: row.weekday, start: row.start_time.slice(0, 5), end: row.end_time.slice(0, 5) });
  }
  return byBarber;
}

/**
 * Replaces the current hours and records them as the version in force from
 * `effectiveFrom` (a local date). Versions after that date are dropped: the
 * new hours hold from then on. Earlier versions stay, so past numbers keep
 * the hours that were in force then.
 */
export async function replaceWeeklyHours(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  barberId: string,
  weekly: readonly WeeklyInterval[],
  effectiveFrom: string,
): Promise<void> {
  await recordHoursVersion(db, franchiseId, barberId, weekly, effectiveFrom);
  await db.deleteFrom('weekly_hours').where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId).execute();
  if (weekly.length === 0) return;
  await db
    .insertInto('weekly_hours')
    .values(weekly.map((w) => ({ franchise_id: franchiseId, id: newId(), barber_id: barberId, weekday: w.weekday, start_time: w.start, end_time: w.end })))
    .execute();
}

export async function locationTimezone(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string): Promise<string> {
  const row = await db.selectFrom('locations').select('timezone').where('franchise_id', '=', franchiseId).where('id', '=', locationId).executeTakeFirstOrThrow();
  return row.timezone;
}

/**
 * The hours in force from `effectiveFrom` on, in the history only (the numbers
 * read it); later versions are dropped, since these hold from then on.
 */
export async function recordHoursVersion(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  barberId: string,
  weekly: readonly WeeklyInterval[],
  effectiveFrom: string,
): Promise<void> {
  await db.deleteFrom('weekly_hours_versions').where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId).where('effective_from', '>', effectiveFrom).execute();
  const hours = JSON.stringify(weekly.map((w) => ({ weekday: w.weekday, start: w.start, end: w.end })));
  await db
    .insertInto('weekly_hours_versions')
    .values({ franchise_id: franchiseId, barber_id: barberId, effective_from: effectiveFrom, hours })
    .onConflict((oc) => oc.columns(['franchise_id', 'barber_id', 'effective_from']).doUpdateSet({ hours }))
    .execute();
}
