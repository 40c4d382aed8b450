import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { AppointmentStatus, ShardDatabase } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/** An appointment with what a calendar or a manage page shows next to it. */
export interface AppointmentRecord {
  readonly id: string;
  readonly franchiseId: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly serviceId: string;
  readonly clientId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly blockedUntil: Date;
  readonly status: AppointmentStatus;
  readonly priceCents: number;
  readonly depositCents: number;
  readonly currency: string;
  readonly notes: string | null;
  readonly source: 'online' | 'staff' | 'import';
  readonly createdAt: Date;
  readonly cancelledAt: Date | null;
  readonly locationSlug: string;
  readonly locationName: string;
  readonly timezone: string;
  readonly cancellationWindowHours: number;
  readonly barberName: string;
  readonly serviceName: string;
  readonly clientName: string;
  readonly clientEmail: string;
  readonly clientPhone: string | null;
}

function records(db: Db, franchiseId: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('locations as l', (join) => join.onRef('l.franchise_id', '=', 'a.franchise_id').onRef('l.id', '=', 'a.location_id'))
    .innerJoin('barbers as b', (join) => join.onRef('b.franchise_id', '=', 'a.franchise_id').onRef('b.id', '=', 'a.barber_id'))
    .innerJoin('services as s', (join) => join.onRef('s.franchise_id', '=', 'a.franchise_id').onRef('s.id', '=', 'a.service_id'))
    .innerJoin('clients as c', (join) => join.onRef('c.franchise_id', '=', 'a.franchise_id').onRef('c.id', '=', 'a.client_id'))
    .where('a.franchise_id', '=', franchiseId)
    .select([
      'a.id',
      'a.franchise_id as franchiseId',
      'a.location_id as locationId',
      'a.barber_id as barberId',
      'a.service_id as serviceId',
      'a.client_id as clientId',
      'a.starts_at as startsAt',
      'a.ends_at as endsAt',
      'a.blocked_until as blockedUntil',
      'a.status',
      'a.price_cents as priceCents',
      'a.deposit_cents as depositCents',
      'a.currency',
      'a.notes',
      'a.source',
      'a.created_at as createdAt',
      'a.cancelled_at as cancelledAt',
      'l.slug as locationSlug',
      'l.name as locationName',
      'l.timezone',
      'l.cancellation_window_hours as cancellationWindowHours',
      'b.name as barberName',
      's.name as serviceName',
      'c.name as clientName',
      'c.email as clientEmail',
      'c.phone as clientPhone',
    ]);
}

/** One appointment; `forUpdate` locks its row until the transaction ends (status changes, moves). */
/**
 * forUpdate locks the appointment row alone first, then reads the joined
 * record: a FOR UPDATE across joins that waits for a concurrent change
 * rechecks the new row against the old joined rows, and a booking moved to
 * another barber would vanish from the answer (a false 404).
 */
export async function findAppointment(db: Db, franchiseId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<AppointmentRecord | undefined> {
  if (options.forUpdate === true) {
    const locked = await db.selectFrom('appointments').select('id').where('franchise_id', '=', franchiseId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
  }
  return records(db, franchiseId).where('a.id', '=', id).executeTakeFirst();
}

export interface CalendarFilter {
  readonly franchiseId: string;
  readonly from: CalendarBound;
  readonly to: CalendarBound;
  /** null: every location of the franchise. */
  readonly locationIds: readonly string[] | null;
  readonly barberId: string | null;
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
  let query = records(db, filter.franchiseId);
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
  return query.orderBy('a.starts_at').orderBy('a.id').limit(filter.limit).execute();
}

export async function setStatus(db: Db, franchiseId: string, id: string, status: AppointmentStatus, now: Date): Promise<void> {
  await db
    .updateTable('appointments')
    .set({ status, updated_at: now, ...(status === 'cancelled' && { cancelled_at: now }) })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .execute();
}

export async function locationExists(db: Db, franchiseId: string, locationId: string): Promise<boolean> {
  const row = await db.selectFrom('locations').select('id').where('franchise_id', '=', franchiseId).where('id', '=', locationId).executeTakeFirst();
  return row !== undefined;
}

export async function barberExists(db: Db, franchiseId: string, barberId: string): Promise<boolean> {
  const row = await db.selectFrom('barbers').select('id').where('franchise_id', '=', franchiseId).where('id', '=', barberId).executeTakeFirst();
  return row !== undefined;
}
