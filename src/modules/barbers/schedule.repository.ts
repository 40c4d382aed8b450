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

export async function replaceWeeklyHours(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, weekly: readonly WeeklyInterval[]): Promise<void> {
  await db.deleteFrom('weekly_hours').where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId).execute();
  if (weekly.length === 0) return;
  await db
    .insertInto('weekly_hours')
    .values(weekly.map((w) => ({ franchise_id: franchiseId, id: newId(), barber_id: barberId, weekday: w.weekday, start_time: w.start, end_time: w.end })))
    .execute();
}

