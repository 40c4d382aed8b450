import { sql } from 'kysely';
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

export async function listBarberServiceIds(db: Kysely<ShardDatabase>, franchiseId: string, barberIds: readonly string[]): Promise<Map<string, string[]>> {
  const byBarber = new Map<string, string[]>(barberIds.map((id) => [id, []]));
  if (barberIds.length === 0) return byBarber;
  const rows = await db
    .selectFrom('barber_services as bs')
    .innerJoin('services as s', (join) => join.onRef('s.franchise_id', '=', 'bs.franchise_id').onRef('s.id', '=', 'bs.service_id'))
    .select(['bs.barber_id', 'bs.service_id'])
    .where('bs.franchise_id', '=', franchiseId)
    .where('bs.barber_id', 'in', barberIds)
    .orderBy('s.sort_order')
    .orderBy('s.id')
    .execute();
  for (const row of rows) byBarber.get(row.barber_id)?.push(row.service_id);
  return byBarber;
}

export async function replaceWeeklyHours(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, weekly: readonly WeeklyInterval[]): Promise<void> {
  await db.deleteFrom('weekly_hours').where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId).execute();
  if (weekly.length === 0) return;
  await db
    .insertInto('weekly_hours')
    .values(weekly.map((w) => ({ franchise_id: franchiseId, id: newId(), barber_id: barberId, weekday: w.weekday, start_time: w.start, end_time: w.end })))
    .execute();
}

export async function replaceBarberServices(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, serviceIds: readonly string[]): Promise<void> {
  await db.deleteFrom('barber_services').where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId).execute();
  await addBarberServices(db, franchiseId, serviceIds.map((serviceId) => ({ barberId, serviceId })));
}

export async function addBarberServices(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  pairs: readonly { readonly barberId: string; readonly serviceId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await db
    .insertInto('barber_services')
    .values(pairs.map((p) => ({ franchise_id: franchiseId, barber_id: p.barberId, service_id: p.serviceId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The weekly hours of the barber aliased `b` in the surrounding query, as a
 * JSON array of [weekday, start, end]: what the slot engine reads. Shared by
 * the availability window and the location page.
 */
export const weeklyHoursOfB = sql<[number, string, string][]>`(
  SELECT coalesce(json_agg(json_build_array(w.weekday, w.start_time, w.end_time)), '[]')
  FROM weekly_hours w WHERE w.franchise_id = b.franchise_id AND w.barber_id = b.id)`;
