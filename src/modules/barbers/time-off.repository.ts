import type { Kysely, Selectable } from 'kysely';
import type { ShardDatabase, TimeOffTable } from '../../db/shard-schema.js';

export type TimeOffRow = Selectable<TimeOffTable>;

export async function insertTimeOff(
  db: Kysely<ShardDatabase>,
  entry: { readonly franchiseId: string; readonly id: string; readonly barberId: string; readonly start: Date; readonly end: Date; readonly reason: string | null },
): Promise<TimeOffRow> {
  return db
    .insertInto('time_off')
    .values({ franchise_id: entry.franchiseId, id: entry.id, barber_id: entry.barberId, starts_at: entry.start, ends_at: entry.end, reason: entry.reason })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Time off of one barber that overlaps [from, to); either bound may be open. */
export async function listTimeOff(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  barberId: string,
  range: { readonly from?: Date | undefined; readonly to?: Date | undefined },
): Promise<TimeOffRow[]> {
  let query = db.selectFrom('time_off').selectAll().where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId);
  if (range.from) query = query.where('ends_at', '>', range.from);
  if (range.to) query = query.where('starts_at', '<', range.to);
  return query.orderBy('starts_at').orderBy('id').limit(1000).execute();
}

export async function findTimeOff(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, timeOffId: string): Promise<TimeOffRow | undefined> {
  return db
    .selectFrom('time_off')
    .selectAll()
    .where('franchise_id', '=', franchiseId)
    .where('barber_id', '=', barberId)
    .where('id', '=', timeOffId)
    .executeTakeFirst();
}

export async function deleteTimeOff(db: Kysely<ShardDatabase>, franchiseId: string, timeOffId: string): Promise<void> {
  await db.deleteFrom('time_off').where('franchise_id', '=', franchiseId).where('id', '=', timeOffId).execute();
}

/** Appointments still expected to happen (booked or checked in) that overlap the time off. */
export async function countConflictingAppointments(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, start: Date, end: Date): Promise<number> {
  const row = await db
    .selectFrom('appointments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('franchise_id', '=', franchiseId)
    .where('barber_id', '=', barberId)
    .where('status', 'in', ['booked', 'checked_in'])
    .where('starts_at', '<', end)
    .where('ends_at', '>', start)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
