import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { appointmentRecords } from '../../shared/appointment-records.repository.js';
import type { AppointmentRecord } from '../../shared/appointment-records.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface CalendarFilter {
  readonly franchiseId: string;
  readonly from: CalendarBound;
  readonly to: CalendarBound;
  /** null: every location of the franchise. */
  readonly locationIds: readonly string[] | null;
  readonly barberId: string | null;
  /** null: every barber; else only these columns (a barber member's own). */
  readonly barberIds?: readonly string[] | null;
  readonly limit: number;
}

/** An instant, or a calendar date read in each appointment's own location zone. */
export type CalendarBound = { readonly instant: Date } | { readonly date: string };

const DAY = 86_400_000;
// Zone offsets lie within −12…+14 h: a coarse UTC range around a local date lets the
// (franchise_id, location_id, starts_at) index do the work before the exact zone test.
const WIDEST_OFFSET = 15 * 3_600_000;

/** The staff calendar: appointments starting in [from, to), oldest first. */
export async function listCalendar(db: Db, filter: CalendarFilter): Promise<AppointmentRecord[]> {
  let query = appointmentRecords(db, filter.franchiseId);
  if ('instant' in filter.from) query = query.where('a.starts_at', '>=', filter.from.instant);
  else {
    query = query
      .where('a.starts_at', '>=', new Date(Date.parse(filter.from.date) - WIDEST_OFFSET))
      .where(sql<boolean>`a.starts_at >= (${filter.from.date}::date::timestamp AT TIME ZONE l.timezone)`);
  }
  if ('instant' in filter.to) query = query.where('a.starts_at', '<', filter.to.instant);
  else {
    // A date `to` includes that whole day.
    query = query
      .where('a.starts_at', '<', new Date(Date.parse(filter.to.date) + DAY + WIDEST_OFFSET))
      .where(sql<boolean>`a.starts_at < ((${filter.to.date}::date + 1)::timestamp AT TIME ZONE l.timezone)`);
  }
  if (filter.locationIds !== null) {
    if (filter.locationIds.length === 0) return [];
    query = query.where('a.location_id', 'in', [...filter.locationIds]);
  }
  if (filter.barberId !== null) query = query.where('a.barber_id', '=', filter.barberId);
  if (filter.barberIds) {
    if (filter.barberIds.length === 0) return [];
    query = query.where('a.barber_id', 'in', [...filter.barberIds]);
  }
  return query.orderBy('a.starts_at').orderBy('a.id').limit(filter.limit).execute();
}

export async function locationExists(db: Db, franchiseId: string, locationId: string): Promise<boolean> {
  const row = await db.selectFrom('locations').select('id').where('franchise_id', '=', franchiseId).where('id', '=', locationId).executeTakeFirst();
  return row !== undefined;
}

export async function barberExists(db: Db, franchiseId: string, barberId: string): Promise<boolean> {
  const row = await db.selectFrom('barbers').select('id').where('franchise_id', '=', franchiseId).where('id', '=', barberId).executeTakeFirst();
  return row !== undefined;
}

/** The barber rows (columns) tied to this account: what a barber member sees and acts on. */
export async function barberIdsOfUser(db: Db, franchiseId: string, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('barbers').select('id').where('franchise_id', '=', franchiseId).where('user_id', '=', userId).execute();
  return rows.map((row) => row.id);
}
